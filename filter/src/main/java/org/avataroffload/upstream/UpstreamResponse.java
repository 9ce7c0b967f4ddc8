package org.avataroffload.upstream;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the forum answered, read whole: status, end-to-end headers in the order received (repeated names kept,
 * hop-by-hop ones already dropped), and the body bytes as sent.
 *
 * <p>The body array is not copied (it can be megabytes): treat it as read-only.
 */
public record UpstreamResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public UpstreamResponse {
        if (status < 100 || status > 999) throw new IllegalArgumentException("status must be 100..999, got " + status);
        headers = headers.stream()
                .map(e -> (Map.Entry<String, String>) new SimpleImmutableEntry<>(
                        Objects.requireNonNull(e.getKey(), "header name"),
                        Objects.requireNonNull(e.getValue(), "header value")))
                .toList();
        Objects.requireNonNull(body, "body");
    }

    /** The first value of the named header, compared without case. */
    public Optional<String> header(String name) {
        return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** Every value of the named header, in the order received, compared without case. */
    public List<String> headers(String name) {
        return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    // A record compares arrays by identity; a response is a value, so compare the bytes.
    @Override
    public boolean equals(Object other) {
        return other instanceof UpstreamResponse that
                && status == that.status && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "UpstreamResponse[status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}

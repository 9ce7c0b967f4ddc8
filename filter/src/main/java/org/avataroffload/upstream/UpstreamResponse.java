package org.avataroffload.upstream;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PLACEHOLDER until the forum client lands. */
public record UpstreamResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }
}

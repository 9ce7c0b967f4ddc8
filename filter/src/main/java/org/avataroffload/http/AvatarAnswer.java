package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.avataroffload.avatar.Avatar;

/**
 * The proxy's answer with one size of an avatar, decided without any server API: status, headers and body, from the
 * request's method and conditional headers. The servlet filter and the standalone server's fast path for hits both
 * write it, so the two can never answer differently.
 *
 * @param body the bytes to send, empty for HEAD, 304 and 412
 */
public record AvatarAnswer(int status, List<Map.Entry<String, String>> headers, Optional<byte[]> body) {

    /**
     * @param method          the request's method (GET or HEAD)
     * @param requestHeader   the request's header of that name, or null
     * @param variesByAccept  the route negotiates WebP: caches in front must key on Accept
     */
    public static AvatarAnswer of(String method, UnaryOperator<String> requestHeader, Avatar avatar, String tier,
                                  boolean variesByAccept) {
        Preconditions.Conditions conditions = new Preconditions.Conditions(requestHeader.apply("If-Match"),
                requestHeader.apply("If-Unmodified-Since"), requestHeader.apply("If-None-Match"),
                requestHeader.apply("If-Modified-Since"));
        Preconditions.Result result = Preconditions.evaluate(method, conditions, avatar.etag(), avatar.lastModified());
        List<Map.Entry<String, String>> headers = new ArrayList<>(10);
        if (variesByAccept) headers.add(Map.entry("Vary", "Accept"));
        if (result == Preconditions.Result.PRECONDITION_FAILED) {
            headers.add(Map.entry("Content-Length", "0"));
            return new AvatarAnswer(412, headers, Optional.empty());
        }
        headers.add(Map.entry("Cache-Control", AvatarResponses.CACHE_FOREVER));
        headers.add(Map.entry("ETag", avatar.etag()));
        headers.add(Map.entry("Last-Modified", AvatarResponses.HTTP_DATE.format(avatar.lastModified())));
        headers.add(Map.entry("Access-Control-Allow-Origin", "*"));
        headers.add(Map.entry(AvatarResponses.TIER_HEADER, tier));
        // the bytes are what Content-Type says (sniffed, or made here): a browser must not guess otherwise
        headers.add(Map.entry("X-Content-Type-Options", "nosniff"));
        if (result == Preconditions.Result.NOT_MODIFIED) return new AvatarAnswer(304, headers, Optional.empty());
        headers.add(Map.entry("Content-Type", avatar.contentType()));
        headers.add(Map.entry("Content-Length", Integer.toString(avatar.bytes().length)));
        return new AvatarAnswer(200, headers, "HEAD".equals(method) ? Optional.empty() : Optional.of(avatar.bytes()));
    }
}

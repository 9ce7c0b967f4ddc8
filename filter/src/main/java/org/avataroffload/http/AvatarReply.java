package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.avataroffload.avatar.Avatar;
import org.avataroffload.outcome.Tier;

/**
 * The proxy's answer with one size of an avatar, decided without any server API: status, headers and body, from the
 * request's method and conditional headers. The servlet filter and the standalone server's fast path for hits both
 * write it, so the two can never answer differently.
 *
 * @param body the bytes to send, empty for HEAD, 304 and 412
 */
public record AvatarReply(int status, List<Map.Entry<String, String>> headers, Optional<byte[]> body) {

    /**
     * @param method          the request's method (GET or HEAD)
     * @param requestHeader   the request's header of that name, or null
     * @param variesByAccept  the route negotiates WebP: caches in front must key on Accept
     */
    public static AvatarReply of(String method, UnaryOperator<String> requestHeader, Avatar avatar, Tier tier,
                                  boolean variesByAccept) {
        Preconditions.Conditions conditions = new Preconditions.Conditions(requestHeader.apply("If-Match"),
                requestHeader.apply("If-Unmodified-Since"), requestHeader.apply("If-None-Match"),
                requestHeader.apply("If-Modified-Since"));
        Preconditions.Result result = Preconditions.evaluate(method, conditions, avatar.etag(), avatar.lastModified());
        List<Map.Entry<String, String>> headers = new ArrayList<>(10);
        if (variesByAccept) headers.add(Map.entry("Vary", "Accept"));
        if (result == Preconditions.Result.PRECONDITION_FAILED) {
            headers.add(Map.entry("Content-Length", "0"));
            return new AvatarReply(412, headers, Optional.empty());
        }
        headers.add(Map.entry("Cache-Control", AvatarResponses.CACHE_FOREVER));
        headers.add(Map.entry("ETag", avatar.etag()));
        headers.add(Map.entry("Last-Modified", AvatarResponses.HTTP_DATE.format(avatar.lastModified())));
        headers.add(Map.entry("Access-Control-Allow-Origin", "*"));
        headers.add(Map.entry(AvatarResponses.TIER_HEADER, tier.label()));
        // the bytes are what Content-Type says (sniffed, or made here): a browser must not guess otherwise
        headers.add(Map.entry("X-Content-Type-Options", "nosniff"));
        if (result == Preconditions.Result.NOT_MODIFIED) return new AvatarReply(304, headers, Optional.empty());
        headers.add(Map.entry("Content-Type", avatar.contentType()));
        headers.add(Map.entry("Content-Length", Integer.toString(avatar.bytes().length)));
        return new AvatarReply(200, headers, "HEAD".equals(method) ? Optional.empty() : Optional.of(avatar.bytes()));
    }
}

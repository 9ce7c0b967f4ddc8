package org.avataroffload.http;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.avatar.Avatar;
import org.avataroffload.outcome.Tier;
import org.avataroffload.upstream.UpstreamResponse;

/** Writes the proxy's own answers: an avatar (200/304/412, HEAD without body), a redirect, a relayed forum answer. */
final class AvatarResponses {
    /** Discourse's own value: a CDN keeps an avatar a year. */
    static final String CACHE_FOREVER = "max-age=31556952, public, immutable";
    static final String TIER_HEADER = "X-Avatar-Offload";
    static final String REDIRECT_CACHE_CONTROL = "max-age=3600, public, immutable, stale-while-revalidate=86400";
    /** RFC 9110's IMF-fixdate: always two-digit days, which RFC_1123_DATE_TIME does not give. */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private AvatarResponses() {
    }

    static void avatar(HttpServletRequest clientRequest, HttpServletResponse clientResponse, Avatar avatar, Tier tier,
                       boolean variesByAccept) throws IOException {
        AvatarReply reply = AvatarReply.of(clientRequest.getMethod(), clientRequest::getHeader, avatar, tier,
                variesByAccept);
        clientResponse.setStatus(reply.status());
        for (Map.Entry<String, String> header : reply.headers()) clientResponse.setHeader(header.getKey(), header.getValue());
        if (reply.body().isPresent()) clientResponse.getOutputStream().write(reply.body().get());
    }

    static void redirect(HttpServletRequest clientRequest, HttpServletResponse clientResponse, String path) {
        String query = clientRequest.getQueryString();
        // relative, like the forum's own redirect: the client keeps its scheme and host whatever proxies stand between
        clientResponse.setStatus(HttpServletResponse.SC_FOUND);
        clientResponse.setHeader("Location", clientRequest.getContextPath() + path + (query == null ? "" : "?" + query));
        clientResponse.setHeader("Access-Control-Allow-Origin", "*");
        clientResponse.setContentLength(0);
    }

    /**
     * The forum's answer to this very URL, as it came (the forum client already dropped hop-by-hop headers). The first
     * header of a name replaces what the container put there (Date, Server); later ones are added.
     */
    static void relay(HttpServletRequest clientRequest, HttpServletResponse clientResponse, UpstreamResponse upstreamResponse)
            throws IOException {
        clientResponse.setStatus(upstreamResponse.status());
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : upstreamResponse.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) continue; // set from the body below
            if (seen.add(name)) {
                clientResponse.setHeader(header.getKey(), header.getValue());
            } else {
                clientResponse.addHeader(header.getKey(), header.getValue());
            }
        }
        clientResponse.setContentLength(upstreamResponse.body().length);
        if (!"HEAD".equals(clientRequest.getMethod())) clientResponse.getOutputStream().write(upstreamResponse.body());
    }

    /**
     * Redirect mode: the bytes are the store's (or its CDN's) to send. The Cache-Control is the one Discourse uses for
     * its own {@code redirect_avatar_requests}: the redirect may be kept an hour, the bytes behind it a year.
     */
    static void toStore(HttpServletResponse clientResponse, String location) {
        clientResponse.setStatus(HttpServletResponse.SC_FOUND);
        clientResponse.setHeader("Location", location);
        clientResponse.setHeader("Cache-Control", REDIRECT_CACHE_CONTROL);
        clientResponse.setHeader("Access-Control-Allow-Origin", "*");
        clientResponse.setContentLength(0);
    }

    static void busy(HttpServletResponse clientResponse) {
        clientResponse.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        clientResponse.setHeader("Retry-After", "1");
        clientResponse.setHeader("Cache-Control", "no-store");
        clientResponse.setContentLength(0);
    }
}

package org.avataroffload.standalone;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.avatar.MasterPolicy;
import org.avataroffload.config.ConfigView;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.route.Routes;
import org.avataroffload.upstream.JettyForum;
import org.avataroffload.upstream.UpstreamException;
import org.avataroffload.upstream.UpstreamResponse;

/**
 * {@code check-config}'s forum checks, through {@link JettyForum}, the client serve's read-through fetches masters
 * with: any {@code upstream.url} serve can reach, check-config reaches the same way.
 */
final class ForumCheck implements AutoCloseable {
    private static final String USER_AGENT = "avatar-offload check-config";

    private final String base;
    private final JettyForum forum;

    private ForumCheck(String base, JettyForum forum) {
        this.base = base;
        this.forum = forum;
    }

    /** The forum's client, started; the caller closes it. */
    static ForumCheck open(OffloadConfig config) {
        JettyForum forum = new JettyForum(config.upstream(), config.images().maxBytes());
        forum.start();
        return new ForumCheck(shown(config.upstream().url().orElseThrow()), forum);
    }

    /** A GET of the forum's base URL; redirects are reported, not followed. Any answer below 500 means it is there. */
    DependencyCheck reachable() {
        long start = System.nanoTime();
        String target = base + "/";
        try {
            UpstreamResponse response = forum.fetch("/", List.of(Map.entry("User-Agent", USER_AGENT)));
            String found = "GET answered HTTP " + response.status();
            if (response.status() / 100 == 3 && response.header("Location").isPresent()) {
                found += " (redirect not followed)";
            }
            return response.status() < 500
                    ? DependencyCheck.ok("upstream", target, found, start)
                    : DependencyCheck.fail("upstream", target, found, start);
        } catch (UpstreamException e) {
            // a front page over image.maxBytes is still an answer
            if (e.isTooLarge()) return DependencyCheck.ok("upstream", target, "GET answered (" + e.getMessage() + ")", start);
            return DependencyCheck.fail("upstream", target, "GET failed: " + why(e), start);
        } catch (RuntimeException e) {
            // a URL the client refuses: a finding of this check like any other
            return DependencyCheck.fail("upstream", target, "GET failed: " + DependencyCheck.reason(e), start);
        }
    }

    /**
     * Matches an avatar URL path to a route and fetches the route's source URL for it, as a miss would: OK when the
     * forum answers with a master by {@link MasterPolicy}, FAIL with what it answered instead.
     */
    DependencyCheck sample(Routes routes, String sample) {
        long start = System.nanoTime();
        String rawPath = rawPath(sample);
        Optional<AvatarRequest> matched = routes.match(rawPath, null);
        if (matched.isEmpty()) {
            return DependencyCheck.fail("sample", rawPath, "matches no route: serve passes it to the forum", start);
        }
        AvatarRequest request = matched.get();
        String source = request.route().sourcePath(request);
        String route = "route " + request.route().name() + ": ";
        try {
            UpstreamResponse response = forum.fetch(source,
                    List.of(Map.entry("User-Agent", USER_AGENT), Map.entry("Accept", "image/*")));
            if (MasterPolicy.isMaster(response)) {
                return DependencyCheck.ok("sample", base + source, route + "a master: " + described(response), start);
            }
            return DependencyCheck.fail("sample", base + source, route + "not a master: " + described(response)
                    + "; serve passes this avatar to the forum", start);
        } catch (UpstreamException e) {
            return DependencyCheck.fail("sample", base + source, route + "GET failed: " + why(e), start);
        } catch (RuntimeException e) {
            return DependencyCheck.fail("sample", base + source, route + "GET failed: " + DependencyCheck.reason(e), start);
        }
    }

    /** The path of a sample given as a path (its query dropped) or as a whole URL, as the routes match it. */
    private static String rawPath(String sample) {
        int query = sample.indexOf('?');
        String withoutQuery = query < 0 ? sample : sample.substring(0, query);
        if (withoutQuery.startsWith("/")) return withoutQuery;
        try {
            return Optional.ofNullable(URI.create(withoutQuery).getRawPath()).orElse(withoutQuery);
        } catch (IllegalArgumentException e) {
            return withoutQuery; // matches no route, and is reported so
        }
    }

    /** Status, format, size and lifetime: what MasterPolicy judges. */
    private static String described(UpstreamResponse response) {
        StringBuilder text = new StringBuilder("HTTP ").append(response.status());
        response.header("Location").filter(l -> response.status() / 100 == 3).ifPresent(l -> text.append(" to ").append(l));
        Optional<ImageFormat> format = ImageFormat.sniff(response.body());
        text.append(", ").append(format.map(ImageFormat::name)
                .orElse("not an image (" + response.header("Content-Type").orElse("no Content-Type") + ")"));
        text.append(", ").append(response.body().length).append(" bytes");
        String cacheControl = response.header("Cache-Control").orElse("");
        text.append(", Cache-Control: ").append(cacheControl.isEmpty() ? "(none)" : cacheControl);
        if (response.status() == 200 && format.isPresent() && !MasterPolicy.isMaster(response)) {
            text.append(" (short-lived, as the forum's blank avatar is)");
        }
        return text.toString();
    }

    /** The client's message and the cause under it, e.g. "the forum could not be reached (Connection refused)". */
    private static String why(UpstreamException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == e ? e.getMessage() : e.getMessage() + " (" + DependencyCheck.reason(root) + ")";
    }

    /** The base URL as the checks show it: secrets hidden; a URL without a host (a unix socket) as written. */
    private static String shown(URI url) {
        if (url.getHost() == null) return url.toString();
        String text = ConfigView.url(url);
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() {
        forum.close();
    }
}

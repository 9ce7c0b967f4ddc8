package org.avataroffload.route;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.avataroffload.config.RouteConfig;

/**
 * Maps a file's path, relative to an import directory, to a route's key values: {@code {hostname}/{username}/{version}.{ext}}
 * reads {@code forum.example.com/sam/42_2.png} as hostname, username and version. It is matched as a route's URL
 * template is (a placeholder never spans a '/', and ends where the next literal of its segment begins), except that
 * {@code {ext}}, allowed only at the very end after a '.', takes whatever follows the file name's last '.'.
 */
public final class KeyPattern {
    /** The placeholder that stands for any file extension. */
    public static final String EXT = "ext";
    private static final String EXT_SUFFIX = ".{" + EXT + "}";

    private final String pattern;
    private final RouteTemplate template;
    private final boolean anyExtension;

    private KeyPattern(String pattern, RouteTemplate template, boolean anyExtension) {
        this.pattern = pattern;
        this.template = template;
        this.anyExtension = anyExtension;
    }

    /**
     * @throws IllegalArgumentException when the pattern does not name exactly the route's key placeholders (plus an
     *                                  optional trailing {@code .{ext}}), or two placeholders touch
     */
    public static KeyPattern parse(String pattern, Route route) {
        if (pattern == null || pattern.isEmpty()) throw new IllegalArgumentException("the key pattern is empty");
        if (pattern.startsWith("/")) throw new IllegalArgumentException("the key pattern is relative to the directory: "
                + "it must not start with '/'");
        boolean anyExtension = pattern.endsWith(EXT_SUFFIX);
        String body = anyExtension ? pattern.substring(0, pattern.length() - EXT_SUFFIX.length()) : pattern;
        List<String> names = RouteConfig.matchablePlaceholders(body);
        if (names.contains(EXT)) throw new IllegalArgumentException("{ext} may only end the pattern, as in {name}.{ext}");
        Set<String> expected = new HashSet<>(route.keyPlaceholders());
        if (names.size() != new HashSet<>(names).size()) {
            throw new IllegalArgumentException("the key pattern repeats a placeholder: " + pattern);
        }
        if (!new HashSet<>(names).equals(expected)) {
            throw new IllegalArgumentException("the key pattern " + pattern + " must name exactly the placeholders of route "
                    + route.name() + "'s key " + route.keyPlaceholders() + " (and may end in .{ext}), not " + names);
        }
        return new KeyPattern(pattern, RouteTemplate.parse(body), anyExtension);
    }

    /** The key values a relative path ('/'-separated) names, as text; empty when the path does not fit. */
    public Optional<Map<String, String>> match(String relativePath) {
        String path = relativePath;
        if (anyExtension) {
            int slash = path.lastIndexOf('/');
            int dot = path.lastIndexOf('.');
            if (dot <= slash + 1 || dot == path.length() - 1) return Optional.empty(); // no extension, or a dot file
            path = path.substring(0, dot);
        }
        return template.match(path);
    }

    @Override
    public String toString() {
        return pattern;
    }
}

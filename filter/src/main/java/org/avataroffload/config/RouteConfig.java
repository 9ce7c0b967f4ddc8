package org.avataroffload.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One avatar URL form.
 *
 * @param name   names the route in the store layout and in metrics ({@code masters/<name>/<key>})
 * @param path   the URL template, e.g. {@code /user_avatar/{hostname}/{username}/{size}/{version}.png}
 * @param key    which placeholders name the master, e.g. {@code {hostname}/{username}/{version}}
 * @param sizes  the allowed sizes, each within 8..1000, in the forum's order
 * @param source the forum path that yields the master; its {@code {size}} is the largest allowed size
 * @param values what each placeholder's value may be ({@link ValueKind}); a placeholder not named is {@code TEXT}
 * @param format what the sizes are encoded as
 * @param quality quality of JPEG and WebP output, overriding {@code images.jpegQuality}
 * @param negotiateWebp answer WebP to clients whose {@code Accept} names it, with {@code Vary: Accept}
 * @param redirect base URL (the bucket's website or accelerate endpoint, or a CDN in front of the bucket): the proxy
 *                 makes sure the size is in the store and answers 302 to {@code <redirect>/<derived key>}
 */
public record RouteConfig(String name, String path, String key, List<Integer> sizes, String source,
                          Map<String, ValueKind> values, OutputFormat format, OptionalInt quality, boolean negotiateWebp,
                          Optional<URI> redirect) {
    public static final int MIN_SIZE = 8;
    public static final int MAX_SIZE = 1000;
    public static final String SIZE = "size";
    public static final OutputFormat DEFAULT_FORMAT = OutputFormat.SOURCE;
    /** What a placeholder that {@code values} does not name may hold. */
    public static final ValueKind DEFAULT_KIND = ValueKind.TEXT;

    public RouteConfig {
        if (name == null || !name.matches("[a-z0-9_][a-z0-9_-]{0,63}")) {
            throw new InvalidFieldException("name", "must match [a-z0-9_][a-z0-9_-]* (at most 64), got " + name);
        }
        if (sizes == null || sizes.isEmpty()) throw new InvalidFieldException("sizes", "must not be empty");
        sizes = List.copyOf(sizes);
        for (int size : sizes) {
            if (size < MIN_SIZE || size > MAX_SIZE) {
                throw new InvalidFieldException("sizes", "size " + size + " is outside " + MIN_SIZE + ".." + MAX_SIZE);
            }
        }
        if (new HashSet<>(sizes).size() != sizes.size()) throw new InvalidFieldException("sizes", "repeat a value");

        if (path == null || !path.startsWith("/")) throw new InvalidFieldException("path", "must start with '/'");
        List<String> inPath = matchablePlaceholders(path);
        if (!inPath.contains(SIZE)) throw new InvalidFieldException("path", "must contain {size}");
        if (new HashSet<>(inPath).size() != inPath.size()) {
            throw new InvalidFieldException("path", "repeats a placeholder");
        }

        List<String> inKey = placeholders(key);
        if (inKey.isEmpty()) throw new InvalidFieldException("key", "must name at least one placeholder");
        if (inKey.contains(SIZE)) {
            throw new InvalidFieldException("key", "must not contain {size}: a master serves every size");
        }
        requireSubset("key", inKey, inPath);
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new InvalidFieldException("key", "must be a relative path without empty segments");
        }

        if (source == null || !source.startsWith("/")) throw new InvalidFieldException("source", "must start with '/'");
        requireSubset("source", placeholders(source), inPath);

        values = Map.copyOf(values);
        if (values.containsKey(SIZE)) {
            throw new InvalidFieldException("values", "must not name {size}: it is always digits");
        }
        requireSubset("values", List.copyOf(values.keySet()), inPath);
        Objects.requireNonNull(format, "format");
        quality.ifPresent(q -> {
            if (q < 1 || q > 100) throw new InvalidFieldException("quality", "must be 1..100, got " + q);
        });
        redirect.ifPresent(base -> {
            boolean http = "http".equals(base.getScheme()) || "https".equals(base.getScheme());
            if (!http || base.getHost() == null || base.getQuery() != null || base.getFragment() != null) {
                throw new InvalidFieldException("redirect", "must be an absolute http(s) URL without query, got " + base);
            }
        });
    }

    /** The redirect base without a trailing slash, e.g. {@code https://cdn.example.com/avatars}. */
    public Optional<String> redirectBase() {
        return redirect.map(base -> base.toString().endsWith("/")
                ? base.toString().substring(0, base.toString().length() - 1) : base.toString());
    }

    /** A route with every value {@code TEXT}, the master's own format and no negotiation. */
    public RouteConfig(String name, String path, String key, List<Integer> sizes, String source) {
        this(name, path, key, sizes, source, Map.of(), DEFAULT_FORMAT, OptionalInt.empty(), false, Optional.empty());
    }

    public ValueKind kindOf(String placeholder) {
        return values.getOrDefault(placeholder, DEFAULT_KIND);
    }

    public int largestSize() {
        return sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /**
     * The placeholder names of a URL template that can be matched: two placeholders need a literal between them, or
     * nothing tells where one value ends and the next begins.
     */
    public static List<String> matchablePlaceholders(String template) {
        List<String> names = placeholders(template);
        if (template.contains("}{")) {
            throw new IllegalArgumentException("two placeholders need a literal between them in " + template);
        }
        return names;
    }

    /** The placeholder names in a template, in order; rejects unbalanced braces and odd names. */
    public static List<String> placeholders(String template) {
        if (template == null) throw new IllegalArgumentException("template is missing");
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '}') throw new IllegalArgumentException("unbalanced '}' in " + template);
            if (c != '{') {
                i++;
                continue;
            }
            int end = template.indexOf('}', i);
            if (end < 0) throw new IllegalArgumentException("unbalanced '{' in " + template);
            String name = template.substring(i + 1, end);
            if (!name.matches("[A-Za-z][A-Za-z0-9]{0,31}")) {
                throw new IllegalArgumentException("bad placeholder {" + name + "} in " + template);
            }
            names.add(name);
            i = end + 1;
        }
        return names;
    }

    private static void requireSubset(String what, List<String> names, List<String> inPath) {
        Set<String> unknown = new LinkedHashSet<>(names);
        unknown.removeAll(inPath);
        if (!unknown.isEmpty()) throw new InvalidFieldException(what, "names placeholders not in path: " + unknown);
    }
}

package org.avataroffload.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A URL template such as {@code /user_avatar/{hostname}/{username}/{size}/{version}.png}, parsed once into path
 * segments of literals and placeholders. Matching walks the raw path once, without regular expressions: a placeholder
 * never spans a '/', ends at the next literal of its segment, and the last one in a segment ends where the segment's
 * trailing literal begins.
 */
final class RouteTemplate {
    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String name) implements Part {
    }

    private final String template;
    private final List<List<Part>> segments;

    private RouteTemplate(String template, List<List<Part>> segments) {
        this.template = template;
        this.segments = segments;
    }

    static RouteTemplate parse(String template) {
        List<List<Part>> segments = new ArrayList<>();
        for (String segment : template.split("/", -1)) {
            segments.add(parseSegment(segment, template));
        }
        return new RouteTemplate(template, List.copyOf(segments));
    }

    private static List<Part> parseSegment(String segment, String template) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < segment.length()) {
            int open = segment.indexOf('{', i);
            if (open < 0) {
                parts.add(new Literal(segment.substring(i)));
                break;
            }
            if (open > i) parts.add(new Literal(segment.substring(i, open)));
            int close = segment.indexOf('}', open);
            if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Placeholder) {
                throw new IllegalArgumentException("two placeholders need a literal between them in " + template);
            }
            parts.add(new Placeholder(segment.substring(open + 1, close)));
            i = close + 1;
        }
        return List.copyOf(parts);
    }

    /** The raw (still percent-encoded) value of each placeholder, or empty when the path does not fit. */
    Optional<Map<String, String>> match(String rawPath) {
        Map<String, String> values = new LinkedHashMap<>();
        int start = 0;
        for (int s = 0; s < segments.size(); s++) {
            boolean last = s == segments.size() - 1;
            int end = last ? rawPath.length() : rawPath.indexOf('/', start);
            if (end < 0 || (last && rawPath.indexOf('/', start) >= 0)) return Optional.empty();
            if (!matchSegment(segments.get(s), rawPath, start, end, values)) return Optional.empty();
            start = end + 1;
        }
        return Optional.of(values);
    }

    private static boolean matchSegment(List<Part> parts, String path, int from, int to, Map<String, String> values) {
        int pos = from;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            if (part instanceof Literal literal) {
                if (!path.startsWith(literal.text(), pos) || pos + literal.text().length() > to) return false;
                pos += literal.text().length();
                continue;
            }
            String name = ((Placeholder) part).name();
            int valueEnd;
            if (p == parts.size() - 1) {
                valueEnd = to;
            } else if (lastPlaceholder(parts, p)) {
                valueEnd = to - trailingLiterals(parts, p + 1).length();
            } else {
                valueEnd = path.indexOf(((Literal) parts.get(p + 1)).text(), pos + 1);
                if (valueEnd < 0 || valueEnd > to) return false;
            }
            if (valueEnd <= pos) return false;
            values.put(name, path.substring(pos, valueEnd));
            pos = valueEnd;
        }
        return pos == to;
    }

    private static boolean lastPlaceholder(List<Part> parts, int index) {
        for (int i = index + 1; i < parts.size(); i++) {
            if (parts.get(i) instanceof Placeholder) return false;
        }
        return true;
    }

    private static String trailingLiterals(List<Part> parts, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < parts.size(); i++) sb.append(((Literal) parts.get(i)).text());
        return sb.toString();
    }

    /** The template with each placeholder replaced by its value, inserted as given (callers encode). */
    String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(template.length() + 32);
        for (int s = 0; s < segments.size(); s++) {
            if (s > 0) sb.append('/');
            for (Part part : segments.get(s)) {
                if (part instanceof Literal literal) {
                    sb.append(literal.text());
                } else {
                    String name = ((Placeholder) part).name();
                    String value = values.get(name);
                    if (value == null) throw new IllegalArgumentException("no value for {" + name + "} in " + template);
                    sb.append(value);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}

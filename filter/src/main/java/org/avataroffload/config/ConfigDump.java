package org.avataroffload.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The effective config as YAML-like text, for {@code check-config --print-config}: every key of the
 * {@link ConfigView}, secrets shown as {@code ***}, with a comment where an unset key has a meaning of its own.
 */
public final class ConfigDump {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/:@*+-]+");
    /** What an unset key means, shown after its {@code ~}. */
    private static final Map<String, String> UNSET = Map.of(
            "admin.port", "served on server.port", "log.accessFile", "stdout");
    /** A comment closing a section, at the depth of its keys. */
    private static final Map<String, String> CLOSING = Map.of("store.s3",
            "credentials: from the AWS default chain, never from this config");

    private ConfigDump() {
    }

    public static String redacted(OffloadConfig config) {
        StringBuilder out = new StringBuilder(1024);
        List<String> open = List.of();
        for (ConfigView.Entry entry : ConfigView.of(config).entries()) {
            List<String> path = segments(entry.key());
            close(out, open, path);
            int same = 0;
            while (same < path.size() - 1 && same < open.size() && path.get(same).equals(open.get(same))) same++;
            boolean item = false;
            for (int depth = same; depth < path.size() - 1; depth++) {
                if (isIndex(path.get(depth))) {
                    item = true; // the item's first key carries its "- "
                } else {
                    indent(out, depth).append(path.get(depth)).append(":\n");
                }
            }
            int depth = path.size() - 1;
            if (item) out.append("  ".repeat(depth - 1)).append("- "); else indent(out, depth);
            String key = path.get(depth);
            out.append(key).append(": ").append(value(entry.value()));
            if (entry.value() == null && UNSET.containsKey(entry.key())) {
                out.append("  # ").append(UNSET.get(entry.key()));
            }
            out.append('\n');
            if (entry.value() == null && entry.key().equals("upstream.url")) {
                // an empty url is the demo forum, which a config asks for: the dump loads as the same config
                indent(out, depth).append("demo: true  # the demo forum\n");
            }
            open = path;
        }
        close(out, open, List.of());
        return out.toString();
    }

    /** The closing comments of the sections {@code previous} was in and {@code next} is not. */
    private static void close(StringBuilder out, List<String> previous, List<String> next) {
        String before = String.join(".", previous) + ".";
        String after = String.join(".", next) + ".";
        CLOSING.forEach((section, comment) -> {
            if (before.startsWith(section + ".") && !after.startsWith(section + ".")) {
                indent(out, segments(section).size()).append("# ").append(comment).append('\n');
            }
        });
    }

    /** {@code store.s3.fallback[0].region} → store, s3, fallback, [0], region. */
    private static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        for (String part : key.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                segments.add(part);
            } else {
                segments.add(part.substring(0, bracket));
                segments.add(part.substring(bracket));
            }
        }
        return segments;
    }

    private static boolean isIndex(String segment) {
        return segment.startsWith("[");
    }

    private static String value(Object value) {
        if (value == null) return "~";
        if (value instanceof Duration d) return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        // each item as a value of its own: ::1 is no plain scalar in a flow list
        if (value instanceof List<?> list) {
            return list.stream().map(ConfigDump::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return text(value.toString());
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("  ".repeat(depth));
    }

    /** A plain scalar when it is one, else double-quoted and escaped. */
    private static String text(String value) {
        if (!value.isEmpty() && PLAIN.matcher(value).matches() && !value.startsWith("*") && !value.startsWith("@")
                && !value.startsWith(":")) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) quoted.append(String.format("\\x%02x", (int) c)); else quoted.append(c);
                }
            }
        }
        return quoted.append('"').toString();
    }
}

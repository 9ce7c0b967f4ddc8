package org.avataroffload.testing;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded generator of request paths that mix a route's URL template with what an attacker puts in a URL: dot
 * segments, percent-encoded once and twice, slashes and backslashes (raw and encoded), NUL, overlong and invalid
 * UTF-8, raw Unicode, stray '%', very long values. The same seed gives the same paths, so a failure can be replayed.
 */
public final class HostilePaths {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    /** Pieces a value is made of; most are hostile, some valid, so that matches happen and get checked too. */
    private static final List<String> ATOMS = List.of(
            "sam", "forum.example.com", "42_2", "42", "8c91f0", "L%C3%B6we", "Löwe", "a", "Z", "0", "_", "-", ".",
            "..", "...", "./", "../", "..\\", "%2e", "%2E", "%2e%2e", "%2E%2e", ".%2e", "%2e.", "%252e", "%252e%252e",
            "%25252e", "%2f", "%2F", "%252f", "/", "//", "\\", "%5c", "%5C", "%255c", "%00", "\0", "%2500", "%",
            "%%", "%g1", "%e", "%2", "%C0%AE", "%C0%AF", "%E0%80%AE", "%C1%9C", "%ED%A0%80", "%F4%90%80%80", "%FF",
            "ü", "\u202e", "\uFEFF", "%EF%BC%8E", "%EF%BC%8F", "%E2%80%A4", "%E3%80%82", "%20", " ", "+", ";",
            "..;", "%3b", "?", "#", "%3f", "%23", "~", ":", "@", "%40", "\t", "%0d%0a", "%F0%9F%98%80", "😀",
            "\u0301", "%CC%81", "İ", "%C4%B0", "ß", "Ω");

    /** Values that fit some kind, so that paths match and the properties of a match get checked. */
    private static final List<String> VALID = List.of("sam", "forum.example.com", "42_2", "42", "8c91f0", "L%C3%B6we",
            "a", "png");

    private final Random random;
    private final int validPercent;

    /** Three values in ten fit some kind. */
    public HostilePaths(long seed) {
        this(seed, 30);
    }

    /** @param validPercent how many values in a hundred are taken from values that fit some kind */
    public HostilePaths(long seed, int validPercent) {
        this.random = new Random(seed);
        this.validPercent = validPercent;
    }

    /** A path made from one of the templates: placeholders filled with hostile values, sometimes mangled further. */
    public String next(List<String> templates) {
        int shape = random.nextInt(100);
        if (shape < 10) return garbage();
        String template = templates.get(random.nextInt(templates.size()));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(
                    "size".equals(m.group(1)) ? size() : value()));
        }
        m.appendTail(path);
        String filled = path.toString();
        if (shape < 20) return mangle(filled);
        if (shape < 25) return filled + "/" + value(); // one segment too many
        return filled;
    }

    /** One placeholder value: one to four atoms, now and then very long, now and then one that fits. */
    public String value() {
        int kind = random.nextInt(100);
        if (kind >= 100 - validPercent) return VALID.get(random.nextInt(VALID.size()));
        if (kind < 4) return repeat(ATOMS.get(random.nextInt(ATOMS.size())), 50 + random.nextInt(400));
        if (kind < 8) return repeat("a", 55 + random.nextInt(300)); // around and past every length limit
        if (kind < 10) return repeat("%61", 40 + random.nextInt(300));
        StringBuilder value = new StringBuilder();
        int atoms = 1 + random.nextInt(4);
        for (int i = 0; i < atoms; i++) value.append(ATOMS.get(random.nextInt(ATOMS.size())));
        return value.toString();
    }

    private String size() {
        return switch (random.nextInt(10)) {
            case 0 -> "%34%38";
            case 1 -> "48.5";
            case 2 -> "-48";
            case 3 -> "0048"; // not canonical: a second URL of the 48-px image
            case 4 -> "99999";
            case 5 -> value();
            default -> List.of("24", "48", "96", "120", "288", "50").get(random.nextInt(6));
        };
    }

    private String mangle(String path) {
        StringBuilder mangled = new StringBuilder(path);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(mangled.length() + 1);
            mangled.insert(at, ATOMS.get(random.nextInt(ATOMS.size())));
        }
        return mangled.toString();
    }

    private String garbage() {
        StringBuilder path = new StringBuilder("/");
        int length = random.nextInt(random.nextInt(10) == 0 ? 5000 : 120);
        for (int i = 0; i < length; i++) {
            path.append(random.nextInt(4) == 0 ? ATOMS.get(random.nextInt(ATOMS.size())) : (char) (0x20 + random.nextInt(0x5f)));
        }
        return path.toString();
    }

    private static String repeat(String atom, int times) {
        return atom.repeat(times);
    }
}

package org.avataroffload.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.ValueKind;
import org.avataroffload.store.StoreKeys;
import org.avataroffload.testing.HostilePaths;
import org.junit.jupiter.api.Test;

/**
 * Properties of the route matcher and the key builder over 100,000 seeded hostile paths each (replay one run with
 * {@code -Dkeysafety.seed=N}):
 * <ul>
 *   <li>nothing throws: a path is an avatar request or it is not;</li>
 *   <li>no key escapes its route's prefix, read as a file path or read once more as a URL;</li>
 *   <li>a value is percent-decoded exactly once: {@code %252e%252e} never becomes {@code ..};</li>
 *   <li>over-long paths and values are refused.</li>
 * </ul>
 */
class KeySafetyPropertyTest {
    private static final long SEED = Long.getLong("keysafety.seed", 20261126L);
    private static final int CASES = 100_000;
    private static final List<Integer> SIZES = List.of(24, 48, 96, 120, 288);
    private static final List<RouteConfig> CONFIGS = List.of(
            route("user_avatar", "/user_avatar/{hostname}/{username}/{size}/{version}.png",
                    "{hostname}/{username}/{version}",
                    Map.of("hostname", ValueKind.HOSTNAME, "username", ValueKind.USERNAME, "version", ValueKind.UPLOAD)),
            route("letter_avatar", "/letter_avatar/{username}/{size}/{version}.png", "{username}/{version}",
                    Map.of("username", ValueKind.USERNAME)),
            route("letter_proxy", "/letter_avatar_proxy/{v}/letter/{letter}/{color}/{size}.png", "{v}/{letter}/{color}",
                    Map.of("color", ValueKind.HEX)),
            // two placeholders and a size in one segment, all plain text
            route("plain", "/a/{name}_{size}.{fmt}", "{name}/{fmt}", Map.of()));
    private static final Map<ValueKind, Integer> MAX_CODE_POINTS = Map.of(ValueKind.TEXT, PlaceholderValues.MAX_LENGTH,
            ValueKind.HOSTNAME, PlaceholderValues.MAX_HOSTNAME, ValueKind.USERNAME, PlaceholderValues.MAX_USERNAME,
            ValueKind.UPLOAD, 28, ValueKind.HEX, PlaceholderValues.MAX_HEX);
    private static final Path STORE_ROOT = Path.of("/store");

    private final Routes routes = new Routes(CONFIGS);
    private final List<String> templates = CONFIGS.stream().map(RouteConfig::path).toList();
    private final List<String> failures = new ArrayList<>();

    private static RouteConfig route(String name, String path, String key, Map<String, ValueKind> values) {
        return new RouteConfig(name, path, key, SIZES, path, values, OutputFormat.SOURCE, OptionalInt.empty(), false,
                Optional.empty());
    }

    @Test
    void routeMatcher_keepsEveryKeyInsideItsRoute_decodesOnce_andRefusesOverlongInput() {
        HostilePaths paths = new HostilePaths(SEED);
        int matched = 0;
        int doubleEncoded = 0;
        int overlong = 0;
        for (int i = 0; i < CASES && failures.size() < 20; i++) {
            String path = paths.next(templates);
            if (path.contains("%25")) doubleEncoded++;
            if (path.length() > Routes.MAX_PATH_LENGTH) overlong++;
            Optional<AvatarRequest> match;
            try {
                match = routes.match(path, i % 2 == 0 ? "image/webp,*/*" : null);
            } catch (RuntimeException e) {
                fail(path, "match threw " + e);
                continue;
            }
            if (match.isEmpty()) continue;
            matched++;
            if (path.length() > Routes.MAX_PATH_LENGTH) fail(path, "an over-long path matched");
            checkRequest(path, match.get());
        }

        assertThat(failures).as("seed %d", SEED).isEmpty();
        // the generator must reach every property, or the test proves nothing
        assertThat(matched).as("paths that matched a route").isGreaterThan(CASES / 50);
        assertThat(doubleEncoded).as("paths with a double-encoded '%%'").isGreaterThan(CASES / 50);
        assertThat(overlong).as("over-long paths").isGreaterThan(CASES / 1000);
    }

    @Test
    void keyBuilder_forImports_keepsEveryKeyInsideItsRoute() {
        Route userAvatar = routes.all().get(0);
        KeyPattern pattern = KeyPattern.parse("{hostname}/{username}/{version}.{ext}", userAvatar);
        HostilePaths paths = new HostilePaths(SEED + 1, 60);
        List<String> fileTemplates = List.of("{hostname}/{username}/{version}.{ext}", "{hostname}/{username}/{version}");
        int built = 0;
        for (int i = 0; i < CASES && failures.size() < 20; i++) {
            String relative = paths.next(fileTemplates);
            try {
                Optional<Map<String, String>> values = pattern.match(relative);
                if (values.isEmpty()) continue;
                String key;
                try {
                    key = userAvatar.keyFor(values.get());
                } catch (IllegalArgumentException refused) {
                    continue; // a value that fits no kind: the documented refusal
                }
                built++;
                checkKey(relative, key, userAvatar);
            } catch (RuntimeException e) {
                fail(relative, "the key builder threw " + e);
            }
        }

        assertThat(failures).as("seed %d", SEED + 1).isEmpty();
        assertThat(built).as("keys built").isGreaterThan(CASES / 100);
    }

    private void checkRequest(String path, AvatarRequest request) {
        Route route = request.route();
        RouteConfig config = CONFIGS.stream().filter(c -> c.name().equals(route.name())).findFirst().orElseThrow();
        Map<String, String> raw = RouteTemplate.parse(config.path()).match(path).orElseThrow();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (e.getKey().equals(RouteConfig.SIZE)) continue;
            checkValue(path, config.kindOf(e.getKey()), e.getValue(), request.values().get(e.getKey()));
        }
        checkKey(path, request.key(), route);
        if (!request.sizeKey().startsWith(route.name() + "/" + request.key() + "/")) fail(path, "size key " + request.sizeKey());
        // the paths built back from the values: one decoding of them gives no dot segment either
        checkForumPath(path, route.sourcePath(request), config.source());
        checkForumPath(path, route.pathAt(request, SIZES.get(0)), config.path());
    }

    /** The value is the raw text decoded exactly once (then normalised by its kind), within its kind's length. */
    private void checkValue(String path, ValueKind kind, String raw, String value) {
        String decoded = decodeOnce(raw);
        if (decoded == null) {
            fail(path, "matched although " + printable(raw) + " is not valid percent-encoded UTF-8");
            return;
        }
        boolean asDecoded = switch (kind) {
            case UPLOAD -> value.matches("[0-9]{1,18}_2");
            case HOSTNAME, USERNAME, HEX -> value.equals(decoded.toLowerCase(Locale.ROOT));
            case TEXT -> value.equals(decoded);
        };
        if (!asDecoded) fail(path, "value " + printable(value) + " is not " + printable(raw) + " decoded once");
        if (value.startsWith(".") || value.contains("..") || value.indexOf('/') >= 0 || value.indexOf('\\') >= 0
                || value.indexOf('%') >= 0 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            fail(path, "unsafe value " + printable(value));
        }
        if (value.codePointCount(0, value.length()) > MAX_CODE_POINTS.get(kind)) fail(path, "over-long value accepted");
    }

    /** Master, derived and size keys stay under their route's prefix however they are read. */
    private void checkKey(String input, String key, Route route) {
        int expectedSegments = route.keyPlaceholders().size();
        if (key.split("/", -1).length != expectedSegments) fail(input, "key " + printable(key) + " has extra segments");
        checkStoreKey(input, StoreKeys.master(route.name(), key), "masters/" + route.name() + "/");
        checkStoreKey(input, StoreKeys.derived(route.name(), key, 48, "png"), "derived/" + route.name() + "/");
    }

    private void checkStoreKey(String input, String storeKey, String prefix) {
        if (!storeKey.startsWith(prefix)) fail(input, printable(storeKey) + " is not under " + prefix);
        if (storeKey.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c >= 0x80)) {
            fail(input, "store key " + printable(storeKey) + " holds a control, non-ASCII or '\\' character");
            return;
        }
        for (String segment : storeKey.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) fail(input, "store key segment '" + segment + "'");
        }
        // as a file path (the file store): normalising changes nothing and stays under the prefix
        Path asFile = STORE_ROOT.resolve(storeKey);
        if (!asFile.normalize().equals(asFile) || !asFile.normalize().startsWith(STORE_ROOT.resolve(prefix))) {
            fail(input, "store key " + printable(storeKey) + " leaves " + prefix + " as a file path");
        }
        // as a URL path (redirect mode hands it to S3 or a CDN, which decode it once): no dot segment, no new '/'
        String decoded = decodeOnce(storeKey);
        if (decoded == null) {
            fail(input, "store key " + printable(storeKey) + " is not valid percent-encoding");
            return;
        }
        String[] segments = decoded.split("/", -1);
        if (segments.length != storeKey.split("/", -1).length) fail(input, "decoding " + printable(storeKey) + " adds a '/'");
        for (String segment : segments) {
            if (segment.equals(".") || segment.equals("..") || segment.indexOf('\\') >= 0) {
                fail(input, "decoding " + printable(storeKey) + " gives a dot segment or a backslash");
            }
        }
    }

    private void checkForumPath(String input, String forumPath, String template) {
        String literalStart = template.substring(0, template.indexOf('{'));
        if (!forumPath.startsWith(literalStart)) fail(input, "forum path " + printable(forumPath) + " left " + literalStart);
        String decoded = decodeOnce(forumPath);
        if (decoded == null || decoded.contains("/../") || decoded.contains("/./") || decoded.indexOf('\\') >= 0) {
            fail(input, "forum path " + printable(forumPath) + " climbs when decoded");
        }
    }

    private void fail(String input, String what) {
        failures.add(what + "  <- " + printable(input));
    }

    /**
     * Percent-decodes once as UTF-8; null when the text is not valid percent-encoded UTF-8 over ASCII. Text without a
     * '%' is taken as it is, raw Unicode included, as the matcher takes it (a client that sends raw UTF-8 bytes means
     * the same name as one that encodes them).
     */
    static String decodeOnce(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 0x80) return null;
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= raw.length()) return null;
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) return null;
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        String shown = s.length() > 160 ? s.substring(0, 160) + "...(" + s.length() + ")" : s;
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) out.append(String.format("\\x%02x", (int) c)); else out.append(c);
        }
        return out.toString();
    }
}

package org.avataroffload.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One value as written (in the file or in a variable), with where it came from, so that a value that does not convert
 * is reported at its line or variable.
 *
 * @param path  the key path, e.g. {@code routes[0].sizes[2]}
 * @param text  the value as written
 * @param where {@code conf/x.yml:7} or {@code env OFFLOAD_SERVER_PORT}
 */
record Scalar(String path, String text, String where) {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+(_[0-9]+)*");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BYTES = Pattern.compile("([0-9]{1,18})\\s*(?:([kmgt])(?:i?b)?|b)?",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_SHOWN = 60;

    ConfigException fail(String what) {
        return new ConfigException(where + ": " + path + ": " + what);
    }

    String asString() {
        return text;
    }

    long asLong() {
        String trimmed = text.strip();
        if (!INTEGER.matcher(trimmed).matches()) throw fail("expected an integer, got " + quote(text));
        try {
            return Long.parseLong(trimmed.replace("_", ""));
        } catch (NumberFormatException e) {
            throw fail("number " + trimmed + " is too large");
        }
    }

    int asInt() {
        long value = asLong();
        if (value != (int) value) throw fail("number " + text.strip() + " is too large");
        return (int) value;
    }

    /** Only true or false: YAML 1.1's yes/no/on/off are too easy to write by accident. */
    boolean asBoolean() {
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("true")) return true;
        if (trimmed.equalsIgnoreCase("false")) return false;
        throw fail("expected true or false, got " + quote(text));
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or a bare integer of seconds. */
    Duration asDuration() {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) throw fail("expected a duration such as 250ms, 5s, 2m or 1h, got " + quote(text));
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** {@code 1024}, {@code 512KB}, {@code 64MB}, {@code 1GB}: binary multiples, any case, B or iB optional. */
    long asBytes() {
        Matcher m = BYTES.matcher(text.strip());
        if (!m.matches()) throw fail("expected a byte size such as 1024, 512KB, 64MB or 1GB, got " + quote(text));
        long amount = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : 10 * ("kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
        if (amount > Long.MAX_VALUE >> shift) throw fail("byte size " + text.strip() + " is too large");
        return amount << shift;
    }

    /** One of the constants, in any case; the message lists them as the schema writes them. */
    <E extends Enum<E>> E asEnum(Class<E> type, boolean lowerCase) {
        String trimmed = text.strip();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(trimmed)) return constant;
        }
        String choices = Arrays.stream(type.getEnumConstants())
                .map(c -> lowerCase ? c.name().toLowerCase(Locale.ROOT) : c.name())
                .collect(Collectors.joining(", "));
        throw fail("expected one of " + choices + ", got " + quote(text));
    }

    /** An absolute http or https URL. */
    URI asHttpUrl() {
        return httpUrl("an http(s) URL such as http://127.0.0.1:3000");
    }

    /** The forum: an absolute http(s) URL, or {@code unix:} and the absolute path of the socket it listens on. */
    URI asForumUrl() {
        String trimmed = text.strip();
        if (!trimmed.regionMatches(true, 0, "unix:", 0, 5)) {
            return httpUrl("an http(s) URL such as http://127.0.0.1:3000 or a socket such as unix:/path/to/nginx.http.sock");
        }
        String socket = trimmed.substring(5);
        if (socket.isEmpty()) throw fail("expected unix: and the absolute path of a socket, got " + quote(text));
        // "unix://x" would read as a host named x
        if (!socket.startsWith("/") || socket.startsWith("//")) {
            throw fail("the socket's path must be absolute, as in unix:/var/discourse/shared/standalone/nginx.http.sock,"
                    + " got " + quote(text));
        }
        if (socket.getBytes(StandardCharsets.UTF_8).length > UpstreamConfig.MAX_SOCKET_PATH_BYTES) {
            throw fail("a socket's path may have at most " + UpstreamConfig.MAX_SOCKET_PATH_BYTES + " bytes, got "
                    + quote(text));
        }
        try {
            Path.of(socket);
            return new URI(UpstreamConfig.UNIX_SCHEME, socket, null);
        } catch (InvalidPathException | URISyntaxException e) {
            throw fail("not a usable socket path: " + quote(text));
        }
    }

    /** A file of UTF-8 text (an HTML page), read now: the value is its path, as with {@link #asPath}. */
    ErrorPage asErrorPage() {
        if (text.isBlank()) throw fail("expected a file, got an empty value");
        Path file = asPath();
        try {
            long size = Files.size(file);
            if (size > ErrorPage.MAX_BYTES) {
                throw fail(file + " has " + size + " bytes; an error page may have at most " + ErrorPage.MAX_BYTES);
            }
            byte[] bytes = Files.readAllBytes(file);
            String html = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new ErrorPage(file, html);
        } catch (CharacterCodingException e) {
            throw fail("cannot use " + file + ": it is not UTF-8 text");
        } catch (NoSuchFileException e) {
            throw fail("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw fail("cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private URI httpUrl(String expected) {
        try {
            URI uri = new URI(text.strip());
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (http && uri.getHost() != null) return uri;
        } catch (URISyntaxException e) {
            // reported below, with the value, like any other malformed URL
        }
        // a URL may carry a password before its '@' (which may hold '@' and '/' too, unencoded): everything up to the
        // last '@' before a query goes, as the message goes to logs and terminals
        throw fail("expected " + expected + ", got "
                + quote(text.replaceFirst("//[^?#]*@", "//***@")));
    }

    /** A path as written: a relative one stays relative to the working directory. */
    Path asPath() {
        if (text.isBlank()) throw fail("expected a directory, got an empty value");
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw fail("not a usable path: " + e.getReason());
        }
    }

    /** The value in quotes, escaped and shortened so the message stays one readable line. */
    static String quote(String value) {
        String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + '"';
    }
}

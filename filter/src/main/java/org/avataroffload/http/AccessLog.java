package org.avataroffload.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.avataroffload.config.LogConfig;
import org.avataroffload.config.PathFailure;
import org.avataroffload.outcome.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log's lines: NCSA combined with the avatar's outcome appended, or a JSON object. Written through the
 * {@link RequestLog}, where the servlet filter and the jar's core paths both note their requests.
 *
 * <p>Lines go to the file {@code log.accessFile} (appended, one write per line, so logrotate's {@code copytruncate}
 * works), or else to the SLF4J logger {@value #LOGGER} at INFO.
 */
public final class AccessLog implements AutoCloseable {
    /** The logger access lines go to when no file is configured; the standalone jar writes it to stdout as is. */
    public static final String LOGGER = "avatar-offload.access";
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final DateTimeFormatter NCSA_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final LogConfig.AccessFormat format;
    private final Logger lines;
    private final Optional<OutputStream> file;
    private final AtomicBoolean failing = new AtomicBoolean();

    private AccessLog(LogConfig.AccessFormat format, Optional<OutputStream> file) {
        this.format = format;
        this.lines = LoggerFactory.getLogger(LOGGER);
        this.file = file;
    }

    /** Opens the configured file, if any; a file that cannot be opened stops the start with a clear message. */
    static AccessLog open(LogConfig config) {
        Optional<OutputStream> file = Optional.empty();
        if (config.access() != LogConfig.AccessFormat.OFF && config.accessFile().isPresent()) {
            Path path = config.accessFile().get();
            try {
                file = Optional.of(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND));
            } catch (IOException e) {
                throw new IllegalStateException(PathFailure.describe("log.accessFile", path, e), e);
            }
        }
        return new AccessLog(config.access(), file);
    }

    /**
     * One finished request, as any server API sees it.
     *
     * @param target the path and query as the client sent them, but for the values of Discourse's API keys
     *               ({@code api_key}, {@code user_api_key}: accepted in the query by some GET routes, e.g. feeds),
     *               written {@code ***}
     * @param bytes  the body's length, or -1 when not known (a streamed pass-through)
     * @param nanos  the time from the request's arrival at the proxy to its answer
     */
    public record Line(Instant time, String remoteAddress, String method, String target, String protocol, int status,
                       long bytes, Optional<String> referer, Optional<String> userAgent, Disposition disposition,
                       long nanos) {
        private static final Pattern API_KEY = Pattern.compile("(?i)([?&](?:user_)?api_key=)[^&#]*");

        public Line {
            if (target.indexOf('=') >= 0) target = API_KEY.matcher(target).replaceAll("$1***"); // most have no query
        }
    }

    /** Writes the line, unless the access log is off. */
    void write(Line line) {
        if (format == LogConfig.AccessFormat.OFF) return;
        String text = format == LogConfig.AccessFormat.JSON ? json(line) : combined(line);
        if (file.isEmpty()) {
            lines.info(text);
        } else {
            write(file.get(), text);
        }
    }

    private void write(OutputStream out, String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
            failing.set(false);
        } catch (IOException e) {
            if (failing.compareAndSet(false, true)) LOG.warn("cannot write the access log: {}", e.toString());
        }
    }

    /**
     * NCSA combined, then the outcome as name=value pairs:
     * {@code 127.0.0.1 - - [26/Nov/2026:10:51:01 +0000] "GET /a.png HTTP/1.1" 200 1234 "ref" "agent" route=user_avatar
     * outcome=hit tier=memory ms=0.412}. Absent values are "-"; quotes and control characters are escaped as \x22.
     */
    static String combined(Line line) {
        Disposition disposition = line.disposition();
        return line.remoteAddress() + " - - [" + NCSA_TIME.format(line.time()) + "] \""
                + ncsa(line.method() + " " + line.target() + " " + line.protocol()) + "\" " + line.status() + " "
                + (line.bytes() < 0 ? "-" : Long.toString(line.bytes())) + " \"" + ncsa(line.referer().orElse("-"))
                + "\" \"" + ncsa(line.userAgent().orElse("-")) + "\" route=" + disposition.route().orElse("-")
                + " outcome=" + disposition.outcome().label() + " tier=" + disposition.tier().map(Tier::label).orElse("-")
                + " ms=" + millis(line.nanos());
    }

    /** One JSON object; keys always present, null when not known. */
    static String json(Line line) {
        Disposition disposition = line.disposition();
        return "{\"time\":" + quoted(line.time().toString()) + ",\"remote\":" + quoted(line.remoteAddress())
                + ",\"method\":" + quoted(line.method()) + ",\"target\":" + quoted(line.target())
                + ",\"protocol\":" + quoted(line.protocol()) + ",\"status\":" + line.status()
                + ",\"bytes\":" + (line.bytes() < 0 ? "null" : Long.toString(line.bytes()))
                + ",\"referer\":" + line.referer().map(AccessLog::quoted).orElse("null")
                + ",\"userAgent\":" + line.userAgent().map(AccessLog::quoted).orElse("null")
                + ",\"route\":" + disposition.route().map(AccessLog::quoted).orElse("null")
                + ",\"outcome\":" + quoted(disposition.outcome().label())
                + ",\"tier\":" + disposition.tier().map(tier -> quoted(tier.label())).orElse("null")
                + ",\"ms\":" + millis(line.nanos()) + "}";
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }

    /** As Apache escapes request lines and headers: a quote, a backslash or a control character becomes \xHH. */
    private static String ncsa(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String quoted(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        if (file.isEmpty()) return;
        try {
            file.get().close();
        } catch (IOException e) {
            LOG.warn("cannot close the access log: {}", e.toString());
        }
    }
}

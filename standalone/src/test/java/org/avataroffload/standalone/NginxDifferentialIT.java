package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.avataroffload.config.OffloadConfig;
import org.avataroffload.testing.ExchangeDiff;
import org.avataroffload.testing.ExchangeText;
import org.avataroffload.testing.RawClient;
import org.avataroffload.testing.RecordingUpstream;
import org.avataroffload.testing.RequestShape;
import org.avataroffload.testing.RequestShapes;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * avatar-offload passes what it does not answer itself "unchanged": here that means the way nginx, configured as
 * Discourse configures it, passes it. Every {@link RequestShapes request shape} goes through nginx and then through
 * avatar-offload, both in front of the same {@link RecordingUpstream}, one at a time; what the forum received and
 * what the client received are compared ({@link ExchangeDiff} says what is set aside) and every difference is
 * reported, shape by shape; {@code target/nginx-differential-report.txt} keeps the report and
 * {@code target/nginx-differential-exchanges.txt} both exchanges of every shape, written out. Streamed pieces must reach the client through avatar-offload within 100 ms of nginx.
 */
class NginxDifferentialIT {
    /**
     * Where avatar-offload differs from nginx on purpose, each with its reason (also in docs/transparency.md). A
     * difference is explained only for the shapes named and in the words given: anything else still fails.
     */
    static final List<Explained> EXPLAINED = List.of(
            Explained.startingWith("http10-without-host", "upstream request header 'Host' only in ours",
                    "an HTTP/1.1 request to the forum needs a Host (RFC 9112 §3.2): ours sends the configured forum's, "
                            + "nginx sends none at all ($http_host is empty)"),
            Explained.startingWith("client-forwarded", "upstream request header 'Forwarded' missing in ours",
                    "Rack 3 reads Forwarded before X-Forwarded-*: a client's own Forwarded would choose the address "
                            + "Discourse rate-limits by, so it is dropped"),
            Explained.startingWith("client-upgrade-h2c", "",
                    "Jetty refuses an h2c upgrade whose Connection header does not list Upgrade and HTTP2-Settings "
                            + "(400, RFC 7540 §3.2); browsers never send h2c"),
            Explained.startingWith("upload-chunked-300k", "upstream request header '",
                    "a chunked upload is streamed to the forum as it comes; nginx holds the whole body first to count it"),
            Explained.startingWith("upload-expect-continue", "upstream request header 'Expect' only in ours",
                    "the forum answers Expect: 100-continue itself, so it can refuse an upload before a byte is sent; "
                            + "nginx says 100 at once and takes the whole body"),
            Explained.startingWith("upload-expect-continue-413-unread",
                    "client interim responses nginx [HTTP/1.1 100 Continue] vs ours []",
                    "the forum refused the upload before its body: no 100, the client sends nothing (see above)"),
            new Explained(Pattern.compile(".*"),
                    Pattern.compile("client status line nginx 'HTTP/1.1 (\\d{3}) [^']*' vs ours 'HTTP/1.1 \\1 [^']*'"),
                    "Jetty writes the standard reason phrase for the forum's status code; clients ignore it "
                            + "(RFC 9112 §4)"));
    private static final long STREAM_SLACK_MILLIS = 100;
    /** Long enough for a lingering close to end (1 s drain) after the client has its answer. */
    private static final Duration UPSTREAM_SETTLE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void everyRequestShape_reachesTheForumAndTheClientAsItDoesThroughNginx() throws Exception {
        assumeTrue(NginxFront.installed(), "nginx is not installed (apt-get install nginx): avatar-offload is not "
                + "compared with nginx in front of the forum");
        List<RequestShape> shapes = RequestShapes.all();
        assertThat(shapes).hasSizeGreaterThanOrEqualTo(60);
        assertThat(shapes.stream().map(RequestShape::name).distinct()).hasSameSizeAs(shapes);

        List<String> report = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        List<String> timings = new ArrayList<>();
        List<String> nginxSilent = new ArrayList<>();
        List<String> explained = new ArrayList<>();
        StringBuilder exchanges = new StringBuilder();
        Path nginxDir = Files.createDirectories(dir.resolve("nginx"));
        try (RecordingUpstream upstream = RecordingUpstream.start();
             NginxFront nginx = NginxFront.start(nginxDir, upstream.port())) {
            Proxy ours = Proxy.start(config(upstream.uri()));
            try {
                for (RequestShape shape : shapes) {
                    long started = System.nanoTime();
                    ExchangeDiff.Exchange throughNginx = exchange(upstream, nginx.port(), shape);
                    long nginxDone = System.nanoTime();
                    ExchangeDiff.Exchange throughOurs = exchange(upstream, ours.uri().getPort(), shape);
                    timings.add(shape.name() + " " + (nginxDone - started) / 1_000_000 + " ms / "
                            + (System.nanoTime() - nginxDone) / 1_000_000 + " ms");
                    exchanges.append("shape '").append(shape.name()).append("'\n")
                            .append(ExchangeText.of("nginx", throughNginx)).append(ExchangeText.of("ours", throughOurs));
                    List<String> differences = new ArrayList<>(ExchangeDiff.differences(shape.name(), shape.check(),
                            throughNginx, throughOurs, shape.streamedMarks(), STREAM_SLACK_MILLIS));
                    differences.removeIf(difference -> explainedWhy(shape.name(), difference, explained));
                    if (!differences.isEmpty()) differing.add(shape.name());
                    if (!ExchangeDiff.nginxAnswered(throughNginx)) nginxSilent.add(shape.name());
                    report.addAll(differences);
                }
            } finally {
                stop(ours, report);
            }
        }
        String summary = differing.size() + " of " + shapes.size() + " request shapes differ from nginx: " + differing
                + "\nno final answer through nginx, the client's side not compared: " + nginxSilent
                + "\nthe same difference in several shapes:\n" + recurring(report)
                + "\nexplained differences (on purpose):\n  " + String.join("\n  ", explained);
        Files.writeString(Path.of("target", "nginx-differential-report.txt"), summary + "\n" + String.join("\n", report)
                + "\nsame as nginx: " + shapes.stream().map(RequestShape::name).filter(n -> !differing.contains(n))
                .collect(Collectors.joining(", ")) + "\ntime per shape, nginx / ours: " + timings + "\n");
        Files.writeString(Path.of("target", "nginx-differential-exchanges.txt"), exchanges);
        if (!report.isEmpty()) fail(summary + "\n" + String.join("\n", report));
    }

    /** Whether {@code difference} is one of {@link #EXPLAINED}; if so it is noted with its reason. */
    private static boolean explainedWhy(String shape, String difference, List<String> explained) {
        for (Explained why : EXPLAINED) {
            if (why.covers(shape, difference)) {
                explained.add(difference + " — " + why.reason());
                return true;
            }
        }
        return false;
    }

    /** A difference on purpose: in the shapes {@code shapes} matches, the differences {@code difference} matches. */
    record Explained(Pattern shapes, Pattern difference, String reason) {
        /** One shape (or those whose name starts so), differences that start with the words given. */
        static Explained startingWith(String shapeName, String differencePrefix, String reason) {
            return new Explained(Pattern.compile(Pattern.quote(shapeName) + ".*"),
                    Pattern.compile(Pattern.quote(differencePrefix) + ".*"), reason);
        }

        boolean covers(String shape, String found) {
            String prefix = "shape '" + shape + "': ";
            return shapes.matcher(shape).matches() && found.startsWith(prefix)
                    && difference.matcher(found.substring(prefix.length())).matches();
        }
    }

    /** Differences that recur across shapes (ignoring the shape's name), most frequent first: read these first. */
    static String recurring(List<String> report) {
        Map<String, Long> counts = report.stream().map(d -> d.replaceFirst("^shape '[^']*': ", ""))
                .collect(Collectors.groupingBy(d -> d, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().filter(e -> e.getValue() >= 3)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> "  " + e.getValue() + " shapes: " + e.getKey()).collect(Collectors.joining("\n"));
    }

    /** A proxy that cannot stop (a request it still holds) is one more finding, not the end of the report. */
    private static void stop(Proxy ours, List<String> report) {
        try {
            ours.close();
        } catch (RuntimeException e) {
            report.add("avatar-offload did not stop cleanly after the shapes: " + e + " (cause: " + e.getCause() + ")");
        }
    }

    /** One shape through one front: the forum scripted, the request sent, what both ends saw collected. */
    private static ExchangeDiff.Exchange exchange(RecordingUpstream upstream, int frontPort, RequestShape shape)
            throws IOException {
        upstream.answer(shape.upstreamAnswer()); // a new shape: what arrives late for the previous one is dropped
        RawClient.Response clientResponse = RawClient.exchange(frontPort, shape.clientRequest(), shape.patience());
        return new ExchangeDiff.Exchange(upstream.takeAll(UPSTREAM_SETTLE), clientResponse);
    }

    private OffloadConfig config(URI forum) {
        return TestConfig.builder().upstream(forum).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 16L << 20, 4L << 20).route(EndToEndContract.USER_AVATAR)
                .build();
    }
}

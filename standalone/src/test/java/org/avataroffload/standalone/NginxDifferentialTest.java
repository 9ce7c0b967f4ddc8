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
import java.util.stream.Collectors;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.CacheConfig;
import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.ServerConfig;
import org.avataroffload.config.StoreConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.ExchangeDiff;
import org.avataroffload.testing.ExchangeText;
import org.avataroffload.testing.RawClient;
import org.avataroffload.testing.RecordingUpstream;
import org.avataroffload.testing.RequestShape;
import org.avataroffload.testing.RequestShapes;
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
class NginxDifferentialTest {
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
                    List<String> differences = ExchangeDiff.differences(shape.name(), shape.check(), throughNginx,
                            throughOurs, shape.streamedMarks(), STREAM_SLACK_MILLIS);
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
                + "\nthe same difference in several shapes:\n" + recurring(report);
        Files.writeString(Path.of("target", "nginx-differential-report.txt"), summary + "\n" + String.join("\n", report)
                + "\nsame as nginx: " + shapes.stream().map(RequestShape::name).filter(n -> !differing.contains(n))
                .collect(Collectors.joining(", ")) + "\ntime per shape, nginx / ours: " + timings + "\n");
        Files.writeString(Path.of("target", "nginx-differential-exchanges.txt"), exchanges);
        if (!report.isEmpty()) fail(summary + "\n" + String.join("\n", report));
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
        return new OffloadConfig(new ServerConfig("127.0.0.1", 0), UpstreamConfig.of(forum),
                new StoreConfig(StoreConfig.Type.FILE, new FileStoreConfig(dir.resolve("store")), null),
                new CacheConfig(dir.resolve("cache"), 16L << 20, 4L << 20), ImageConfig.DEFAULT,
                List.of(EndToEndContract.USER_AVATAR), AdminConfig.DEFAULT);
    }
}

package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avataroffload.config.LogConfig;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.outcome.RequestOutcome;
import org.avataroffload.outcome.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

class AccessLogTest {
    /** NCSA combined, then route, outcome, tier and ms; quoted fields may hold \xHH escapes but no bare quote. */
    static final Pattern COMBINED = Pattern.compile("^(\\S+) - - \\[(\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000)] "
            + "\"((?:[^\"\\\\]|\\\\x[0-9a-f]{2})*)\" (\\d{3}) (\\d+|-) \"((?:[^\"\\\\]|\\\\x[0-9a-f]{2})*)\" "
            + "\"((?:[^\"\\\\]|\\\\x[0-9a-f]{2})*)\" route=(\\S+) outcome=(\\S+) tier=(\\S+) ms=(\\d+\\.\\d{3})$");
    static final Instant TIME = Instant.parse("2026-11-26T10:51:01Z");

    @TempDir
    Path dir;

    static List<Disposition> everyOutcome() {
        return List.of(avatar(RequestOutcome.HIT, Tier.MEMORY), avatar(RequestOutcome.HIT, Tier.DISK),
                avatar(RequestOutcome.HIT, Tier.STORE), avatar(RequestOutcome.MISS, Tier.GENERATED),
                avatar(RequestOutcome.REDIRECT, null), avatar(RequestOutcome.REDIRECT, Tier.LOCATED),
                avatar(RequestOutcome.RELAY, null), avatar(RequestOutcome.BUSY, null),
                avatar(RequestOutcome.PASSTHROUGH, null), Disposition.NOT_OURS, Disposition.ADMIN);
    }

    static Disposition avatar(RequestOutcome outcome, Tier tier) {
        return new Disposition(Optional.of("user_avatar"), outcome, Optional.ofNullable(tier), Optional.empty());
    }

    static AccessLog.Line line(Disposition answer) {
        return new AccessLog.Line(TIME, "127.0.0.1", "GET", "/user_avatar/h/bob/48/1_2.png?v=\"1\"", "HTTP/1.1", 200,
                1234, Optional.of("https://forum.example/t/\"quoted\"\\path"), Optional.of("Mozilla/5.0 \"x\"\u0001"),
                answer, 1_234_567);
    }

    @ParameterizedTest
    @MethodSource("everyOutcome")
    void combined_isNcsaCombinedWithTheOutcomeAppended(Disposition answer) {
        String text = AccessLog.combined(line(answer));

        Matcher m = COMBINED.matcher(text);
        assertThat(m.matches()).as(text).isTrue();
        assertThat(m.group(1)).isEqualTo("127.0.0.1");
        assertThat(m.group(2)).isEqualTo("26/Nov/2026:10:51:01 +0000");
        assertThat(m.group(3)).isEqualTo("GET /user_avatar/h/bob/48/1_2.png?v=\\x221\\x22 HTTP/1.1");
        assertThat(m.group(4)).isEqualTo("200");
        assertThat(m.group(5)).isEqualTo("1234");
        assertThat(m.group(6)).isEqualTo("https://forum.example/t/\\x22quoted\\x22\\x5cpath");
        assertThat(m.group(7)).isEqualTo("Mozilla/5.0 \\x22x\\x22\\x01");
        assertThat(m.group(8)).isEqualTo(answer.route().orElse("-"));
        assertThat(m.group(9)).isEqualTo(answer.outcome().label());
        assertThat(m.group(10)).isEqualTo(answer.tier().map(Tier::label).orElse("-"));
        assertThat(m.group(11)).isEqualTo("1.235");
    }

    @ParameterizedTest
    @MethodSource("everyOutcome")
    void json_isOneObjectWithEveryKey(Disposition answer) {
        String text = AccessLog.json(line(answer));

        assertThat(text).doesNotContain("\n");
        Map<String, Object> json = parse(text);
        assertThat(json).containsOnlyKeys("time", "remote", "method", "target", "protocol", "status", "bytes", "referer",
                "userAgent", "route", "outcome", "tier", "ms");
        assertThat(json).containsEntry("time", "2026-11-26T10:51:01Z").containsEntry("remote", "127.0.0.1")
                .containsEntry("method", "GET").containsEntry("target", "/user_avatar/h/bob/48/1_2.png?v=\"1\"")
                .containsEntry("status", 200).containsEntry("bytes", 1234)
                .containsEntry("referer", "https://forum.example/t/\"quoted\"\\path")
                .containsEntry("userAgent", "Mozilla/5.0 \"x\"\u0001")
                .containsEntry("route", answer.route().orElse(null)).containsEntry("outcome", answer.outcome().label())
                .containsEntry("tier", answer.tier().map(Tier::label).orElse(null)).containsEntry("ms", 1.235);
    }

    @Test
    void discoursesApiKeysInTheQuery_areNotWritten() {
        AccessLog.Line line = new AccessLog.Line(TIME, "127.0.0.1", "GET",
                "/latest.rss?api_key=abc123secret&api_username=sam&User_Api_Key=def456secret&page=2", "HTTP/1.1", 200,
                10, Optional.empty(), Optional.empty(), Disposition.NOT_OURS, 1_000);

        assertThat(line.target()).isEqualTo("/latest.rss?api_key=***&api_username=sam&User_Api_Key=***&page=2");
    }

    @Test
    void absentHeadersAndAnUnknownLength_areDashesOrNulls() {
        AccessLog.Line line = new AccessLog.Line(TIME, "::1", "HEAD", "/", "HTTP/2.0", 304, -1, Optional.empty(),
                Optional.empty(), Disposition.NOT_OURS, 50_000);

        assertThat(AccessLog.combined(line)).matches(COMBINED)
                .endsWith("\"HEAD / HTTP/2.0\" 304 - \"-\" \"-\" route=- outcome=passthrough tier=- ms=0.050");
        assertThat(parse(AccessLog.json(line))).containsEntry("bytes", null).containsEntry("referer", null)
                .containsEntry("userAgent", null).containsEntry("route", null);
    }

    @Test
    void aFileInADirectoryThatDoesNotExist_stopsTheStart_namingTheKeyAndTheDirectory() {
        Path file = dir.resolve("no-such-dir/access.log");

        assertThatThrownBy(() -> AccessLog.open(new LogConfig(LogConfig.AccessFormat.COMBINED, Optional.of(file))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("log.accessFile " + file + ": directory " + dir.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void aFile_getsOneLinePerRequest_andTheMetricCountsEvenWhenTheLogIsOff() throws Exception {
        Path file = dir.resolve("access.log");
        OffloadMetrics metrics = new OffloadMetrics();
        try (RequestLog log = RequestLog.open(new LogConfig(LogConfig.AccessFormat.JSON, Optional.of(file)), metrics,
                Clock.systemUTC());
             RequestLog off = RequestLog.open(new LogConfig(LogConfig.AccessFormat.OFF,
                     Optional.of(dir.resolve("no.log"))), metrics, Clock.systemUTC())) {
            log.finished(line(avatar(RequestOutcome.HIT, Tier.MEMORY)));
            log.finished(line(Disposition.ADMIN));
            off.finished(line(avatar(RequestOutcome.MISS, Tier.GENERATED)));
        }

        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(text -> assertThat(parse(text)).containsKey("outcome"));
        assertThat(dir.resolve("no.log")).doesNotExist();
        assertThat(metrics.count("offload_requests", "route", "user_avatar", "outcome", "hit")).isEqualTo(1);
        assertThat(metrics.count("offload_requests", "route", "user_avatar", "outcome", "miss")).isEqualTo(1);
        assertThat(metrics.count("offload_requests", "outcome", "admin")).as("admin requests are not counted").isZero();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        // JSON is YAML's flow style: SnakeYAML (already on the classpath) parses it
        return (Map<String, Object>) new Yaml().load(json);
    }
}

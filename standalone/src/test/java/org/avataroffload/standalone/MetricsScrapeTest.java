package org.avataroffload.standalone;

import org.avataroffload.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.avataroffload.config.LogConfig;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scrape of a running standalone server after some traffic: every metric the README and the dashboard name is
 * there, with the labels they use, and no label carries a key or a username.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsScrapeTest {
    static final String HOST = "forum.example.com";
    @TempDir
    static Path dir;
    FakeForum forum;
    Proxy proxy;
    PrometheusText scrape;

    @BeforeAll
    void trafficThenScrape() throws Exception {
        forum = FakeForum.start().withUser("alice", Color.RED).withJpegUser("jpegjoe", Color.BLUE);
        proxy = start(forum, dir);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        for (String path : List.of(avatar("alice", 48), avatar("alice", 48), avatar("alice", 50), avatar("jpegjoe", 96),
                avatar("nobody", 288), avatar("nobody", 48), "/t/topic/1")) {
            client.send(HttpRequest.newBuilder(proxy.uri().resolve(path)).build(), HttpResponse.BodyHandlers.discarding());
        }
        scrape = scrapeAfterGc(proxy);
    }

    static Proxy start(FakeForum forum, Path dir) {
        return Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 64L << 20, 8L << 20).route(EndToEndContract.USER_AVATAR)
                .log(new LogConfig(LogConfig.AccessFormat.OFF, java.util.Optional.empty())).build());
    }

    /** GC pauses appear once a GC has run: ask for one and wait, within a bound, until the scrape shows it. */
    static PrometheusText scrapeAfterGc(Proxy proxy) {
        return Eventually.valueWithin(Duration.ofSeconds(10), () -> {
            System.gc();
            return PrometheusText.parse(proxy.offload().metrics().scrape());
        }, text -> !text.find("jvm_gc_pause_seconds_count").isEmpty());
    }

    @AfterAll
    void stop() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
    }

    static String avatar(String user, int size) {
        return "/user_avatar/" + HOST + "/" + user + "/" + size + "/1_2.png";
    }

    @Test
    void requests_perRouteAndOutcome_countedAndTimedWithBuckets() {
        assertThat(scrape.sum("offload_requests_seconds_count", "route", "user_avatar", "outcome", "miss")).isEqualTo(2);
        assertThat(scrape.sum("offload_requests_seconds_count", "route", "user_avatar", "outcome", "hit")).isEqualTo(1);
        assertThat(scrape.sum("offload_requests_seconds_count", "route", "user_avatar", "outcome", "redirect")).isEqualTo(1);
        assertThat(scrape.sum("offload_requests_seconds_count", "route", "user_avatar", "outcome", "relay")).isEqualTo(1);
        assertThat(scrape.sum("offload_requests_seconds_count", "route", "user_avatar", "outcome", "passthrough")).isEqualTo(1);
        assertThat(scrape.find("offload_requests_seconds_count", "route", "user_avatar", "outcome", "busy"))
                .as("a series that has seen nothing yet is there at 0").singleElement()
                .extracting(PrometheusText.Sample::value).isEqualTo(0.0);
        assertThat(scrape.sum("offload_requests_seconds_count", "route", OffloadMetrics.NO_ROUTE, "outcome", "passthrough"))
                .isEqualTo(1);
        assertThat(scrape.find("offload_requests_seconds_bucket", "route", "user_avatar", "outcome", "hit"))
                .extracting(s -> s.labels().get("le")).contains("0.001", "0.1", "1.0", "+Inf");
        assertThat(scrape.names()).contains("offload_requests_seconds_sum", "offload_requests_seconds_max");
    }

    @Test
    void cache_hitsPerTierAndMisses_giveARatio() {
        for (String tier : List.of("memory", "disk", "store")) {
            assertThat(scrape.find("offload_cache_hits_total", "tier", tier)).as(tier).hasSize(1);
        }
        assertThat(scrape.sum("offload_cache_misses_total")).isGreaterThanOrEqualTo(2);
        assertThat(scrape.sum("offload_master_fetches_total", "source", "upstream")).isEqualTo(2);
    }

    @Test
    void storeAndForum_latencies() {
        assertThat(scrape.sum("offload_store_operations_seconds_count", "operation", "put", "outcome", "ok")).isPositive();
        assertThat(scrape.find("offload_store_operations_seconds_bucket", "operation", "head")).isNotEmpty();
        assertThat(scrape.sum("offload_upstream_fetch_seconds_count", "outcome", "2xx")).isEqualTo(4);
        for (String outcome : List.of("3xx", "4xx", "5xx", "error")) {
            assertThat(scrape.find("offload_upstream_fetch_seconds_count", "outcome", outcome)).as(outcome).hasSize(1);
        }
    }

    @Test
    void resizes_perFormat_countedAsBefore_andTimed() {
        assertThat(scrape.sum("offload_resizes_total", "format", "png")).isPositive();
        assertThat(scrape.sum("offload_resizes_total", "format", "jpg")).isPositive();
        assertThat(scrape.sum("offload_resize_seconds_count", "format", "png")).isPositive();
        assertThat(scrape.find("offload_resize_seconds_bucket", "format", "jpg")).isNotEmpty();
    }

    @Test
    void pools_showQueueAndActiveThreads() {
        for (String pool : List.of("offload-miss", "offload-render")) {
            assertThat(scrape.find("executor_queued_tasks", "name", pool)).as(pool).hasSize(1);
            assertThat(scrape.find("executor_active_threads", "name", pool)).as(pool).hasSize(1);
            assertThat(scrape.find("executor_queue_remaining_tasks", "name", pool)).as(pool).hasSize(1);
        }
        assertThat(scrape.sum("executor_completed_tasks_total", "name", "offload-miss")).isPositive();
    }

    @Test
    void jvmAndJetty_meters() {
        assertThat(scrape.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
        assertThat(scrape.names()).contains("jvm_memory_max_bytes", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum",
                "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage", "system_cpu_count",
                "process_uptime_seconds", "jetty_threads_busy", "jetty_threads_idle", "jetty_threads_jobs",
                "jetty_threads_config_max", "jetty_connections_current_connections");
        assertThat(scrape.sum("jetty_threads_config_max")).isEqualTo(256);
    }

    @Test
    void noLabel_namesAKeyOrAUser() {
        String text = proxy.offload().metrics().scrape();

        assertThat(text).doesNotContain("alice", "jpegjoe", "nobody", HOST, "1_2", "/user_avatar");
        assertThat(scrape.samples()).flatExtracting(s -> s.labels().keySet()).doesNotContain("key", "user", "username",
                "path", "uri");
    }
}

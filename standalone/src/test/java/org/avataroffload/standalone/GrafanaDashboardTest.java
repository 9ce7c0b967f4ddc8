package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** conf/grafana-dashboard.json asks only for metrics a running proxy really exposes, under those exact names. */
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of(System.getProperty("project.root", ".."), "conf", "grafana-dashboard.json");
    /** PromQL's own words: functions, aggregations, modifiers. Anything else an expression names is a metric. */
    static final Set<String> PROMQL = Set.of("sum", "avg", "max", "min", "count", "rate", "irate", "increase",
            "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
            "clamp_min", "clamp_max", "topk", "bottomk", "offset", "bool", "label_values");
    static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @TempDir
    Path dir;

    @Test
    void everyExpression_namesOnlyMetricsOfALiveScrape() throws Exception {
        List<String> expressions = expressions();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);
        Set<String> named = new LinkedHashSet<>();
        for (String expression : expressions) {
            Set<String> metrics = metricsIn(expression);
            assertThat(metrics).as("a metric in " + expression).isNotEmpty();
            named.addAll(metrics);
        }

        PrometheusText scrape;
        try (FakeForum forum = FakeForum.start().withUser("alice", Color.RED);
             Proxy proxy = MetricsScrapeTest.start(forum, dir)) {
            HttpClient client = HttpClient.newHttpClient();
            client.send(HttpRequest.newBuilder(proxy.uri().resolve("/user_avatar/h/alice/48/1_2.png")).build(),
                    HttpResponse.BodyHandlers.discarding());
            scrape = MetricsScrapeTest.scrapeAfterGc(proxy);
        }
        assertThat(scrape.names()).containsAll(named);
        // the panels the issue asks for, by what they draw
        assertThat(named).contains("offload_requests_seconds_count", "offload_requests_seconds_bucket",
                "offload_cache_hits_total", "offload_cache_misses_total", "offload_store_operations_seconds_bucket",
                "offload_upstream_fetch_seconds_bucket", "executor_queued_tasks", "executor_active_threads",
                "offload_resize_seconds_bucket", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum", "jetty_threads_busy");
    }

    /** Every "expr" of every panel's targets, and the node variable's query. */
    @SuppressWarnings("unchecked")
    static List<String> expressions() throws Exception {
        Map<String, Object> dashboard = (Map<String, Object>) new Yaml().load(Files.readString(DASHBOARD));
        List<String> found = new ArrayList<>();
        collect(dashboard, found);
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (("expr".equals(key) || "definition".equals(key)) && value instanceof String text) found.add(text);
                collect(value, found);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, found));
        }
    }

    /** The metric names in an expression: strings, label matchers, grouping clauses and ranges taken out first. */
    static Set<String> metricsIn(String expression) {
        String bare = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!PROMQL.contains(word) && !number) metrics.add(word);
        }
        // label_values(metric, label): the second argument is a label
        if (expression.startsWith("label_values(")) metrics.remove(expression.replaceAll(".*,\\s*(\\w+)\\)$", "$1"));
        return metrics;
    }

    @Test
    void metricsIn_skipsFunctionsLabelsAndRanges() {
        assertThat(metricsIn("histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{x=~\"$v\",y!=\"b c\"}[$__rate_interval])))"
                + " / ignoring(tier) group_left() sum(b_total[5m]) + 1e3")).containsExactly("a_bucket", "b_total");
        assertThat(metricsIn("label_values(offload_requests_seconds_count, instance)"))
                .containsExactly("offload_requests_seconds_count");
    }
}

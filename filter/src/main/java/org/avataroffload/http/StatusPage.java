package org.avataroffload.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.avataroffload.AvatarOffload;
import org.avataroffload.avatar.Avatar;
import org.avataroffload.metrics.RecentHistory;
import org.avataroffload.metrics.RecentHistory.AnsweredBy;
import org.avataroffload.metrics.TopAvatars;
import org.avataroffload.resilience.Health;

/**
 * {@code <admin.path>/}: the node at a glance, as one HTML page with nothing to fetch: inline CSS, charts as inline
 * SVG drawn here, thumbnails as {@code data:} URIs (so the page works behind whatever guards the admin path, with no
 * second request to authorise). It names users and keys: admin only.
 */
final class StatusPage {
    /** Served with the page: nothing but itself, its inline style and its data: images may load. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'";
    static final int TOP = 12;
    /** Larger thumbnails are left out: the page should stay small. */
    static final int THUMBNAIL_BYTES = 64 * 1024;
    private static final Set<String> THUMBNAIL_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa;\
            margin:0;padding:24px 32px;max-width:1136px}
            header{display:flex;align-items:baseline;gap:12px;margin-bottom:8px}
            h1{font-size:22px;margin:0}h2{font-size:16px;margin:0 0 8px}
            section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:14px 16px;margin:14px 0}
            .muted{color:#656d76}.badge{font-weight:600;border-radius:10px;padding:1px 8px;font-size:12px}
            .up{background:#dafbe1;color:#116329}.down{background:#ffebe9;color:#a40e26}\
            .degraded{background:#fff8c5;color:#7d4e00}
            table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-top:1px solid #eaeef2;\
            vertical-align:middle}th{font-weight:600;color:#656d76;border-top:0}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:13px;word-break:break-all}
            .charts{display:flex;flex-wrap:wrap;gap:16px}.charts figure{margin:0;min-width:0;max-width:100%}
            .chart{max-width:100%;height:auto}@media (max-width:640px){body{padding:12px}section{padding:10px}}
            figcaption{font-weight:600;margin-bottom:4px}
            .chart text{font-size:11px;fill:#656d76}.chart .axis{stroke:#8c959f}.chart .grid{stroke:#eaeef2}
            .chart polyline{fill:none;stroke-width:2;stroke-linejoin:round}
            .requests{stroke:#0969da;fill:#0969da}.hits{stroke:#1a7f37;fill:#1a7f37}.local{stroke:#8250df;fill:#8250df}
            .chart polyline.local{stroke-dasharray:4 3}.chart circle.local{fill:none;stroke-width:2;r:6px}
            .legend span{display:inline-block;width:10px;height:3px;margin:0 4px 3px 10px}
            .legend span.hits{background:#1a7f37}.legend span.local{background:#8250df}
            img.thumb,.nothumb{width:40px;height:40px;border-radius:50%;display:inline-block;background:#eaeef2;\
            object-fit:cover}
            """;

    private StatusPage() {
    }

    static String render(AvatarOffload offload, Health health, Instant now) {
        List<RecentHistory.Minute> minutes = offload.requestLog().history().minutes();
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>avatar-offload status</title><style>").append(STYLE).append("</style></head><body>");
        html.append("<header><h1>avatar-offload</h1>").append(badge(HealthReport.status(health)))
                .append("<span class=\"muted\">").append(escape(TIME.format(now))).append("</span></header>");
        dependencies(html, health);
        forum(html, offload);
        charts(html, minutes);
        mostRequested(html, offload);
        config(html, offload);
        return html.append("</body></html>\n").toString();
    }

    private static void dependencies(StringBuilder html, Health health) {
        html.append("<section id=\"health\"><h2>Dependencies</h2><table><tr><th>name</th><th>target</th><th>state</th>")
                .append("<th>kind</th><th>last error</th></tr>");
        for (HealthReport.Row dependency : HealthReport.rows(health)) {
            html.append("<tr><td>").append(escape(dependency.name())).append("</td><td><code>")
                    .append(escape(dependency.target())).append("</code></td><td>").append(badge(dependency.state()))
                    .append("</td><td class=\"kind\">").append(escape(dependency.kind()))
                    .append("</td><td class=\"muted\"><code>").append(escape(dependency.lastError()))
                    .append("</code></td></tr>");
        }
        html.append("</table></section>");
    }

    /** Every open browser tab holds one pass-through (its message-bus long poll): the forum's live load on this node. */
    private static void forum(StringBuilder html, AvatarOffload offload) {
        html.append("<section id=\"forum\"><h2>Forum</h2><p id=\"passthrough-in-flight\">")
                .append(offload.metrics().passThroughsInFlight())
                .append(" requests on their way to the forum now (long polls included)</p></section>");
    }

    private static void charts(StringBuilder html, List<RecentHistory.Minute> minutes) {
        List<Double> requests = minutes.stream().map(m -> (double) m.requests()).toList();
        List<Double> hitRatio = minutes.stream().map(m -> percent(m.hits(), m.requests())).toList();
        List<Double> localRatio = minutes.stream()
                .map(m -> percent(m.count(AnsweredBy.MEMORY) + m.count(AnsweredBy.DISK), m.requests())).toList();
        double top = SvgChart.roundUp(requests.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        String start = "-" + (minutes.size() - 1) + " min";
        html.append("<section id=\"traffic\"><h2>Avatar requests, last hour</h2>");
        totals(html, minutes);
        html.append("<div class=\"charts\"><figure id=\"request-rate\"><figcaption>Requests per minute</figcaption>")
                .append(SvgChart.render("Avatar requests per minute, last hour",
                        List.of(new SvgChart.Series("requests", "requests", requests)), top,
                        String.format(Locale.ROOT, "%,d/min", (long) top), start))
                .append("</figure><figure id=\"hit-ratio\"><figcaption>Hit ratio</figcaption>")
                .append(SvgChart.render("Hit ratio per minute, last hour", List.of(
                        new SvgChart.Series("hits", "hits", hitRatio),
                        new SvgChart.Series("local", "local", localRatio)), 100, "100%", start))
                .append("<div class=\"legend muted\"><span class=\"hits\"></span>any tier")
                .append("<span class=\"local\"></span>this node (memory, disk)</div>")
                .append("</figure></div></section>");
    }

    private static void totals(StringBuilder html, List<RecentHistory.Minute> minutes) {
        long requests = minutes.stream().mapToLong(RecentHistory.Minute::requests).sum();
        long hits = minutes.stream().mapToLong(RecentHistory.Minute::hits).sum();
        html.append("<p class=\"muted\" id=\"totals\">").append(requests).append(" requests");
        if (requests > 0) html.append(", ").append(fmt(percent(hits, requests))).append("% hits");
        html.append(" —");
        for (AnsweredBy answeredBy : AnsweredBy.values()) {
            long count = minutes.stream().mapToLong(m -> m.count(answeredBy)).sum();
            html.append(' ').append(answeredBy.name().toLowerCase(Locale.ROOT)).append(' ').append(count);
        }
        html.append("</p>");
    }

    private static void mostRequested(StringBuilder html, AvatarOffload offload) {
        List<TopAvatars.Entry> top = offload.requestLog().mostRequested().top(TOP);
        html.append("<section id=\"top-avatars\"><h2>Most requested avatars, since start</h2>");
        if (top.isEmpty()) {
            html.append("<p class=\"muted\">No avatar requested yet.</p></section>");
            return;
        }
        html.append("<table><tr><th></th><th>route</th><th>key</th><th>size</th><th>encoding</th>")
                .append("<th class=\"num\">requests</th></tr>");
        for (TopAvatars.Entry entry : top) {
            // a size key is <route>/<key>/<size>/<encoding>, and the key may hold '/'
            String key = entry.sizeKey();
            int routeEnd = key.indexOf('/');
            int encodingStart = key.lastIndexOf('/');
            int sizeStart = key.lastIndexOf('/', encodingStart - 1);
            html.append("<tr><td>").append(thumbnail(offload.avatars().inMemory(key))).append("</td><td>")
                    .append(escape(key.substring(0, routeEnd))).append("</td><td><code>")
                    .append(escape(DisplayText.decoded(key.substring(routeEnd + 1, sizeStart))))
                    .append("</code></td><td>")
                    .append(escape(key.substring(sizeStart + 1, encodingStart))).append("</td><td>")
                    .append(escape(key.substring(encodingStart + 1))).append("</td><td class=\"num\">")
                    .append(entry.requests()).append("</td></tr>");
        }
        html.append("</table></section>");
    }

    private static String thumbnail(Optional<Avatar> avatar) {
        if (avatar.isEmpty() || avatar.get().bytes().length > THUMBNAIL_BYTES
                || !THUMBNAIL_TYPES.contains(avatar.get().contentType())) {
            return "<span class=\"nothumb\" title=\"not in memory\"></span>";
        }
        return "<img class=\"thumb\" alt=\"\" width=\"40\" height=\"40\" src=\"data:" + avatar.get().contentType()
                + ";base64," + Base64.getEncoder().encodeToString(avatar.get().bytes()) + "\">";
    }

    private static void config(StringBuilder html, AvatarOffload offload) {
        html.append("<section id=\"config\"><h2>Config in effect</h2><table>");
        for (Map.Entry<String, String> row : ConfigSummary.rows(offload.config())) {
            html.append("<tr><th>").append(escape(row.getKey())).append("</th><td><code>").append(escape(row.getValue()))
                    .append("</code></td></tr>");
        }
        html.append("</table></section>");
    }

    private static String badge(String state) {
        String css = switch (state) {
            case HealthReport.UP -> "up";
            case HealthReport.DEGRADED -> "degraded";
            default -> "down";
        };
        return "<span class=\"badge " + css + "\">" + escape(state) + "</span>";
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Text and attribute values: the five characters HTML gives meaning to. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

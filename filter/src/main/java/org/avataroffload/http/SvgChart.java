package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart as inline SVG, drawn on the server: the status page needs no script and no external asset.
 * Values are evenly spaced in time, the last one "now"; a missing value (NaN: no requests that minute) breaks the line.
 */
final class SvgChart {
    static final int WIDTH = 540;
    static final int HEIGHT = 150;
    /** The least room left of the plot; a wider top label gets more (see {@link #left}). */
    private static final int LEFT = 46;
    /** Between a label's end and the plot. */
    private static final int LABEL_GAP = 6;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 22;

    /** One line: its name in the legend, its CSS class, its values (NaN where unknown). */
    record Series(String name, String cssClass, List<Double> values) {
        Series {
            values = List.copyOf(values);
        }
    }

    private SvgChart() {
    }

    /**
     * @param yMax       the value at the top of the chart
     * @param yMaxLabel  how the top value reads, e.g. {@code 100%} or {@code 20/min}
     * @param startLabel how the first value's time reads, e.g. {@code -59 min}
     */
    static String render(String title, List<Series> series, double yMax, String yMaxLabel, String startLabel) {
        int left = left(yMaxLabel);
        double plotWidth = WIDTH - left - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double bottom = TOP + plotHeight;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" aria-label=\"").append(StatusPage.escape(title)).append("\">")
                .append("<title>").append(StatusPage.escape(title)).append("</title>");
        svg.append("<line class=\"grid\" x1=\"").append(left).append("\" y1=\"").append(TOP).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(TOP).append("\"/>");
        svg.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(fmt(bottom)).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(fmt(bottom)).append("\"/>");
        svg.append(text(left - LABEL_GAP, TOP + 4, "end", yMaxLabel))
                .append(text(left - LABEL_GAP, bottom, "end", "0")).append(text(left, HEIGHT - 6, "start", startLabel))
                .append(text(WIDTH - RIGHT, HEIGHT - 6, "end", "now"));
        for (Series line : series) {
            int n = line.values().size();
            double step = n > 1 ? plotWidth / (n - 1) : 0;
            List<String> segment = new ArrayList<>();
            String last = null;
            for (int i = 0; i < n; i++) {
                double value = line.values().get(i);
                if (Double.isNaN(value)) {
                    polyline(svg, line, segment);
                    segment.clear();
                    continue;
                }
                double y = bottom - plotHeight * Math.min(1, Math.max(0, value / yMax));
                last = fmt(left + i * step) + "," + fmt(y);
                segment.add(last);
            }
            polyline(svg, line, segment);
            if (last != null) { // the latest value, visible even when it stands alone
                String[] xy = last.split(",");
                svg.append("<circle class=\"").append(line.cssClass()).append("\" cx=\"").append(xy[0])
                        .append("\" cy=\"").append(xy[1]).append("\" r=\"3\"/>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** A value at the top of the chart that is round and above {@code max}: 1, 2, 5, 10, 20, 50… */
    static double roundUp(double max) {
        double scale = 1;
        while (true) {
            for (int step : new int[] {1, 2, 5}) {
                if (step * scale >= max) return step * scale;
            }
            scale *= 10;
        }
    }

    /**
     * Room for the top label left of the plot, so a wide one ({@code 20,000/min}) is never cut at the chart's edge.
     * The SVG is drawn without knowing the browser's font: each character counts at least as wide as in DejaVu Sans
     * (Linux's usual sans-serif, among the widest) at the charts' 11px.
     */
    static int left(String label) {
        double width = 0;
        for (char c : label.toCharArray()) {
            width += "mwMW%@".indexOf(c) >= 0 ? 11 : "il/,.:;'|!-() jtfr".indexOf(c) >= 0 ? 4.5 : 7.2;
        }
        return Math.max(LEFT, (int) Math.ceil(width) + LABEL_GAP + 2);
    }

    private static void polyline(StringBuilder svg, Series line, List<String> points) {
        if (points.isEmpty()) return;
        svg.append("<polyline class=\"").append(line.cssClass()).append("\" data-series=\"")
                .append(StatusPage.escape(line.name())).append("\" points=\"").append(String.join(" ", points))
                .append("\"/>");
    }

    private static String text(double x, double y, String anchor, String label) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">"
                + StatusPage.escape(label) + "</text>";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}

package org.avataroffload.bulk;

import java.time.Duration;
import java.util.Locale;

/** The progress lines: one redrawn line with a bar on a terminal, a plain line for logs. Pure functions. */
public final class ProgressFormat {
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 40;

    private ProgressFormat() {
    }

    /**
     * For a terminal, at most {@code width} characters:
     * {@code import [##########----------]  450/1000  45%  2 failed  38.2/s  ETA 0:14}.
     */
    public static String bar(Progress progress, int width) {
        String counts = String.format(Locale.ROOT, "  %d/%d %3d%%  %d failed  %s/s  ETA %s", progress.done(),
                progress.total(), percent(progress), progress.failed(), rate(progress), eta(progress));
        int room = width - progress.name().length() - counts.length() - 3;
        if (room < MIN_BAR) return truncate(progress.name() + counts, width);
        int barWidth = Math.min(MAX_BAR, room);
        int filled = (int) Math.floor(progress.fraction() * barWidth);
        return progress.name() + " [" + "#".repeat(filled) + "-".repeat(barWidth - filled) + "]" + counts;
    }

    /** For a log or a pipe: {@code import: 450/1000 (45%), 2 failed, 38.2/s, ETA 0:14}. */
    public static String plain(Progress progress) {
        return String.format(Locale.ROOT, "%s: %d/%d (%d%%), %d failed, %s/s, ETA %s", progress.name(), progress.done(),
                progress.total(), percent(progress), progress.failed(), rate(progress), eta(progress));
    }

    /** {@code 0:14}, {@code 12:05}, {@code 3:12:05}; tenths of a second under a minute for elapsed times. */
    public static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        return clock(seconds);
    }

    private static String eta(Progress progress) {
        if (progress.done() >= progress.total()) return "0:00";
        return progress.eta().map(d -> clock(d.toSeconds())).orElse("-");
    }

    private static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    private static String rate(Progress progress) {
        return String.format(Locale.ROOT, "%.1f", progress.rate());
    }

    private static int percent(Progress progress) {
        return (int) Math.floor(progress.fraction() * 100);
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width));
    }
}

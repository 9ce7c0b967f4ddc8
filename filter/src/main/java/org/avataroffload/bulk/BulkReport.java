package org.avataroffload.bulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a run ended: counts by outcome (in the job's order), every failure and every skip with its reason, and the time
 * taken. The summary is what the command prints last, after a normal end and after Ctrl-C alike.
 *
 * @param done  items finished; less than {@code total} when the run was stopped
 * @param skips items left undone for a reason ({@link BulkOutcome#isSkip()}), e.g. not the avatar's current version
 */
public record BulkReport(String name, boolean dryRun, boolean stopped, long total, long done,
                         Map<BulkOutcome, Long> counts, List<Failure> failures, List<Failure> skips, List<String> notes,
                         Duration elapsed) {

    /** An item that failed or was skipped, and why. */
    public record Failure(String item, BulkOutcome outcome, String reason) {
    }

    public BulkReport {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        failures = List.copyOf(failures);
        skips = List.copyOf(skips);
        notes = List.copyOf(notes);
    }

    /** Whether anything failed: the command then exits 1. */
    public boolean anyFailed() {
        return !failures.isEmpty();
    }

    public long count(BulkOutcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /** The summary, one line per string: a head line, the counts, notes, every skip with why, then every failure. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        String head = name + (dryRun ? " (dry run: nothing was changed)" : "") + ": ";
        String time = ProgressFormat.duration(elapsed);
        String rate = String.format(Locale.ROOT, "%.1f/s", rate());
        if (stopped) {
            lines.add(head + done + " of " + total + " items done; run it again to resume (stopped after " + time + ", "
                    + rate + ")");
        } else {
            lines.add(head + done + " items in " + time + " (" + rate + ")");
        }
        int width = counts.keySet().stream().mapToInt(o -> o.label().length()).max().orElse(0);
        counts.forEach((outcome, count) -> lines.add(String.format(Locale.ROOT, "  %-" + width + "s %d", outcome.label(), count)));
        notes.forEach(note -> lines.add("  " + note));
        items(lines, skips, "not done, and why:");
        items(lines, failures, "failed:");
        return lines;
    }

    private static void items(List<String> lines, List<Failure> items, String what) {
        if (items.isEmpty()) return;
        lines.add(items.size() + " " + (items.size() == 1 ? "item" : "items") + " " + what);
        items.forEach(f -> lines.add("  " + f.outcome().label() + " " + f.item()
                + (f.reason().isEmpty() ? "" : ": " + oneLine(f.reason()))));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}

package org.avataroffload.bulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a run ended: counts by outcome (in the job's order), every failure with its reason, and the time taken. The
 * summary is what the command prints last, after a normal end and after Ctrl-C alike.
 *
 * @param done items finished; less than {@code total} when the run was stopped
 */
public record BulkReport(String name, boolean dryRun, boolean stopped, long total, long done,
                         Map<BulkOutcome, Long> counts, List<Failure> failures, List<String> notes, Duration elapsed) {

    /** An item that failed, and why. */
    public record Failure(String item, BulkOutcome outcome, String reason) {
    }

    public BulkReport {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        failures = List.copyOf(failures);
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

    /** The summary, one line per string: a head line, the counts, notes, then every failure. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        String head = name + (dryRun ? " (dry run: nothing was changed)" : "") + ": ";
        if (stopped) {
            head += "stopped after " + done + " of " + total + " items; run it again to resume";
        } else {
            head += done + " items";
        }
        lines.add(head + String.format(Locale.ROOT, " in %s (%.1f/s)", ProgressFormat.duration(elapsed), rate()));
        int width = counts.keySet().stream().mapToInt(o -> o.label().length()).max().orElse(0);
        counts.forEach((outcome, count) -> lines.add(String.format(Locale.ROOT, "  %-" + width + "s %d", outcome.label(), count)));
        notes.forEach(note -> lines.add("  " + note));
        if (!failures.isEmpty()) {
            lines.add(failures.size() + " " + (failures.size() == 1 ? "item" : "items") + " failed:");
            failures.forEach(f -> lines.add("  " + f.outcome().label() + " " + f.item()
                    + (f.reason().isEmpty() ? "" : ": " + oneLine(f.reason()))));
        }
        return lines;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}

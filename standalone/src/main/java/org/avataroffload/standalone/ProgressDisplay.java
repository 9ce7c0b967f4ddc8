package org.avataroffload.standalone;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.avataroffload.bulk.Progress;
import org.avataroffload.bulk.ProgressFormat;

/**
 * Shows a bulk run's progress on stderr: on a terminal one line with a bar, redrawn in place a few times a second;
 * elsewhere (a pipe, a log, CI) a plain line every few seconds, so a log gets a readable trail, not a flood.
 */
final class ProgressDisplay implements AutoCloseable {
    static final Duration TERMINAL_EVERY = Duration.ofMillis(250);
    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
    private static final String CLEAR_TO_END = "\u001B[K";

    private final Supplier<Progress> progress;
    private final PrintWriter err;
    private final boolean terminal;
    private final int width;
    private final ScheduledExecutorService timer;

    private ProgressDisplay(Supplier<Progress> progress, PrintWriter err, boolean terminal, int width) {
        this.progress = progress;
        this.err = err;
        this.terminal = terminal;
        this.width = width;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulk-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts drawing every {@code every}; {@link #close()} draws the last state and stops. */
    static ProgressDisplay start(Supplier<Progress> progress, PrintWriter err, boolean terminal, int width, Duration every) {
        ProgressDisplay display = new ProgressDisplay(progress, err, terminal, width);
        long millis = every.toMillis();
        display.timer.scheduleAtFixedRate(display::draw, terminal ? 0 : millis, millis, TimeUnit.MILLISECONDS);
        return display;
    }

    /** For the terminal the command runs in: {@code System.console()} tells whether there is one. */
    static ProgressDisplay forConsole(Supplier<Progress> progress, PrintWriter err) {
        boolean terminal = System.console() != null;
        return start(progress, err, terminal, terminalWidth(), terminal ? TERMINAL_EVERY : PLAIN_EVERY);
    }

    private synchronized void draw() {
        Progress now = progress.get();
        if (terminal) {
            err.print("\r" + ProgressFormat.bar(now, width - 1) + CLEAR_TO_END);
        } else {
            err.println(ProgressFormat.plain(now));
        }
        err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal) {
                draw();
                err.println(); // the summary starts on a line of its own
                err.flush();
            }
        }
    }

    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? 80 : Math.max(20, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}

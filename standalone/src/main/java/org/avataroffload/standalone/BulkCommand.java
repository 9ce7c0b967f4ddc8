package org.avataroffload.standalone;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.avataroffload.bulk.BulkJob;
import org.avataroffload.bulk.BulkReport;
import org.avataroffload.bulk.BulkRunner;
import org.avataroffload.bulk.BulkSetupException;
import org.avataroffload.config.ConfigException;
import org.avataroffload.config.ConfigLoader;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.route.Route;
import org.avataroffload.route.Routes;
import org.avataroffload.store.StoreException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the bulk commands share: {@code --config}, {@code --concurrency}, the progress display,
 * the summary, and the exit status: 0 when nothing failed, 1 when anything did (the summary lists what), 2 for a
 * usage or config error (one line). SIGTERM or Ctrl-C stops taking new items, lets those in flight finish and
 * prints the summary so far; running the command again resumes.
 */
abstract class BulkCommand implements Callable<Integer> {
    /** How long a stop (SIGTERM, Ctrl-C) waits for the items in flight. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the YAML config file, the same file serve reads (default: the file named by OFFLOAD_CONFIG)")
    Path config;

    /** {@code --dry-run}, set by the commands that change something ({@link DryRunCommand}); verify has none. */
    boolean dryRun;

    @Option(names = "--concurrency", paramLabel = "N", description = "items worked on at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    /** {@code defaultConcurrency}: the default for {@code --concurrency}. */
    BulkCommand(int defaultConcurrency) {
        this.concurrency = defaultConcurrency;
    }

    /**
     * Builds the job over the loaded config. Whatever it opens (stores, clients) it keeps in {@code opened}, closed in
     * reverse order when the command ends.
     *
     * @throws ConfigException or BulkSetupException for the user to fix (exit 2)
     */
    abstract BulkJob<?> job(OffloadConfig config, Opened opened) throws Exception;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (concurrency < 1) {
            err.println("avatar-offload: " + spec.name() + ": --concurrency must be at least 1, got " + concurrency);
            err.flush();
            return 2;
        }
        Opened opened = new Opened();
        try {
            BulkJob<?> job = job(ConfigLoader.load(configFile(), System.getenv()), opened);
            return run(job);
        } catch (ConfigException | BulkSetupException e) {
            err.println("avatar-offload: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            // a store that cannot be listed or opened: nothing was done, and the reason fits one line
            err.println("avatar-offload: " + spec.name() + ": " + e.getMessage());
            return 1;
        } finally {
            err.flush();
            opened.close();
        }
    }

    private int run(BulkJob<?> job) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BulkRunner<?> runner = BulkRunner.of(job, concurrency, Clock.systemUTC());
        Summary summary = new Summary(out);
        CountDownLatch finished = new CountDownLatch(1);
        ProgressDisplay display = ProgressDisplay.forConsole(runner::progress, err);
        Thread onSignal = new Thread(() -> {
            runner.stop();
            try {
                finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                display.close();
                summary.print(runner.report());
                // the JVM halts once this hook returns: wait for the summary even when the main thread prints it
                summary.printed.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bulk-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        BulkReport report;
        try {
            report = runner.run();
        } finally {
            finished.countDown();
        }
        display.close();
        summary.print(report);
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException e) {
            // the JVM is already stopping: the hook prints (or has printed) the summary
        }
        return report.anyFailed() ? 1 : 0;
    }

    /** The summary, printed once: by the main thread at the end, or by the stop hook after a signal. */
    private static final class Summary {
        private final PrintWriter out;
        private final AtomicBoolean claimed = new AtomicBoolean();
        final CountDownLatch printed = new CountDownLatch(1);

        Summary(PrintWriter out) {
            this.out = out;
        }

        void print(BulkReport report) {
            if (!claimed.compareAndSet(false, true)) return;
            try {
                report.summary().forEach(out::println);
                out.flush();
            } finally {
                printed.countDown();
            }
        }
    }

    /** The route of this name in the config; a usage error naming the routes there are when there is none. */
    static Route route(OffloadConfig config, String name) {
        List<Route> routes = new Routes(config.routes()).all();
        return routes.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new ConfigException(
                "--route " + name + ": no such route in the config; it has " + String.join(", ",
                        routes.stream().map(Route::name).toList())));
    }

    private Path configFile() {
        return ConfigOption.resolve(config);
    }
}

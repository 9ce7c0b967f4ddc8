package org.avataroffload.standalone;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.avataroffload.config.ConfigException;
import org.avataroffload.config.ConfigLoader;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.store.StoreProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the proxy until the process is told to stop (SIGTERM or Ctrl-C), then stops gracefully: no new connections,
 * requests in flight finish (up to {@link EmbeddedServer#STOP_TIMEOUT_MS}), exit status 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve avatars and pass everything else to the forum. Without upstream.url in the config, "
                + "a small demo forum is started in the same process. A store that fails its start-up check is "
                + "reported in one line and health says DEGRADED; the node serves and passes avatars to the forum "
                + "until it is fixed (--strict: exit 2 instead).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the YAML config file (default: the file named by OFFLOAD_CONFIG)")
    Path config;

    @Option(names = "--strict", description = "exit with status 2 when the store fails its start-up check (list, "
            + "write and delete of a probe object under " + StoreProbe.PREFIX + "), instead of starting and passing "
            + "avatars to the forum until it is fixed")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        OffloadConfig loaded;
        try {
            loaded = ConfigLoader.load(configFile(), System.getenv());
        } catch (ConfigException e) {
            System.err.println("avatar-offload: " + e.getMessage());
            return 2;
        }
        Optional<String> cacheDir = CacheDirCheck.problem(loaded.cache().dir());
        if (cacheDir.isPresent()) {
            spec.commandLine().getErr().println("avatar-offload: cannot start: " + cacheDir.get());
            spec.commandLine().getErr().flush();
            return 1;
        }
        Proxy proxy;
        try {
            proxy = Proxy.start(loaded);
        } catch (ConfigException e) {
            System.err.println("avatar-offload: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // a port in use, a store that cannot be opened: one line, not a stack trace
            System.err.println("avatar-offload: cannot start: " + e.getMessage());
            return 1;
        }
        Optional<StoreProbe.Problem> store = proxy.offload().storeProblem();
        if (strict && store.isPresent()) {
            // the start-up check logged its line; this one is the deploy's reason it failed
            spec.commandLine().getErr().println("avatar-offload: " + store.get().summary() + " — not started (--strict)");
            spec.commandLine().getErr().flush();
            proxy.close();
            return 2;
        }
        Stopping stopping = new Stopping(proxy);
        StopSignals signals = StopSignals.install();
        // any other way the JVM ends (SIGHUP, System.exit elsewhere) still stops the server gracefully
        Runtime.getRuntime().addShutdownHook(new Thread(stopping::run, "offload-shutdown"));
        System.out.println("listening on " + proxy.uri());
        proxy.adminUri().ifPresent(admin -> System.out.println("admin endpoints on " + admin));
        System.out.flush();
        String signal = signals.await();
        System.out.println("avatar-offload: " + signal + ": stopping; requests in flight get up to "
                + EmbeddedServer.STOP_TIMEOUT_MS / 1000 + " s");
        System.out.flush();
        try {
            stopping.run();
        } catch (RuntimeException e) {
            System.err.println("avatar-offload: stopping failed: " + e.getMessage());
            return 1;
        }
        System.out.println("avatar-offload: stopped");
        return 0;
    }

    /** Stops the proxy once, whichever comes first: the signal's main thread or the JVM's shutdown hook. */
    private static final class Stopping {
        private final Proxy proxy;
        private boolean done; // guarded by this

        Stopping(Proxy proxy) {
            this.proxy = proxy;
        }

        synchronized void run() {
            if (done) return;
            done = true;
            proxy.close();
        }
    }

    private Path configFile() {
        return ConfigOption.resolve(config);
    }
}

package org.avataroffload.standalone;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.avataroffload.config.ConfigException;
import org.avataroffload.config.ConfigLoader;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.http.AvatarOffloadListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the proxy until the process is told to stop (SIGTERM or Ctrl-C), then stops gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve avatars and pass everything else to the forum. Without upstream.url in the config, "
                + "a small demo forum is started in the same process.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "the YAML config file (default: the file named by OFFLOAD_CONFIG)")
    Path config;

    @Override
    public Integer call() throws Exception {
        OffloadConfig loaded;
        try {
            loaded = ConfigLoader.load(configFile(), System.getenv());
        } catch (ConfigException e) {
            System.err.println("avatar-offload: " + e.getMessage());
            return 2;
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            stopped.countDown();
        }, "offload-shutdown"));
        System.out.println("listening on " + proxy.uri());
        proxy.adminUri().ifPresent(admin -> System.out.println("admin endpoints on " + admin));
        System.out.flush();
        stopped.await();
        return 0;
    }

    private Path configFile() {
        if (config != null) return config;
        String fromEnv = System.getenv(AvatarOffloadListener.CONFIG_ENV);
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new ConfigException("no config file: give --config FILE or set OFFLOAD_CONFIG");
        }
        return Path.of(fromEnv);
    }
}

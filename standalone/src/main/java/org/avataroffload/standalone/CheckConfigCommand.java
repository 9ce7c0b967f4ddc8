package org.avataroffload.standalone;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.avataroffload.config.ConfigDump;
import org.avataroffload.config.ConfigException;
import org.avataroffload.config.ConfigLoader;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.StoreConfig;
import org.avataroffload.http.ConfigSummary;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code check-config}: is this config one {@code serve} can run with, here and now? */
@Command(name = "check-config", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Validate the config, then try the store (and its fallback buckets) and the forum, and print "
                + "what was found. Exit 0 when every check passes, 1 when a dependency fails, 2 when the config is "
                + "invalid. Changes nothing unless --write is given.")
final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the YAML config file, the same file serve reads (default: the file named by OFFLOAD_CONFIG)")
    Path config;

    @Option(names = "--write", description = "also write a probe object under " + DependencyCheck.PROBE_PREFIX
            + " in the store, read it back and delete it (serve writes to the store; a read-only key fails here)")
    boolean write;

    @Option(names = "--print-config", description = "print the whole config in effect (defaults and environment "
            + "overrides applied) as YAML, secrets shown as ***, instead of the summary")
    boolean printConfig;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file;
        OffloadConfig loaded;
        try {
            file = configFile();
            loaded = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            err.println("avatar-offload: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.println("config " + file + ": valid");
        if (printConfig) {
            out.print(ConfigDump.redacted(loaded));
        } else {
            List<Map.Entry<String, String>> rows = ConfigSummary.rows(loaded);
            int width = rows.stream().mapToInt(row -> row.getKey().length()).max().orElse(0);
            for (Map.Entry<String, String> row : rows) {
                out.printf("  %-" + width + "s  %s%n", row.getKey(), row.getValue());
            }
        }
        out.flush();

        List<DependencyCheck> checks = checks(loaded);
        out.println("checks:");
        for (DependencyCheck check : checks) {
            String took = check.status() == DependencyCheck.Status.SKIP ? "" : " in " + check.took().toMillis() + " ms";
            out.printf("  %-4s  %s %s: %s%s%n", check.status(), check.name(), check.target(), check.detail(), took);
        }
        long failed = checks.stream().filter(DependencyCheck::failed).count();
        out.println(failed == 0 ? "all checks passed" : failed + " of " + checks.size() + " checks failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private List<DependencyCheck> checks(OffloadConfig loaded) {
        List<DependencyCheck> checks = new ArrayList<>();
        StoreConfig store = loaded.store();
        checks.add(DependencyCheck.store("store", () -> ObjectStores.open(store), write));
        List<ObjectStore> fallbacks = ObjectStores.openFallbacks(store);
        for (int i = 0; i < fallbacks.size(); i++) {
            ObjectStore older = fallbacks.get(i);
            // a fallback is only read: masters are copied out of it, never into it
            checks.add(DependencyCheck.store("store.fallback[" + i + "]", () -> older, false));
        }
        checks.add(DependencyCheck.upstream(loaded.upstream()));
        return checks;
    }

    private Path configFile() {
        return ConfigOption.resolve(config);
    }
}

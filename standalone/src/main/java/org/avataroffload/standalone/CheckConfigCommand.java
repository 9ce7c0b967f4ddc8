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
import org.avataroffload.route.Routes;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code check-config}: is this config one {@code serve} can run with, here and now? */
@Command(name = "check-config", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Validate the config, then try everything serve needs and print what was found: the store "
                + "(list, and write+read+delete of a probe object), its fallback buckets (list), cache.dir (created if "
                + "absent, a probe file written and deleted), log.accessFile (opened for append), server.port and "
                + "admin.port (bound and released: run it while serve is stopped) and the forum (a GET of "
                + "upstream.url). Exit 0 when every check passes, 1 when one fails, 2 when the config is invalid. "
                + "Leaves nothing behind but cache.dir and the access-log file, created as serve would create them.")
final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the YAML config file, the same file serve reads (default: the file named by OFFLOAD_CONFIG)")
    Path config;

    @Option(names = "--no-write", description = "only list the store: no probe object is written under "
            + StoreCheck.PROBE_PREFIX + " (serve writes to the store, so a read-only key passes here but not there)")
    boolean noWrite;

    // the write probe is the default now; the flag that once asked for it is still taken
    @Option(names = "--write", description = "write the probe object (the default; --no-write turns it off)")
    boolean write;

    @Option(names = "--sample", paramLabel = "PATH", description = "an avatar URL path, e.g. "
            + "/user_avatar/forum.example.com/sam/288/42_2.png: match it to a route, fetch the route's source URL "
            + "for it from the forum and say whether the answer is a master (a long-lived image) or what it is instead")
    String sample;

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
            out.println("  " + check.line());
        }
        long failed = checks.stream().filter(DependencyCheck::failed).count();
        out.println(failed == 0 ? "all checks passed" : failed + " of " + checks.size() + " checks failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** In the order serve needs them: the store, the local paths and ports, then the forum. */
    private List<DependencyCheck> checks(OffloadConfig loaded) {
        List<DependencyCheck> checks = new ArrayList<>();
        StoreConfig store = loaded.store();
        checks.add(StoreCheck.check("store", () -> ObjectStores.open(store), !noWrite));
        List<ObjectStore> fallbacks = ObjectStores.openFallbacks(store);
        for (int i = 0; i < fallbacks.size(); i++) {
            ObjectStore older = fallbacks.get(i);
            // a fallback is only read: masters are copied out of it, never into it
            checks.add(StoreCheck.check("store.fallback[" + i + "]", () -> older, false));
        }
        checks.add(FileChecks.cacheDir(loaded.cache()));
        checks.add(FileChecks.accessFile(loaded.log()));
        checks.add(PortCheck.server(loaded.server()));
        checks.add(PortCheck.admin(loaded.admin()));
        checks.addAll(forumChecks(loaded));
        return checks;
    }

    private List<DependencyCheck> forumChecks(OffloadConfig loaded) {
        if (loaded.upstream().url().isEmpty()) {
            List<DependencyCheck> skipped = new ArrayList<>();
            skipped.add(DependencyCheck.skip("upstream", "(none)", "no upstream.url: serve starts the demo forum"));
            if (sample != null) skipped.add(DependencyCheck.skip("sample", sample, "no upstream.url to ask"));
            return skipped;
        }
        long start = System.nanoTime();
        ForumCheck forum;
        try {
            forum = ForumCheck.open(loaded);
        } catch (RuntimeException e) {
            return List.of(DependencyCheck.fail("upstream", "upstream.url", "cannot start the forum client: "
                    + DependencyCheck.reason(e), start));
        }
        try (forum) {
            List<DependencyCheck> checks = new ArrayList<>();
            checks.add(forum.reachable());
            if (sample != null) checks.add(forum.sample(new Routes(loaded.routes()), sample));
            return checks;
        }
    }

    private Path configFile() {
        return ConfigOption.resolve(config);
    }
}

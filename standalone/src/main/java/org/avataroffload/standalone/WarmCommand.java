package org.avataroffload.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.avataroffload.avatar.Warmer;
import org.avataroffload.bulk.BulkJob;
import org.avataroffload.bulk.BulkSetupException;
import org.avataroffload.bulk.WarmJob;
import org.avataroffload.config.ConfigException;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.route.Route;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.ObjectStores;
import org.avataroffload.upstream.JettyForum;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warm}: read-through for a list of avatars, so their masters are in the store before anyone asks. */
@Command(name = "warm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Fetch the master of every avatar in a list from the forum (upstream.url) and keep it in the store, exactly "
                + "as a request's miss would; sizes are made on demand. Use it to offload a whole forum before a move.",
            "",
            "The list has one avatar URL path per line, e.g. /user_avatar/forum.example.com/sam/288/42_2.png, or a "
                + "full URL (its host is sent to the forum as Host). Blank lines and lines starting with # are skipped.",
            "Outcomes: stored; skipped (already in the store, the forum is not asked; or not the current version: the "
                + "forum redirects to a newer upload); not-a-master (the forum's blank avatar, a redirect elsewhere, "
                + "bytes that are no image: not a failure); failed. The summary names each item not stored, and why "
                + "(those already in the store only by count)."})
final class WarmCommand extends DryRunCommand {
    @Option(names = "--route", required = true, paramLabel = "NAME", description = "the route the URLs belong to")
    String route;

    @Option(names = "--from-list", required = true, paramLabel = "FILE|-", description = "the list; - reads stdin")
    String list;

    WarmCommand() {
        super(4);
    }

    @Override
    BulkJob<?> job(OffloadConfig config, Opened opened) {
        Route target = route(config, route);
        if (config.upstream().url().isEmpty()) {
            throw new ConfigException("warm needs upstream.url: the forum to read masters from (the demo forum has"
                    + " nothing to warm)");
        }
        BufferedReader lines = opened.keep(open(list));
        ObjectStore store = opened.store(config);
        List<ObjectStore> fallbacks = opened.keepAll(ObjectStores.openFallbacks(config.store()));
        JettyForum forum = opened.keep(new JettyForum(config.upstream(), config.images().maxBytes()));
        forum.start();
        Warmer warmer = Warmer.create(store, fallbacks, forum, new ImagePipeline(config.images()), Clock.systemUTC());
        return WarmJob.create(lines, list.equals("-") ? "standard input" : list, target, warmer, store, dryRun);
    }

    private static BufferedReader open(String list) {
        if (list.equals("-")) return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            return Files.newBufferedReader(Path.of(list), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BulkSetupException("--from-list: cannot read " + list + ": " + e, e);
        }
    }
}

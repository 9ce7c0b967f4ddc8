package org.avataroffload.standalone;

import java.nio.file.Path;

import org.avataroffload.bulk.BulkJob;
import org.avataroffload.bulk.BulkSetupException;
import org.avataroffload.bulk.ImportJob;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.route.KeyPattern;
import org.avataroffload.route.Route;
import org.avataroffload.store.ObjectStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code import}: bulk-loads masters into the configured store, from a manifest or a directory tree. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Load masters into the store at masters/<route>/<key>, each key built from its values exactly as the route "
                + "builds it from a URL. Every file must decode as a PNG, JPEG, GIF or WebP image, or it fails and is "
                + "not stored. Every upload is verified by size and MD5. A master already stored with the same bytes is "
                + "skipped (so a rerun resumes); one with other bytes is replaced, and its derived sizes deleted.",
            "",
            "--manifest: a CSV (RFC 4180, UTF-8) whose header row names the route's key placeholders and 'file', e.g. "
                + "hostname,username,version,file. 'file' is a path relative to the CSV, or an http(s) URL. Other "
                + "columns are ignored.",
            "--from with --key-pattern: every file under DIR whose path fits the pattern, e.g. "
                + "{hostname}/{username}/{version}.{ext} ({ext} takes any extension). Files that do not fit are "
                + "counted and skipped."})
final class ImportCommand extends DryRunCommand {
    @Option(names = "--route", required = true, paramLabel = "NAME", description = "the route whose masters these are")
    String route;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--manifest", required = true, paramLabel = "FILE.csv", description = "a CSV manifest")
        Path manifest;

        @ArgGroup(exclusive = false)
        Directory directory;
    }

    static final class Directory {
        @Option(names = "--from", required = true, paramLabel = "DIR", description = "a directory tree of masters")
        Path dir;

        @Option(names = "--key-pattern", required = true, paramLabel = "PATTERN",
                description = "maps a file's path under DIR to the key placeholders")
        String pattern;
    }

    ImportCommand() {
        super(4);
    }

    @Override
    BulkJob<?> job(OffloadConfig config, Opened opened) {
        Route target = route(config, route);
        KeyPattern pattern = null;
        if (source.directory != null) {
            try {
                pattern = KeyPattern.parse(source.directory.pattern, target);
            } catch (IllegalArgumentException e) {
                throw new BulkSetupException("--key-pattern: " + e.getMessage(), e);
            }
        }
        ImagePipeline pipeline = new ImagePipeline(config.images());
        ImportJob.Reading reading = new ImportJob.Reading(config.images().maxBytes(),
                config.upstream().connectTimeout(), config.upstream().fetchTimeout());
        ObjectStore store = opened.store(config);
        return pattern == null
                ? ImportJob.fromManifest(source.manifest, target, store, pipeline, reading, dryRun)
                : ImportJob.fromDirectory(source.directory.dir, pattern, target, store, pipeline, reading, dryRun);
    }
}

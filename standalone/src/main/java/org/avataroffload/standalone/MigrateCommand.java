package org.avataroffload.standalone;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.avataroffload.bulk.BulkJob;
import org.avataroffload.bulk.BulkSetupException;
import org.avataroffload.bulk.MigrateJob;
import org.avataroffload.bulk.ServerSideCopy;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.S3ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate}: copies every master (and optionally every derived size) from an old bucket into the configured store. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Copy every object under masters/ (and derived/ with --include-derived) from an old bucket or prefix into "
                + "the store in --config, keeping keys (relative to the prefixes) and metadata.",
            "",
            "Server-side copy (S3 CopyObject, across regions too, through the regional endpoint even when the store "
                + "uses Transfer Acceleration) when the destination is S3 on the same endpoint and no --from-profile "
                + "is given; streaming (read, then write) otherwise, or when the copy is refused. "
                + "Every object is verified by size and MD5. Objects already identical at the destination are skipped, "
                + "so a rerun resumes. Credentials come from the AWS default chain for both ends, unless "
                + "--from-profile names a profile for the old bucket."})
final class MigrateCommand extends DryRunCommand {
    @Option(names = "--from", required = true, paramLabel = "s3://BUCKET[/PREFIX]",
            description = "the old bucket, and the prefix the old store used in it")
    String from;

    @Option(names = "--from-region", required = true, paramLabel = "REGION", description = "the old bucket's region")
    String fromRegion;

    @Option(names = "--from-endpoint", paramLabel = "URL", description = "an S3-compatible endpoint for the old bucket")
    URI fromEndpoint;

    @Option(names = "--from-path-style", description = "path-style addressing for the old bucket")
    boolean fromPathStyle;

    @Option(names = "--from-profile", paramLabel = "NAME", description = "an AWS profile for the old bucket's credentials")
    String fromProfile;

    @Option(names = "--include-derived", description = "copy the derived sizes too (otherwise they are made again on demand)")
    boolean includeDerived;

    MigrateCommand() {
        super(8);
    }

    @Override
    BulkJob<?> job(OffloadConfig config, Opened opened) {
        S3StoreConfig old = oldStore();
        AwsCredentialsProvider credentials = fromProfile != null
                ? ProfileCredentialsProvider.create(fromProfile) : DefaultCredentialsProvider.builder().build();
        S3ObjectStore source = opened.keep(new S3ObjectStore(old, credentials));
        ObjectStore destination = opened.store(config);
        Optional<ServerSideCopy> serverSide = Optional.empty();
        if (destination instanceof S3ObjectStore s3 && fromProfile == null
                && sameEndpoint(s3.config().endpoint(), old.endpoint())) {
            S3ObjectStore copier = s3;
            if (s3.config().accelerate()) {
                // Transfer Acceleration refuses cross-region CopyObject (400): copy through the regional endpoint
                copier = opened.keep(
                        new S3ObjectStore(regional(s3.config()), DefaultCredentialsProvider.builder().build()));
            }
            S3ObjectStore target = copier;
            serverSide = Optional.of(key -> target.copyFrom(old.bucket(), old.prefix() + key, key));
        }
        return MigrateJob.create(source, destination, serverSide, includeDerived, dryRun);
    }

    private static S3StoreConfig regional(S3StoreConfig accelerated) {
        return new S3StoreConfig(accelerated.bucket(), accelerated.region(), accelerated.endpoint(),
                accelerated.pathStyle(), false, accelerated.prefix(), accelerated.checksums(), List.of(),
                accelerated.timeouts());
    }

    /** {@code s3://bucket/some/prefix} as a store config: the prefix ends in '/', as the old store's did. */
    private S3StoreConfig oldStore() {
        if (!from.startsWith("s3://") || from.length() == "s3://".length()) {
            throw new BulkSetupException("--from: expected s3://BUCKET[/PREFIX], got " + from);
        }
        String rest = from.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isBlank() || prefix.startsWith("/") || prefix.contains("//")) {
            throw new BulkSetupException("--from: expected s3://BUCKET[/PREFIX], got " + from);
        }
        if (fromEndpoint != null && (fromEndpoint.getScheme() == null || fromEndpoint.getHost() == null)) {
            throw new BulkSetupException("--from-endpoint: expected an absolute URL such as http://127.0.0.1:9000, got "
                    + fromEndpoint);
        }
        try {
            return new S3StoreConfig(bucket, fromRegion, Optional.ofNullable(fromEndpoint), fromPathStyle, false, prefix,
                    S3StoreConfig.ChecksumMode.WHEN_REQUIRED);
        } catch (IllegalArgumentException e) {
            throw new BulkSetupException("--from: " + e.getMessage(), e);
        }
    }

    private static boolean sameEndpoint(Optional<URI> a, Optional<URI> b) {
        return a.map(MigrateCommand::normalised).equals(b.map(MigrateCommand::normalised));
    }

    private static String normalised(URI endpoint) {
        String text = endpoint.toString().toLowerCase(java.util.Locale.ROOT);
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}

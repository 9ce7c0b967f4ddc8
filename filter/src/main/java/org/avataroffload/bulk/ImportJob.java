package org.avataroffload.bulk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.route.KeyPattern;
import org.avataroffload.route.Route;
import org.avataroffload.store.ObjectInfo;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoreKeys;

/**
 * {@code import}: loads masters into the store at {@code masters/<route>/<key>}, the key built from the values
 * exactly as the route builds it from a URL. For each master, in this order:
 * <ol>
 *   <li>read the bytes (file or URL, within the master byte limit) and render the route's smallest size: what does
 *       not decode as a supported image fails here and is never stored;</li>
 *   <li>the store already holds the same bytes (size and MD5): skipped-identical, so a rerun resumes;</li>
 *   <li>it holds other bytes: a re-import. Its derived sizes are deleted first, so a crash right after the write
 *       cannot leave sizes of the old master beside the new one, and again after, for sizes a serving node made
 *       from the old master in between;</li>
 *   <li>write (the store checks Content-MD5), then HEAD: the size and MD5 must be the source's.</li>
 * </ol>
 */
public final class ImportJob extends BulkJob<ImportItem> {
    private static final List<BulkOutcome> OUTCOMES = List.of(BulkOutcome.STORED, BulkOutcome.REPLACED,
            BulkOutcome.SKIPPED_IDENTICAL, BulkOutcome.SKIPPED_UNMATCHED, BulkOutcome.FAILED);
    private static final List<BulkOutcome> DRY_OUTCOMES = List.of(BulkOutcome.WOULD_STORE, BulkOutcome.WOULD_REPLACE,
            BulkOutcome.SKIPPED_IDENTICAL, BulkOutcome.SKIPPED_UNMATCHED, BulkOutcome.FAILED);

    /** How sources are read: the master byte limit, and the timeouts for URL rows. */
    public record Reading(long maxBytes, Duration connectTimeout, Duration timeout) {
    }

    private final Route route;
    private final ObjectStore store;
    private final ImagePipeline pipeline;
    private final SourceReader reader;
    private final int checkSize;

    private ImportJob(List<ImportItem> items, Route route, ObjectStore store, ImagePipeline pipeline, Reading reading,
                      boolean dryRun) {
        super("import", items, dryRun, OUTCOMES, DRY_OUTCOMES);
        this.route = route;
        this.store = store;
        this.pipeline = pipeline;
        this.reader = new SourceReader(reading.maxBytes(), reading.connectTimeout(), reading.timeout());
        this.checkSize = Collections.min(route.sizes());
    }

    /** @throws BulkSetupException when the manifest cannot be read or its header lacks a needed column */
    public static ImportJob fromManifest(Path csv, Route route, ObjectStore store, ImagePipeline pipeline,
                                         Reading reading, boolean dryRun) {
        return new ImportJob(ImportSources.manifest(csv, route), route, store, pipeline, reading, dryRun);
    }

    /** @throws BulkSetupException when the directory cannot be walked */
    public static ImportJob fromDirectory(Path dir, KeyPattern pattern, Route route, ObjectStore store,
                                          ImagePipeline pipeline, Reading reading, boolean dryRun) {
        return new ImportJob(ImportSources.directory(dir, pattern), route, store, pipeline, reading, dryRun);
    }





    @Override
    public String describe(ImportItem item) {
        return item.label();
    }

    @Override
    public ItemResult process(ImportItem item) {
        if (item instanceof ImportItem.Unmatched unmatched) {
            return new ItemResult(BulkOutcome.SKIPPED_UNMATCHED, unmatched.reason());
        }
        if (item instanceof ImportItem.Broken broken) return ItemResult.failed(broken.reason());
        ImportItem.Master master = (ImportItem.Master) item;
        String routeKey;
        byte[] bytes;
        try {
            routeKey = route.keyFor(master.values());
            bytes = reader.read(master.source());
            pipeline.render(bytes, checkSize);
        } catch (IllegalArgumentException | IOException e) {
            return ItemResult.failed(e.getMessage());
        } catch (ImageException e) {
            return ItemResult.failed("not a usable image (" + e.status() + "): " + e.getMessage());
        }
        try {
            return store(routeKey, bytes);
        } catch (StoreException e) {
            return ItemResult.failed(e.getMessage());
        }
    }

    private ItemResult store(String routeKey, byte[] bytes) {
        String key = StoreKeys.master(route.name(), routeKey);
        String md5 = Checksums.md5Hex(bytes);
        Optional<ObjectInfo> existing = store.head(key);
        if (existing.isPresent() && Checksums.mismatch(store, key, bytes.length, md5, existing).isEmpty()) {
            return new ItemResult(BulkOutcome.SKIPPED_IDENTICAL, key);
        }
        if (dryRun()) return new ItemResult(existing.isPresent() ? BulkOutcome.WOULD_REPLACE : BulkOutcome.WOULD_STORE, key);
        // every size of every format made from this master
        String derived = "derived/" + route.name() + "/" + routeKey + "/";
        if (existing.isPresent()) deleteAll(derived);
        store.put(key, bytes, ImageFormat.sniff(bytes).map(ImageFormat::contentType).orElseThrow());
        Optional<String> mismatch = Checksums.mismatch(store, key, bytes.length, md5, Optional.empty());
        if (mismatch.isPresent()) return ItemResult.failed(key + " after writing: " + mismatch.get());
        if (existing.isEmpty()) return new ItemResult(BulkOutcome.STORED, key);
        deleteAll(derived);
        return new ItemResult(BulkOutcome.REPLACED, key);
    }

    private void deleteAll(String prefix) {
        for (String key : store.list(prefix)) store.delete(key);
    }
}

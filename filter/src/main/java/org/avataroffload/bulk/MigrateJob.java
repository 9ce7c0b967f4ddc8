package org.avataroffload.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.avataroffload.store.ObjectInfo;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code migrate}: copies every master (and, if asked, every derived size) from an old store into the new one,
 * keeping keys. For each object:
 * <ol>
 *   <li>the destination already holds it (same size, same MD5): skipped-identical, so a rerun resumes;</li>
 *   <li>server-side copy when offered and the source's ETag looks like an MD5 (so the copy can be checked without
 *       reading it); the first refusal turns it off for the rest of the run, and that object is streamed;</li>
 *   <li>otherwise streamed: read whole, its MD5 checked against the source's ETag where that is an MD5, written
 *       with the source's metadata (Content-Type, Cache-Control, user metadata; the store checks Content-MD5);</li>
 *   <li>then HEAD at the destination: size and MD5 must be the source's (see {@link #identical}).</li>
 * </ol>
 * Every write is whole or absent (S3 puts are atomic, the file store renames), so a killed run leaves nothing half
 * written, and the rerun finds what landed identical.
 */
public final class MigrateJob extends BulkJob<String> {
    private static final Logger LOG = LoggerFactory.getLogger(MigrateJob.class);
    private static final List<BulkOutcome> OUTCOMES = List.of(BulkOutcome.COPIED, BulkOutcome.SKIPPED_IDENTICAL,
            BulkOutcome.FAILED);
    private static final List<BulkOutcome> DRY_OUTCOMES = List.of(BulkOutcome.WOULD_COPY,
            BulkOutcome.SKIPPED_IDENTICAL, BulkOutcome.FAILED);

    private final ObjectStore source;
    private final ObjectStore destination;
    private final Optional<ServerSideCopy> serverSide;
    private final AtomicBoolean serverSideRefused = new AtomicBoolean();
    private final AtomicLong serverSideCopies = new AtomicLong();
    private final AtomicLong streamedCopies = new AtomicLong();

    private MigrateJob(List<String> keys, ObjectStore source, ObjectStore destination,
                       Optional<ServerSideCopy> serverSide, boolean dryRun) {
        super("migrate", keys, dryRun, OUTCOMES, DRY_OUTCOMES);
        this.source = source;
        this.destination = destination;
        this.serverSide = serverSide;
    }

    /**
     * Lists the source's {@code masters/} (and {@code derived/}) up front, so progress has a total.
     *
     * @throws StoreException when the source cannot be listed
     */
    public static MigrateJob create(ObjectStore source, ObjectStore destination, Optional<ServerSideCopy> serverSide,
                                    boolean includeDerived, boolean dryRun) {
        List<String> keys = new ArrayList<>(source.list("masters/"));
        if (includeDerived) keys.addAll(source.list("derived/"));
        return new MigrateJob(keys, source, destination, serverSide, dryRun);
    }






    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (!dryRun()) notes.add("(copied: " + serverSideCopies.get() + " server-side, " + streamedCopies.get() + " streamed)");
        if (serverSideRefused.get()) notes.add("(server-side copy was refused, so objects were streamed instead)");
        return notes;
    }

    @Override
    public ItemResult process(String key) {
        try {
            return migrate(key);
        } catch (StoreException e) {
            return ItemResult.failed(e.getMessage());
        }
    }

    private ItemResult migrate(String key) {
        Optional<ObjectInfo> at = source.head(key);
        if (at.isEmpty()) return ItemResult.failed("no longer in the source");
        SourceBytes bytes = new SourceBytes(key, at.get());
        Optional<ObjectInfo> there = destination.head(key);
        if (there.isPresent() && identical(key, at.get(), there.get(), bytes)) {
            return ItemResult.of(BulkOutcome.SKIPPED_IDENTICAL);
        }
        if (dryRun()) return ItemResult.of(BulkOutcome.WOULD_COPY);
        if (Checksums.plainMd5(at.get().etag()).isPresent() && copyServerSide(key)) {
            serverSideCopies.incrementAndGet();
        } else {
            StoredObject object = bytes.object();
            destination.put(key, object.bytes(), object.metadata()); // Content-Type, Cache-Control, user metadata
            streamedCopies.incrementAndGet();
        }
        Optional<ObjectInfo> landed = destination.head(key);
        if (landed.isEmpty()) return ItemResult.failed("not at the destination after copying");
        if (!identical(key, at.get(), landed.get(), bytes)) {
            return ItemResult.failed("after copying, the destination holds other bytes (" + landed.get().size() + " bytes, "
                    + "ETag " + landed.get().etag() + ")");
        }
        return ItemResult.of(BulkOutcome.COPIED);
    }

    /**
     * Same size, and the same MD5: by the ETags when both are plain MD5s and agree (no body read: the common case),
     * else by the bytes' MD5s, read as needed. Some ETags look like an MD5 and are none (SSE-KMS, s3proxy's multipart
     * uploads): disagreeing ETags are never taken as different bytes.
     */
    private boolean identical(String key, ObjectInfo from, ObjectInfo to, SourceBytes bytes) {
        if (from.size() != to.size()) return false;
        Optional<String> fromMd5 = Checksums.plainMd5(from.etag());
        Optional<String> toMd5 = Checksums.plainMd5(to.etag());
        if (fromMd5.isPresent() && fromMd5.equals(toMd5)) return true;
        String md5 = bytes.md5();
        if (toMd5.isPresent() && toMd5.get().equals(md5)) return true;
        Optional<StoredObject> written = destination.get(key);
        return written.isPresent() && Checksums.md5Hex(written.get().bytes()).equals(md5);
    }

    private boolean copyServerSide(String key) {
        if (serverSide.isEmpty() || serverSideRefused.get()) return false;
        try {
            serverSide.get().copy(key);
            return true;
        } catch (StoreException e) {
            if (serverSideRefused.compareAndSet(false, true)) {
                LOG.warn("server-side copy refused ({}); streaming every object instead", e.getMessage());
            }
            return false;
        }
    }

    /**
     * One source object's bytes, read at most once per item (twice when they disagree with the ETag). Bytes whose MD5
     * is not the source's plain-looking ETag are read again: the same MD5 twice means the ETag is no MD5 (SSE-KMS),
     * a different one means the object changed or broke on the way, and that item fails.
     */
    private final class SourceBytes {
        private final String key;
        private final ObjectInfo info;
        private StoredObject object;
        private String md5;

        SourceBytes(String key, ObjectInfo info) {
            this.key = key;
            this.info = info;
        }

        /** The object, bytes and metadata, as read from the source. */
        StoredObject object() {
            if (object != null) return object;
            StoredObject first = read();
            String firstMd5 = Checksums.md5Hex(first.bytes());
            Optional<String> etag = Checksums.plainMd5(info.etag());
            if (etag.isPresent() && !etag.get().equals(firstMd5)) {
                StoredObject second = read();
                String secondMd5 = Checksums.md5Hex(second.bytes());
                if (!secondMd5.equals(firstMd5) && !secondMd5.equals(etag.get())) {
                    throw new StoreException("the source's bytes changed while they were read (MD5 " + firstMd5 + ", then "
                            + secondMd5 + ")");
                }
                first = second;
                firstMd5 = secondMd5;
            }
            object = first;
            md5 = firstMd5;
            return object;
        }

        String md5() {
            object();
            return md5;
        }

        private StoredObject read() {
            return source.get(key).orElseThrow(() -> new StoreException("no longer in the source"));
        }
    }
}

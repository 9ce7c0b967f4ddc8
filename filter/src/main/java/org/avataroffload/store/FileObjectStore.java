package org.avataroffload.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.avataroffload.config.FileStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store: one file per key under a root directory. A write goes to a temp file in the target's
 * directory, is synced, then renamed over the target, so a reader sees the old object, none, or the new one whole.
 *
 * <p>The ETag is the hex MD5 of the content, what S3 gives for a single-part PUT, so objects compare across stores.
 *
 * <p>Metadata lives in a hidden sidecar beside each data file ({@link MetadataSidecar}). A put renames the sidecar
 * into place first and the data second, so an object's data is never newer than its metadata; the data file alone
 * decides whether the object exists. Hidden names (temp files, sidecars) are never keys: {@link ObjectKeys} refuses
 * any segment starting with '.'. What a crash leaves is removed when the store opens ({@link StrayFiles}).
 */
public final class FileObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileObjectStore.class);

    private final Path root;

    public FileObjectStore(FileStoreConfig config, Clock clock) {
        this(config.dir(), clock);
    }

    public FileObjectStore(Path dir) {
        this(dir, Clock.systemUTC());
    }

    /** {@code clock} tells which temp files a crash left: those older than {@link StrayFiles#STRAY_AGE}. */
    public FileObjectStore(Path dir, Clock clock) {
        try {
            Files.createDirectories(dir);
            this.root = dir.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot open file store " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        try {
            StrayFiles.removeFrom(root, clock.instant());
        } catch (IOException e) {
            throw new StoreException("cannot clean temp files in file store " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Path file = resolve(key);
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            Instant lastModified = Files.getLastModifiedTime(file).toInstant();
            byte[] bytes = Files.readAllBytes(file);
            // data first: metadata is never older than the data it goes with (see put)
            MetadataSidecar.Loaded sidecar = MetadataSidecar.load(file);
            String etag = etagOf(sidecar, lastModified, () -> bytes);
            return Optional.of(new StoredObject(bytes, etag, lastModified, sidecar.metadata()));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted between the check and the read
        } catch (IOException e) {
            throw failure("get", key, e);
        }
    }

    /** Reads no data when the sidecar's ETag can be trusted (see {@link #etagOf}). */
    @Override
    public Optional<ObjectInfo> head(String key) {
        Path file = resolve(key);
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            MetadataSidecar.Loaded sidecar = MetadataSidecar.load(file);
            Instant lastModified = attributes.lastModifiedTime().toInstant();
            String etag = etagOf(sidecar, lastModified, () -> Files.readAllBytes(file));
            return Optional.of(new ObjectInfo(attributes.size(), etag, lastModified, sidecar.metadata()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("head", key, e);
        }
    }

    /** Reads the data, for an ETag that must be computed. */
    private interface Data {
        byte[] bytes() throws IOException;
    }

    /**
     * The data's ETag: the one its put wrote into the sidecar, when the data was written after that sidecar (as a
     * whole put writes them); otherwise — a crash between the two renames, or an object from before sidecars held
     * ETags — the MD5 of the data itself.
     */
    private static String etagOf(MetadataSidecar.Loaded sidecar, Instant dataWritten, Data data) throws IOException {
        boolean trusted = sidecar.etag().isPresent() && sidecar.written().isPresent()
                && !sidecar.written().get().toInstant().isAfter(dataWritten);
        return trusted ? sidecar.etag().get() : Md5.hex(data.bytes());
    }

    /**
     * Sidecar first, data second, each synced and renamed into place: a crash between the two leaves the old data
     * with the new metadata, or a sidecar alone (no object), never data newer than its metadata.
     */
    @Override
    public String put(String key, byte[] bytes, ObjectMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        Path target = resolve(key);
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            String etag = Md5.hex(bytes);
            writeAtomically(MetadataSidecar.of(target), MetadataSidecar.format(metadata, etag));
            writeAtomically(target, bytes);
            return etag;
        } catch (AtomicMoveNotSupportedException e) {
            throw new StoreException("file store " + root + " cannot rename atomically; refusing a non-atomic write", e);
        } catch (IOException e) {
            throw failure("put", key, e);
        }
    }

    /** Temp file in the target's directory, synced, renamed over the target, and the rename synced too. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Path temp = StrayFiles.newTemp(dir);
        boolean renamed = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
            syncDirectory(dir);
        } finally {
            if (!renamed) deleteQuietly(temp);
        }
    }

    @Override
    public List<String> list(String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        // Walk only the deepest directory the prefix names in full; the rest of the prefix filters names.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) return List.of();
        List<String> keys = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String key = keyOf(file);
                    if (attributes.isRegularFile() && !isHidden(file) && key.startsWith(prefix)) keys.add(key);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    // no key passes through a hidden directory (the root may be one: it is not a key segment)
                    return directory.equals(start) || !isHidden(directory)
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // deleted during the walk
                    throw e;
                }
            });
        } catch (IOException e) {
            throw failure("list", prefix, e);
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public void copy(String fromKey, String toKey) {
        StoredObject source = get(fromKey)
                .orElseThrow(() -> new StoreException("copy from " + describe() + ": no such key " + fromKey));
        put(toKey, source.bytes(), source.metadata());
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            if (Files.isDirectory(file)) return; // a directory is not an object
            // data first: a crash in between leaves a sidecar alone, which is no object and is swept later
            Files.deleteIfExists(file);
            Files.deleteIfExists(MetadataSidecar.of(file));
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    /** Maps a key onto a path under the root, refusing anything that could land elsewhere or on a hidden file. */
    private Path resolve(String key) {
        ObjectKeys.requireValidKey(key);
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("store key resolves outside the store: " + key);
        }
        return path;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Temp files, sidecars: no key segment starts with '.', so a hidden name is never an object. */
    private static boolean isHidden(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    /** Makes the rename itself durable. Some platforms (Windows) cannot open a directory; the rename is still atomic. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path temp) {
        if (!Files.exists(temp)) return; // never created: the directory could not be made
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("cannot remove temp file {}: {}", temp, e.toString());
        }
    }

    private StoreException failure(String operation, String key, IOException e) {
        return new StoreException("file store " + operation + " " + key + " in " + root + " failed: " + e, e);
    }
}

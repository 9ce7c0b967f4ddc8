package org.avataroffload.avatar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.avataroffload.config.PathFailure;
import org.avataroffload.image.ImageFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated sizes on local disk, in the manner of OkHttp's DiskLruCache: a soft bound on bytes with the least
 * recently used file evicted first, each file written to a temp name and renamed into place, and an index in memory
 * rebuilt from the directory on start, so the cache survives a restart.
 *
 * <p>A file is named {@code <sha1 of size key>.<etag>.<last-modified seconds>}. The ETag is the content's digest, so a
 * file damaged after it was written (truncated, zeroed, edited) fails its check on read: it is deleted and the size is
 * made again, never served half. File modification times record use, so the LRU order also survives a restart.
 */
final class DiskCache {
    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
    private static final String TEMP_PREFIX = ".tmp-";

    /** A failing disk fails every write; it is said this often, not per request. */
    static final Duration WRITE_FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private record Entry(Path file, String digest, Instant lastModified, long size) {
    }

    /** Writes a new file whole; the seam where a test makes the disk full at an exact moment. */
    interface FileWrites {
        FileWrites FILES = (file, bytes) -> Files.write(file, bytes, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);

        void write(Path file, byte[] bytes) throws IOException;
    }

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    private final FileWrites writer;
    private final IntervalWarning writeFailures;
    private volatile boolean failing;
    private final Map<String, Entry> index = new LinkedHashMap<>(256, 0.75f, true); // guarded by this
    private long totalBytes; // guarded by this

    DiskCache(Path dir, long maxBytes, Clock clock) {
        this(dir, maxBytes, clock, FileWrites.FILES, LOG::warn);
    }

    /** With the file writes and the warning's log line given, for tests of a failing disk. */
    DiskCache(Path dir, long maxBytes, Clock clock, FileWrites writer, Consumer<String> warn) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.writer = writer;
        this.writeFailures = new IntervalWarning(WRITE_FAILURE_LOG_INTERVAL, clock, warn);
        try {
            Files.createDirectories(dir);
            loadIndex();
        } catch (IOException e) {
            // the one line serve prints: which key, which path, and why (permission denied, not a directory, ...)
            throw new UncheckedIOException("cache.dir " + dir + ": cannot open the disk cache: "
                    + PathFailure.reason(dir, e), e);
        }
    }

    Optional<Avatar> get(String sizeKey) {
        String name = sha1Hex(sizeKey);
        Entry entry;
        synchronized (this) {
            entry = index.get(name);
        }
        if (entry == null) return Optional.empty();
        try {
            byte[] bytes = Files.readAllBytes(entry.file());
            Optional<ImageFormat> format = ImageFormat.sniff(bytes);
            if (bytes.length != entry.size() || format.isEmpty() || !Avatar.digest(bytes).equals(entry.digest())) {
                LOG.warn("disk cache file {} is damaged; it will be made again", entry.file().getFileName());
                forget(name, entry, true);
                return Optional.empty();
            }
            touch(entry.file());
            return Optional.of(new Avatar(bytes, format.get().contentType(), "\"" + entry.digest() + "\"",
                    entry.lastModified()));
        } catch (NoSuchFileException e) {
            forget(name, entry, false);
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read disk cache file {}: {}", entry.file().getFileName(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Keeps a size on disk. A full or failing disk costs only the caching, never the request: the write is dropped,
     * its temp file removed, and the failure logged once per {@link #WRITE_FAILURE_LOG_INTERVAL}.
     */
    void put(String sizeKey, Avatar avatar) {
        String name = sha1Hex(sizeKey);
        String digest = avatar.etag().substring(1, avatar.etag().length() - 1);
        Path sub = dir.resolve(name.substring(0, 2));
        Path file = sub.resolve(name + "." + digest + "." + avatar.lastModified().getEpochSecond());
        Path temp = sub.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(sub);
            writer.write(temp, avatar.bytes());
            move(temp, file);
        } catch (IOException e) {
            failing = true;
            writeFailures.warn("cannot write to the disk cache " + dir + " (" + e + "); serving without it");
            deleteQuietly(temp);
            return;
        }
        if (failing) {
            failing = false;
            LOG.info("disk cache {} is written to again", dir);
        }
        List<Path> obsolete = new ArrayList<>();
        synchronized (this) {
            Entry previous = index.put(name, new Entry(file, digest, avatar.lastModified(), avatar.bytes().length));
            totalBytes += avatar.bytes().length;
            if (previous != null) {
                totalBytes -= previous.size();
                if (!previous.file().equals(file)) obsolete.add(previous.file());
            }
            Iterator<Entry> eldest = index.values().iterator();
            while (totalBytes > maxBytes && eldest.hasNext()) {
                Entry victim = eldest.next();
                if (victim.file().equals(file)) continue;
                eldest.remove();
                totalBytes -= victim.size();
                obsolete.add(victim.file());
            }
        }
        obsolete.forEach(DiskCache::deleteQuietly);
    }

    /** A file name for a size key: flat, fixed length, safe on every file system. */
    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    private void forget(String name, Entry entry, boolean deleteFile) {
        synchronized (this) {
            if (index.remove(name, entry)) totalBytes -= entry.size();
        }
        if (deleteFile) deleteQuietly(entry.file());
    }

    /** Rebuilds the index from the directory: oldest use first, stray temp files and superseded versions removed. */
    private void loadIndex() throws IOException {
        record Found(String name, Entry entry, FileTime used) {
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> subs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path sub : subs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(sub)) {
                    for (Path file : files) {
                        String fileName = file.getFileName().toString();
                        if (fileName.startsWith(TEMP_PREFIX)) {
                            deleteQuietly(file); // left by a crash mid-write
                            continue;
                        }
                        String[] parts = fileName.split("\\.");
                        if (parts.length != 3 || parts[0].length() != 40 || parts[1].length() != 16) continue;
                        try {
                            Instant lastModified = Instant.ofEpochSecond(Long.parseLong(parts[2]));
                            found.add(new Found(parts[0], new Entry(file, parts[1], lastModified, Files.size(file)),
                                    Files.getLastModifiedTime(file)));
                        } catch (NumberFormatException | NoSuchFileException e) {
                            // not one of ours, or gone already: leave it alone
                        }
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Found::used));
        for (Found f : found) {
            Entry previous = index.put(f.name(), f.entry());
            totalBytes += f.entry().size();
            if (previous != null) {
                totalBytes -= previous.size();
                deleteQuietly(previous.file());
            }
        }
        LOG.info("disk cache {}: {} files, {} bytes", dir, index.size(), totalBytes);
    }

    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException e) {
            // recency is a hint; the file itself was read fine
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", file, e.toString());
        }
    }
}

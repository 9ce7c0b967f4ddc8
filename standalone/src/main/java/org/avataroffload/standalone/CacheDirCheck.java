package org.avataroffload.standalone;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether {@code cache.dir} can be the disk cache: a directory (made if missing) this process can write a file in.
 * {@code serve} checks it before starting, so a bad one is one line naming the key, the reason and the path, not
 * "cannot open the disk cache"; {@code check-config} can call {@link #problem} too.
 */
final class CacheDirCheck {
    private CacheDirCheck() {
    }

    /** Empty when it works; else {@code cache.dir "/var/cache/avatar-offload": permission denied}. */
    static Optional<String> problem(Path dir) {
        Path absolute = dir.toAbsolutePath();
        try {
            if (Files.exists(absolute) && !Files.isDirectory(absolute)) return Optional.of(line(absolute, "not a directory"));
            Files.createDirectories(absolute);
            Path probe = Files.createTempFile(absolute, ".write-check-", ".tmp");
            Files.delete(probe);
            return Optional.empty();
        } catch (AccessDeniedException e) {
            return Optional.of(line(absolute, "permission denied" + where(absolute, e)));
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            return Optional.of(line(absolute, "not a directory" + where(absolute, e)));
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(line(absolute, reason + where(absolute, e)));
        } catch (IOException e) {
            return Optional.of(line(absolute, String.valueOf(e.getMessage())));
        }
    }

    private static String line(Path dir, String reason) {
        return "cache.dir \"" + dir + "\": " + reason;
    }

    /** The path that failed, when it is not the directory itself (a parent that could not be made). */
    private static String where(Path dir, FileSystemException e) {
        return e.getFile() == null || Path.of(e.getFile()).equals(dir) ? "" : " (at " + e.getFile() + ")";
    }
}

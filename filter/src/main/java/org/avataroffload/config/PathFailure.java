package org.avataroffload.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A path a config key names that cannot be used, said in one line an admin can act on: the key, the path and the
 * reason as the operating system gave it ({@code cache.dir /var/cache/avatar-offload: permission denied}). The
 * JDK's own messages are often the bare path, which tells nothing.
 */
public final class PathFailure {
    private PathFailure() {
    }

    /** {@code <key> <path>: <reason>}. */
    public static String describe(String key, Path path, IOException e) {
        return key + " " + path + ": " + reason(path, e);
    }

    /** Why {@code path} could not be used: permission denied, not a directory, read-only file system, ... */
    public static String reason(Path path, IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        // createDirectories on an existing file
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) return notADirectory(path);
        if (e instanceof NoSuchFileException) return missingDirectory(path);
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            String reason = lowerFirst(fs.getReason());
            return reason.equals("not a directory") ? notADirectory(path) : reason;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Names the file that stands where a directory is needed, when that is not the path itself. */
    private static String notADirectory(Path path) {
        Path file = firstExisting(path);
        return file == null || file.equals(path.toAbsolutePath()) || Files.isDirectory(file)
                ? "not a directory" : "not a directory (" + file + " is a file)";
    }

    private static String missingDirectory(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        return parent != null && !Files.isDirectory(parent)
                ? "directory " + parent + " does not exist" : "no such file or directory";
    }

    private static Path firstExisting(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) return p;
        }
        return null;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}

package org.avataroffload.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.avataroffload.config.PathFailure;

/**
 * Whether {@code cache.dir} can be the disk cache: a directory (made if missing) this process can write a file in.
 * {@code serve} checks it before starting, so a bad one is one line naming the key, the reason and the path, not
 * "cannot open the disk cache"; {@code check-config} makes the same probe ({@link FileChecks#cacheDir}).
 */
final class CacheDirCheck {
    private CacheDirCheck() {
    }

    /** Empty when it works; else {@code cache.dir "/var/cache/avatar-offload": permission denied}. */
    static Optional<String> problem(Path dir) {
        Path absolute = dir.toAbsolutePath();
        try {
            FileChecks.writeProbe(absolute);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cache.dir \"" + absolute + "\": " + PathFailure.reason(absolute, e));
        }
    }
}

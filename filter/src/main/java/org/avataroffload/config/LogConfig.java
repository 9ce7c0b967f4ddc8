package org.avataroffload.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The access log: one line per finished request, with the avatar outcome and the time taken.
 *
 * @param access     the line format, or {@link AccessFormat#OFF}
 * @param accessFile where the lines go; empty means the SLF4J logger {@code avatar-offload.access} (the standalone
 *                   jar's logback.xml writes it to stdout as bare lines: the systemd journal; in a servlet container,
 *                   the container's log)
 */
public record LogConfig(AccessFormat access, Optional<Path> accessFile) {
    public static final LogConfig DEFAULT = new LogConfig(AccessFormat.COMBINED, Optional.empty());

    /** NCSA combined plus the outcome fields, JSON lines, or nothing. */
    public enum AccessFormat { OFF, COMBINED, JSON }

    public LogConfig {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(accessFile, "accessFile");
    }
}

package org.avataroffload.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code upstream.errorPage}: what visitors see while the forum cannot be reached (a rebuild), instead of a bare 502.
 * The file is read once, when the config is loaded: a page that could not be read is a config error then, not a
 * surprise during the outage it is meant for.
 *
 * @param file the file, as the config names it
 * @param html its text (UTF-8), at most {@link #MAX_BYTES}
 */
public record ErrorPage(Path file, String html) {
    /** It is kept in memory for as long as the proxy runs. */
    public static final int MAX_BYTES = 1 << 20;

    public ErrorPage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(html, "html");
    }
}

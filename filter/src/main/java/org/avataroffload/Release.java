package org.avataroffload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The version this build was made as, from a resource the build fills in: the WAR's classes sit in
 * {@code WEB-INF/classes}, where no manifest says it, and the jar and the WAR should say the same.
 */
public final class Release {
    private static final String RESOURCE = "release.properties";

    private Release() {
    }

    /** The version, or empty when the classes were not built by Maven (an IDE's build leaves the placeholder). */
    public static Optional<String> version() {
        try (InputStream in = Release.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return Optional.empty();
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version")).filter(v -> !v.startsWith("${"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.avataroffload.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The file store's record of one object's metadata: a hidden file {@code .meta.<file name>} beside the data file.
 * No key segment may start with '.', so no key ever names a sidecar. The format is one {@code name=value} line per
 * entry ({@code content-type}, {@code cache-control}, {@code user.<key>}); values are printable ASCII with no line
 * break (see {@link ObjectMetadata}), so nothing needs escaping. Unknown lines are skipped, for later versions.
 */
final class MetadataSidecar {
    static final String PREFIX = ".meta.";

    private static final String CONTENT_TYPE = "content-type";
    private static final String ETAG = "etag";
    private static final String CACHE_CONTROL = "cache-control";
    private static final String USER = "user.";

    private MetadataSidecar() {
    }

    static Path of(Path dataFile) {
        return dataFile.resolveSibling(PREFIX + dataFile.getFileName());
    }

    /** The data file a sidecar belongs to, or empty if {@code file} is no sidecar. */
    static Optional<Path> dataFileOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) return Optional.empty();
        return Optional.of(file.resolveSibling(name.substring(PREFIX.length())));
    }

    /**
     * What the sidecar says: the metadata, and the data's ETag as the put that wrote both computed it, with the time
     * the sidecar was written. An object written before sidecars existed has none and reads as S3's default.
     */
    record Loaded(ObjectMetadata metadata, Optional<String> etag, Optional<FileTime> written) {
    }

    static Loaded load(Path dataFile) throws IOException {
        Path sidecar = of(dataFile);
        try {
            FileTime written = Files.getLastModifiedTime(sidecar);
            String text = Files.readString(sidecar, StandardCharsets.US_ASCII);
            return new Loaded(parse(text), etagIn(text), Optional.of(written));
        } catch (NoSuchFileException e) {
            return new Loaded(ObjectMetadata.of(ObjectMetadata.DEFAULT_CONTENT_TYPE), Optional.empty(), Optional.empty());
        }
    }

    private static Optional<String> etagIn(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith(ETAG + "=")) return Optional.of(line.substring(ETAG.length() + 1));
        }
        return Optional.empty();
    }

    static byte[] format(ObjectMetadata metadata, String etag) {
        StringBuilder text = new StringBuilder();
        text.append(ETAG).append('=').append(etag).append('\n');
        text.append(CONTENT_TYPE).append('=').append(metadata.contentType()).append('\n');
        metadata.cacheControl().ifPresent(value -> text.append(CACHE_CONTROL).append('=').append(value).append('\n'));
        metadata.user().forEach((key, value) -> text.append(USER).append(key).append('=').append(value).append('\n'));
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Lenient: a sidecar edited by hand or damaged still yields what can be read from it. */
    static ObjectMetadata parse(String text) {
        String contentType = null;
        String cacheControl = null;
        Map<String, String> user = new TreeMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals <= 0) continue;
            String name = line.substring(0, equals);
            String value = line.substring(equals + 1);
            if (name.equals(CONTENT_TYPE)) {
                contentType = value;
            } else if (name.equals(CACHE_CONTROL)) {
                cacheControl = value;
            } else if (name.startsWith(USER)) {
                user.put(name.substring(USER.length()), value);
            }
        }
        return ObjectMetadata.lenient(contentType, cacheControl, user);
    }
}

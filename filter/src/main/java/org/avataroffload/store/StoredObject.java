package org.avataroffload.store;

import java.time.Instant;
import java.util.Objects;

/** An object read whole from the store. {@code etag} is the store's own, quotes removed. */
public record StoredObject(byte[] bytes, String etag, Instant lastModified, ObjectMetadata metadata) {
    public StoredObject {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(metadata, "metadata");
    }
}

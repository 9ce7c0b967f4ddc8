package org.avataroffload.store;

import java.time.Instant;
import java.util.Objects;

/** What {@link ObjectStore#head} tells without reading the body. */
public record ObjectInfo(long size, String etag, Instant lastModified, ObjectMetadata metadata) {
    public ObjectInfo {
        Objects.requireNonNull(metadata, "metadata");
    }
}

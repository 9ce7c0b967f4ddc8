package org.avataroffload.store;

import java.time.Instant;

/** What {@link ObjectStore#head} tells without reading the body. */
public record ObjectInfo(long size, String etag, Instant lastModified) {
}

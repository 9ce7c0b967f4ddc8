package org.avataroffload.bulk;

/**
 * Copies one object from the old store into the new one without the bytes passing through this process (S3's
 * CopyObject), keeping its metadata. Given only where both ends are S3 on one endpoint with one set of credentials.
 */
@FunctionalInterface
public interface ServerSideCopy {

    /**
     * Copies {@code key} (relative to both stores' prefixes).
     *
     * @throws org.avataroffload.store.StoreException when the copy is refused or fails; the object is then streamed
     */
    void copy(String key);
}

package org.avataroffload.store;

import java.util.List;
import java.util.Optional;

/**
 * Where masters and derived sizes are kept durably. Keys are '/'-separated, relative, already validated
 * (see {@link StoreKeys}); an implementation maps them onto its medium.
 *
 * <p>Every method throws {@link StoreException} when the store cannot answer (down, denied, timed out);
 * "not there" is an empty result, not an exception.
 */
public interface ObjectStore extends AutoCloseable {

    /** The object's bytes, or empty if there is no such key. */
    Optional<StoredObject> get(String key);

    /** Size, ETag, time and metadata of the object, or empty if there is no such key; reads no body. */
    Optional<ObjectInfo> head(String key);

    /**
     * Writes the object and returns only once the store has confirmed it whole (checksum verified by the store).
     * A reader never sees a partial object: either the old one, none, or the new one. The metadata replaces the old
     * object's whole.
     *
     * @return the ETag the store gave the object (quotes removed), as a later get or head reports it
     */
    String put(String key, byte[] bytes, ObjectMetadata metadata);

    /** Writes the object with this content type and no other metadata; returns its ETag. */
    default String put(String key, byte[] bytes, String contentType) {
        return put(key, bytes, ObjectMetadata.of(contentType));
    }

    /** Every key that starts with {@code prefix}, in lexicographic order. */
    List<String> list(String prefix);

    /** Copies an object and its metadata inside this store (server-side where the medium allows it). */
    void copy(String fromKey, String toKey);

    /** Removes the object; no error if it is not there. */
    void delete(String key);

    /**
     * Where the object sits in the medium, for a URL that points at it directly (redirect mode): the key with the
     * store's own prefix, e.g. {@code avatars/derived/user_avatar/h/sam/1_2/48.png}.
     */
    default String locationOf(String key) {
        return key;
    }

    /** Names the store for logs and health, e.g. {@code s3://bucket/prefix (us-east-1)}; never contains secrets. */
    String describe();

    @Override
    void close();
}

package org.avataroffload.avatar;

import java.util.Optional;

import org.avataroffload.image.Rendition;
import org.avataroffload.upstream.UpstreamResponse;

/** What looking for a master found. */
sealed interface Master {

    /**
     * The master's bytes and its ETag in the store (null when it could not be kept there, e.g. copied forward from a
     * fallback bucket into a store that refused it). When it was just read through from the forum, the size it was
     * checked with is kept too (by its size key), so that first request does not render twice.
     */
    record Found(byte[] bytes, String etag, String renderedSizeKey, Rendition rendition) implements Master {
        static Found stored(byte[] bytes, String etag) {
            return new Found(bytes, etag, null, null);
        }

        Optional<Rendition> renditionFor(String sizeKey) {
            return rendition != null && sizeKey.equals(renderedSizeKey) ? Optional.of(rendition) : Optional.empty();
        }
    }

    /** The forum answered, but not with something to keep (blank avatar, redirect, error, undecodable bytes). */
    record NotAMaster(UpstreamResponse response) implements Master {
    }

    /** Neither the store nor the forum could be asked. */
    record Unavailable(String reason) implements Master {
    }
}

package org.avataroffload.avatar;

import java.util.Optional;

import org.avataroffload.image.Rendition;
import org.avataroffload.upstream.UpstreamResponse;

/** What looking for a master found. */
sealed interface Master {

    /**
     * The master's bytes. When it was just read through from the forum, the size it was checked with is kept too
     * (by its size key), so that first request does not render twice.
     */
    record Found(byte[] bytes, String renderedSizeKey, Rendition rendition) implements Master {
        static Found stored(byte[] bytes) {
            return new Found(bytes, null, null);
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

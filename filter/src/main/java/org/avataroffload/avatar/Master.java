package org.avataroffload.avatar;

import java.util.Optional;

import org.avataroffload.outcome.MasterSource;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.upstream.UpstreamResponse;

/** What looking for a master found. */
sealed interface Master {

    /**
     * A master in the store: its bytes and its ETag there, read from {@code source}. No ETag when it was copied forward
     * from an older bucket into a store that refused it (then no derived size may be kept for it).
     */
    record Stored(byte[] bytes, Optional<String> etag, MasterSource source) implements Master {
    }

    /**
     * The forum's answer, a master by {@link MasterPolicy}, not kept yet: the caller checks that it renders, then has
     * it kept ({@link ReadThrough#keep}), which gives {@link Stored} or {@link Refused}.
     */
    record Fetched(AvatarRequest request, String key, UpstreamResponse response) implements Master {
        byte[] bytes() {
            return response.body();
        }
    }

    /** The forum answered, but not with something to keep (blank avatar, redirect, error, undecodable bytes). */
    record NotAMaster(UpstreamResponse response) implements Master {
    }

    /** The forum gave a master, but the store did not confirm the write: nothing is kept, the forum answers. */
    record Refused(UpstreamResponse response, String reason) implements Master {
    }

    /** Neither the store nor the forum could be asked. */
    record Unavailable(String reason) implements Master {
    }
}

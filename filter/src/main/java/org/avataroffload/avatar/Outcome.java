package org.avataroffload.avatar;

import java.util.Optional;

import org.avataroffload.upstream.UpstreamResponse;

/** What the proxy does with one avatar request once the tiers have been asked. */
public sealed interface Outcome {

    /**
     * The proxy answers with this size, found in (or made for) the named tier; {@code storeKey} is its derived key
     * in the store when it is known to be there (what redirect mode points at).
     */
    record Served(Avatar avatar, String tier, Optional<String> storeKey) implements Outcome {
    }

    /** The forum's own answer to this very URL (its blank avatar, its redirect), relayed as it came. */
    record Relay(UpstreamResponse response) implements Outcome {
    }

    /** The proxy cannot answer; the request goes to the forum unchanged. */
    record PassThrough(String reason) implements Outcome {
    }

    /** Every worker is busy and the queue is full: 503 with Retry-After. */
    record Busy() implements Outcome {
    }
}

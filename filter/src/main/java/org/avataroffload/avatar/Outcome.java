package org.avataroffload.avatar;

import org.avataroffload.outcome.Tier;
import org.avataroffload.upstream.UpstreamResponse;

/** What the proxy does with one avatar request once the tiers have been asked. */
public sealed interface Outcome {

    /** The proxy answers with this size, found in (or made for) the named tier. */
    record Served(Avatar avatar, Tier tier) implements Outcome {
    }

    /**
     * Redirect mode: the size is in the store under {@code storeKey}, and the client is sent there; {@code tier} says
     * how this node knew ({@link Tier#LOCATED}) or found it ({@link Tier#STORE}, {@link Tier#GENERATED}).
     */
    record Located(String storeKey, Tier tier) implements Outcome {
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

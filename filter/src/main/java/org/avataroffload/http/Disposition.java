package org.avataroffload.http;

import java.util.Optional;

import org.avataroffload.avatar.Outcome;
import org.avataroffload.outcome.RequestOutcome;
import org.avataroffload.outcome.Tier;
import org.avataroffload.route.AvatarRequest;

/**
 * What the proxy did with a request, as the request log notes it: the route's name, the outcome, the tier an avatar
 * came from, and the size key when the tiers were asked for it (counted then in the status page's history and top
 * list; never written to the log line).
 */
public record Disposition(Optional<String> route, RequestOutcome outcome, Optional<Tier> tier, Optional<String> sizeKey) {
    /** The forum's pages, its API, everything no route matched. */
    public static final Disposition NOT_OURS = new Disposition(Optional.empty(), RequestOutcome.PASSTHROUGH,
            Optional.empty(), Optional.empty());
    public static final Disposition ADMIN = new Disposition(Optional.empty(), RequestOutcome.ADMIN, Optional.empty(),
            Optional.empty());

    /** Decided by the route alone (a size out of range, a redirect to the nearest size): the tiers were not asked. */
    public static Disposition of(AvatarRequest request, RequestOutcome outcome) {
        return new Disposition(Optional.of(request.route().name()), outcome, Optional.empty(), Optional.empty());
    }

    /** What the tiers gave for this request. */
    public static Disposition of(AvatarRequest request, Outcome outcome) {
        Optional<Tier> tier = Optional.empty();
        RequestOutcome done;
        if (outcome instanceof Outcome.Served served) {
            tier = Optional.of(served.tier());
            done = served.tier().outcome();
        } else if (outcome instanceof Outcome.Located located) {
            tier = Optional.of(located.tier());
            done = RequestOutcome.REDIRECT;
        } else if (outcome instanceof Outcome.Relay) {
            done = RequestOutcome.RELAY;
        } else if (outcome instanceof Outcome.Busy) {
            done = RequestOutcome.BUSY;
        } else {
            done = RequestOutcome.PASSTHROUGH;
        }
        return new Disposition(Optional.of(request.route().name()), done, tier, Optional.of(request.sizeKey()));
    }
}

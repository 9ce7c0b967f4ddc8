package org.avataroffload.route;

/**
 * What the proxy does with a request, decided from its method, raw path and Accept header (and, for an admin path,
 * the addresses it came from), without any server API ({@link RequestRouter}). The servlet filter and the jar's front door both act on it, so a routing rule
 * is written once.
 */
public sealed interface RequestDecision {

    /** Not an avatar's (nor an admin endpoint's): the forum answers it, as it would without the proxy. */
    record NotOurs() implements RequestDecision {
    }

    /** An admin endpoint on this port, asked from an address {@code admin.allow} lets in. */
    record Admin() implements RequestDecision {
    }

    /** The admin health path asked from elsewhere (a load balancer's check): UP or DEGRADED, and nothing more. */
    record PublicHealth() implements RequestDecision {
    }

    /** A decision about one avatar URL. */
    sealed interface ForAvatar extends RequestDecision {
        AvatarRequest request();
    }

    /** A size outside 8..1000: the forum answers (its blank avatar). */
    record PassThrough(AvatarRequest request) implements ForAvatar {
    }

    /** A size not in the route's list: a redirect to the same avatar at the nearest allowed size, at {@code path}. */
    record Redirect(AvatarRequest request, String path) implements ForAvatar {
    }

    /** An allowed size, answered with its bytes from the tiers. */
    record Serve(AvatarRequest request) implements ForAvatar {
    }

    /** Redirect mode: an allowed size, made sure to be in the store, and the client sent there under {@code redirectBase}. */
    record Locate(AvatarRequest request, String redirectBase) implements ForAvatar {
    }
}

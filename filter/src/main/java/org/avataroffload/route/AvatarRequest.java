package org.avataroffload.route;

import java.util.Map;

import org.avataroffload.image.Encoding;

/**
 * A request that matched a route: which route, the decoded and normalised placeholder values, the requested size,
 * the master's key (already encoded, safe for any store) and the encoding the answer gets. Immutable.
 */
public record AvatarRequest(Route route, Map<String, String> values, int size, String key, Encoding encoding) {
    public AvatarRequest {
        values = Map.copyOf(values);
    }

    /** Identifies one generated size of one master in one encoding, the same across tiers and nodes. */
    public String sizeKey() {
        return route.name() + "/" + key + "/" + size + "/" + encoding.cacheName();
    }

    /** Identifies one master. */
    public String masterKey() {
        return route.name() + "/" + key;
    }
}

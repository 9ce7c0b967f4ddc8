package org.avataroffload.route;

import java.util.Map;

/**
 * A request that matched a route: which route, the decoded placeholder values, the requested size and the master's
 * key (already encoded, safe for any store). Immutable.
 */
public record AvatarRequest(Route route, Map<String, String> values, int size, String key) {
    public AvatarRequest {
        values = Map.copyOf(values);
    }

    /** Identifies one generated size of one master, the same across tiers and nodes. */
    public String sizeKey() {
        return route.name() + "/" + key + "/" + size;
    }

    /** Identifies one master. */
    public String masterKey() {
        return route.name() + "/" + key;
    }
}

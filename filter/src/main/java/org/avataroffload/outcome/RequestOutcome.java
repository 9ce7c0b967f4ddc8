package org.avataroffload.outcome;

/**
 * What the proxy did with a request: the label the access log ({@code outcome=}) and
 * {@code offload_requests_seconds{outcome}} print.
 */
public enum RequestOutcome {
    /** answered with a size that was already made */
    HIT("hit"),
    /** answered with a size made from the master */
    MISS("miss"),
    /** a 302: to the nearest allowed size, or (redirect mode) to the store */
    REDIRECT("redirect"),
    /** the forum's own answer to this very URL, relayed as it came */
    RELAY("relay"),
    /** the forum answered the request itself */
    PASSTHROUGH("passthrough"),
    /** 503: every worker busy */
    BUSY("busy"),
    /** an admin endpoint: written to the access log, not to the request metric */
    ADMIN("admin");

    private final String label;

    RequestOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Counted in {@code offload_requests_seconds}: every outcome but the admin endpoints'. */
    public boolean isMetered() {
        return this != ADMIN;
    }
}

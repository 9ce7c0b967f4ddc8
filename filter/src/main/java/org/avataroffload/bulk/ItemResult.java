package org.avataroffload.bulk;

import java.util.Objects;

/** One item's outcome, with a short reason where there is one to tell (always for a failure). */
public record ItemResult(BulkOutcome outcome, String detail) {
    public ItemResult {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    static ItemResult of(BulkOutcome outcome) {
        return new ItemResult(outcome, "");
    }

    static ItemResult failed(String reason) {
        return new ItemResult(BulkOutcome.FAILED, reason);
    }
}

package org.avataroffload.http;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Conditional request headers, evaluated in the order of RFC 9110 section 13.2.2: If-Match, then
 * If-Unmodified-Since (only without If-Match), then If-None-Match, then If-Modified-Since (only without
 * If-None-Match, and only for GET and HEAD). Dates compare in whole seconds. Pure: it takes everything as arguments.
 */
final class Preconditions {
    enum Result { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    /** The request's conditional headers, each null when absent. */
    record Conditions(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch, String ifModifiedSince) {
    }

    private Preconditions() {
    }

    static Result evaluate(String method, Conditions conditions, String etag, Instant lastModified) {
        boolean safe = "GET".equals(method) || "HEAD".equals(method);
        long modified = lastModified.getEpochSecond();
        if (conditions.ifMatch() != null) {
            if (!matches(conditions.ifMatch(), etag, false)) return Result.PRECONDITION_FAILED;
        } else if (conditions.ifUnmodifiedSince() != null) {
            Optional<Instant> since = httpDate(conditions.ifUnmodifiedSince());
            if (since.isPresent() && modified > since.get().getEpochSecond()) return Result.PRECONDITION_FAILED;
        }
        if (conditions.ifNoneMatch() != null) {
            if (matches(conditions.ifNoneMatch(), etag, true)) {
                return safe ? Result.NOT_MODIFIED : Result.PRECONDITION_FAILED;
            }
        } else if (safe && conditions.ifModifiedSince() != null) {
            Optional<Instant> since = httpDate(conditions.ifModifiedSince());
            if (since.isPresent() && modified <= since.get().getEpochSecond()) return Result.NOT_MODIFIED;
        }
        return Result.PROCEED;
    }

    /** Whether a list of entity tags names ours; If-None-Match compares weakly (W/ ignored), If-Match strongly. */
    private static boolean matches(String header, String etag, boolean weak) {
        if (header.trim().equals("*")) return true;
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                if (!weak) continue;
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) return true;
        }
        return false;
    }

    /** An HTTP date (IMF-fixdate); anything unparseable counts as absent, as RFC 9110 asks. */
    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

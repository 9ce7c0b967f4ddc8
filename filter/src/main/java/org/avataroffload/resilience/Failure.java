package org.avataroffload.resilience;

import java.util.Objects;
import java.util.Optional;

/**
 * What a guard records of one failure of its dependency, as health shows it.
 *
 * @param kind             what went wrong in one word ({@code no-such-bucket}, {@code slow}), when the dependency
 *                         can tell
 * @param error            the failure's text, cut to its first line and {@link #MAX_ERROR_CHARS} characters: health
 *                         and the status page show a reason, not a 1.5 KB credential-chain dump
 * @param misconfiguration whether only a change of config or permissions can fix it: the breaker then stays open,
 *                         whatever answers come, until a verifying probe succeeds ({@link CircuitBreaker#onVerified()})
 */
public record Failure(Optional<String> kind, String error, boolean misconfiguration) {
    public static final int MAX_ERROR_CHARS = 200;

    public Failure {
        Objects.requireNonNull(kind, "kind");
        error = shorten(Objects.requireNonNull(error, "error"));
    }

    /** A failure of no particular kind, counted towards the breaker's threshold. */
    public static Failure of(String error) {
        return new Failure(Optional.empty(), error, false);
    }

    public static Failure of(String kind, String error, boolean misconfiguration) {
        return new Failure(Optional.of(kind), error, misconfiguration);
    }

    /** The first line, at most {@link #MAX_ERROR_CHARS} characters (an ellipsis marks a cut). */
    public static String shorten(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }
}

package org.avataroffload.standalone;

import java.time.Duration;

/**
 * One check of {@code check-config}: something {@code serve} needs, tried for real, with what was found and how long
 * it took. The checks make no lasting change: what they write (the store's and the cache dir's probes) they delete,
 * and what they open (a port, the access-log file) they close.
 *
 * @param name   the key or dependency checked: {@code store}, {@code store.fallback[0]}, {@code cache.dir},
 *               {@code log.accessFile}, {@code server.port}, {@code admin.port}, {@code upstream}, {@code sample}
 * @param target what was tried, without secrets
 * @param status OK, FAIL or SKIP
 * @param detail what was found, or why it failed
 */
record DependencyCheck(String name, String target, Status status, String detail, Duration took) {
    enum Status { OK, FAIL, SKIP }

    boolean failed() {
        return status == Status.FAIL;
    }

    /** The line {@code check-config} prints, without its indent. */
    String line() {
        String inTime = status == Status.SKIP ? "" : " in " + took.toMillis() + " ms";
        return String.format("%-4s  %s %s: %s%s", status, name, target, detail, inTime);
    }

    static DependencyCheck ok(String name, String target, String detail, long startNanos) {
        return new DependencyCheck(name, target, Status.OK, detail, since(startNanos));
    }

    static DependencyCheck fail(String name, String target, String detail, long startNanos) {
        return new DependencyCheck(name, target, Status.FAIL, detail, since(startNanos));
    }

    static DependencyCheck skip(String name, String target, String detail) {
        return new DependencyCheck(name, target, Status.SKIP, detail, Duration.ZERO);
    }

    /** The first line of a failure's message, or its type when it has none: a finding, never a stack trace. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}

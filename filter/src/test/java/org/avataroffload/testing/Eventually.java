package org.avataroffload.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that another thread or process brings about, polling it within a bound. */
public final class Eventually {
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private Eventually() {
    }

    /** Whether the condition held within the bound (checked once more at the end). */
    public static boolean holdsWithin(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            LockSupport.parkNanos(POLL_NANOS);
        }
        return condition.getAsBoolean();
    }

    /** Fails with {@code state} (what was seen instead) unless the condition holds within the bound. */
    public static void await(Duration bound, BooleanSupplier condition, Supplier<String> state) {
        if (!holdsWithin(bound, condition)) throw new AssertionError("not within " + bound + ": " + state.get());
    }
}

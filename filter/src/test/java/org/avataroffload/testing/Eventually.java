package org.avataroffload.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition that another thread or process brings about, polling it within a bound: the one wait of the
 * tests, so none guesses at a delay or writes its own deadline loop.
 */
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

    /**
     * The first value that is {@code done} within the bound, or else the last one seen: the caller's assertion on it
     * then says what was there instead.
     */
    public static <T> T valueWithin(Duration bound, Supplier<T> value, Predicate<? super T> done) {
        Object[] last = new Object[1];
        holdsWithin(bound, () -> done.test(remember(last, value.get())));
        @SuppressWarnings("unchecked")
        T seen = (T) last[0];
        return seen;
    }

    /** The value once it has not changed for {@code quiet}; fails if it is still changing when the bound is up. */
    public static long settledWithin(Duration bound, Duration quiet, LongSupplier value) {
        long[] last = {value.getAsLong(), System.nanoTime()}; // the value, and since when it has held
        boolean settled = holdsWithin(bound, () -> {
            long now = value.getAsLong();
            if (now != last[0]) {
                last[0] = now;
                last[1] = System.nanoTime();
            }
            return System.nanoTime() - last[1] >= quiet.toNanos();
        });
        if (!settled) throw new AssertionError("still changing after " + bound + ": " + last[0]);
        return last[0];
    }

    private static <T> T remember(Object[] last, T value) {
        last[0] = value;
        return value;
    }
}

package org.avataroffload.resilience;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The breaker's protocol around one dependency's calls, written once for the store and the forum: ask the breaker,
 * make the call, tell the breaker what came of it, and say once when a failure opened it.
 *
 * <p>Only a thrown {@code E} (the dependency's own failure type) can count against the dependency, and only when the
 * caller finds it a failure: the forum sending more than the byte limit is an answer. Anything else thrown (a bad
 * key, a bug of ours) says nothing about the dependency and frees the probe slot it may have held.
 *
 * @param <E> what the dependency throws when it cannot answer
 */
public final class Guard<E extends Exception> {
    /** A call to the dependency. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    /** What health records of a thrown {@code E}, or empty when it is an answer after all. */
    @FunctionalInterface
    public interface Classifier<E extends Exception> {
        Optional<Failure> classify(E thrown);
    }

    private final CircuitBreaker breaker;
    private final Class<E> failureType;
    private final Consumer<E> opened;

    /** @param opened told of the failure that opened the breaker, once per outage: the guarded side logs it */
    public Guard(CircuitBreaker breaker, Class<E> failureType, Consumer<E> opened) {
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.failureType = Objects.requireNonNull(failureType, "failureType");
        this.opened = Objects.requireNonNull(opened, "opened");
    }

    /**
     * Makes the call if the breaker lets it go, else throws what {@code refused} makes without calling.
     *
     * @param isFailure the text health shows of a thrown {@code E}, or empty when it is an answer after all
     */
    public <T> T call(Call<T, E> call, Function<E, Optional<String>> isFailure, Supplier<E> refused) throws E {
        return classifiedCall(call, thrown -> isFailure.apply(thrown).map(Failure::of), refused);
    }

    /** As {@link #call(Call, Function, Supplier)}, with failures that have a kind and may be misconfigurations. */
    public <T> T classifiedCall(Call<T, E> call, Classifier<E> isFailure, Supplier<E> refused) throws E {
        if (!breaker.tryAcquire()) throw refused.get();
        try {
            T result = call.call();
            breaker.onSuccess();
            return result;
        } catch (Exception e) {
            if (failureType.isInstance(e)) record(failureType.cast(e), isFailure); else breaker.onIgnored();
            throw e;
        } catch (Error e) {
            breaker.onIgnored();
            throw e;
        }
    }

    /**
     * Makes a verifying probe if the breaker lets it ({@link CircuitBreaker#tryVerify()}): calls that prove the
     * configuration works, made straight to the dependency (not through {@link #call}); their success clears a
     * misconfiguration, their failure opens the breaker. The caller reports a failure (not {@code opened}): at start
     * it is the one line that names what to fix.
     *
     * @return whether it was made and succeeded; false when the breaker did not let it go
     * @throws E the failure, once recorded
     */
    public boolean verify(Call<?, E> verification, Classifier<E> isFailure) throws E {
        if (!breaker.tryVerify()) return false;
        try {
            verification.call();
            breaker.onVerified();
            return true;
        } catch (Exception e) {
            if (!failureType.isInstance(e)) {
                breaker.onIgnored();
                throw e;
            }
            Optional<Failure> failure = isFailure.classify(failureType.cast(e));
            if (failure.isPresent()) breaker.onVerifyFailed(failure.get()); else breaker.onIgnored();
            throw e;
        } catch (Error e) {
            breaker.onIgnored();
            throw e;
        }
    }

    private void record(E thrown, Classifier<E> isFailure) {
        Optional<Failure> failure = isFailure.classify(thrown);
        if (failure.isEmpty()) {
            breaker.onSuccess();
        } else if (breaker.onFailure(failure.get())) {
            opened.accept(thrown);
        }
    }

    /**
     * Makes the breaker's probe: {@code probe} is a call that itself goes through {@link #call}, which counts its
     * outcome; a failure is then only handed to {@code failed}, since whoever asked for the probe waits for nothing.
     */
    public void probe(Call<?, E> probe, Consumer<E> failed) {
        try {
            probe.call();
        } catch (Exception e) {
            if (!failureType.isInstance(e)) throw (RuntimeException) e; // a call throws only E and unchecked ones
            failed.accept(failureType.cast(e));
        }
    }

    public CircuitBreaker.Snapshot state() {
        return breaker.snapshot();
    }

    /** When an open breaker lets its probe through. */
    public Instant retryAt() {
        return breaker.retryAt();
    }

    /** Whether the breaker waits for a probe. */
    public boolean probeDue() {
        return breaker.probeDue();
    }
}

package org.avataroffload.proxy;

import java.util.Optional;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.avataroffload.metrics.OffloadMetrics;

/** Counts a pass-through out of the in-flight gauge when its async cycle ends, however it ends. */
final class PassThroughEnd implements AsyncListener {
    private final Optional<OffloadMetrics> metrics;

    PassThroughEnd(Optional<OffloadMetrics> metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        metrics.ifPresent(OffloadMetrics::passThroughEnded);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // completed after the timeout: counted out in onComplete
    }

    @Override
    public void onError(AsyncEvent event) {
        // completed after the error: counted out in onComplete
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }
}

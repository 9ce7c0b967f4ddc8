package org.avataroffload.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.avatar.Outcome;

/**
 * A miss answered asynchronously: the request leaves the container's thread while the miss pool works, and is
 * answered exactly once — by the outcome, or by a 503 if the outcome takes longer than the timeout.
 */
final class AsyncMiss {
    /** Answers the finished miss and completes (or dispatches) the async context. */
    interface Responder {
        void accept(CompletableFuture<Outcome> miss, AsyncContext async);
    }

    private AsyncMiss() {
    }

    static void start(HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                      CompletableFuture<Outcome> miss, Duration timeout, Responder responder) {
        AsyncContext async = clientRequest.startAsync(clientRequest, clientResponse);
        async.setTimeout(timeout.toMillis());
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                if (answered.compareAndSet(false, true)) {
                    AvatarResponses.busy(clientResponse);
                    async.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true); // the client is gone: nothing left to answer
            }

            @Override
            public void onComplete(AsyncEvent event) {
                // nothing to release: the miss goes on and fills the caches for the next request
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        miss.whenComplete((outcome, error) -> {
            if (answered.compareAndSet(false, true)) responder.accept(miss, async);
        });
    }
}

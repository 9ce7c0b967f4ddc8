package org.avataroffload.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Runs an action when a request's async cycle completes, however it ends (a timeout or an error is completed
 * afterwards). A dispatch that starts a new cycle (the forum's, after a miss it could not answer) is followed into it.
 */
public final class AsyncEnd implements AsyncListener {
    private final Runnable action;

    private AsyncEnd(Runnable action) {
        this.action = action;
    }

    /** {@code action} runs once the request is really done. */
    public static void then(AsyncContext async, Runnable action) {
        async.addListener(new AsyncEnd(action));
    }

    @Override
    public void onComplete(AsyncEvent event) {
        action.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // the answer (a 503) is written by whoever started the cycle; the action runs on completion
    }

    @Override
    public void onError(AsyncEvent event) {
        // the client is gone; the action still runs on completion
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }
}

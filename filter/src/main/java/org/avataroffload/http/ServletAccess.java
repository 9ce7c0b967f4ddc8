package org.avataroffload.http;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet side of the access log: what the filter decided travels with the request as an attribute, and the line
 * is written when the request is really done — at once, or when its async cycle completes (a miss answered later, or
 * the forum's pass-through, which is async in Jetty's ProxyServlet). Each request is noted exactly once.
 */
final class ServletAccess {
    static final String ANSWER = AccessLog.class.getName() + ".answer";
    private static final String START = AccessLog.class.getName() + ".start";
    private static final String NOTED = AccessLog.class.getName() + ".noted";

    private ServletAccess() {
    }

    static void started(HttpServletRequest clientRequest) {
        clientRequest.setAttribute(START, System.nanoTime());
        clientRequest.setAttribute(NOTED, new AtomicBoolean());
    }

    static void answered(HttpServletRequest clientRequest, AccessLog.Answer answer) {
        clientRequest.setAttribute(ANSWER, answer);
    }

    /** At the end of a dispatch: notes the request now, or when its async cycle completes. */
    static void dispatched(AccessLog log, HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                           boolean failed) {
        if (!(clientRequest.getAttribute(NOTED) instanceof AtomicBoolean)) return; // not started by the filter
        if (!failed && clientRequest.isAsyncStarted()) {
            clientRequest.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    note(log, clientRequest, clientResponse, false);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    // the answer (a 503) is written by whoever started the cycle; noted on completion
                }

                @Override
                public void onError(AsyncEvent event) {
                    // the client is gone; still noted on completion
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    event.getAsyncContext().addListener(this); // a new cycle (the forum's) after a dispatch
                }
            });
            return;
        }
        note(log, clientRequest, clientResponse, failed);
    }

    private static void note(AccessLog log, HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                             boolean failed) {
        AtomicBoolean noted = (AtomicBoolean) clientRequest.getAttribute(NOTED);
        if (!noted.compareAndSet(false, true)) return;
        long nanos = System.nanoTime() - (Long) clientRequest.getAttribute(START);
        AccessLog.Answer answer = clientRequest.getAttribute(ANSWER) instanceof AccessLog.Answer given
                ? given : AccessLog.Answer.PASSTHROUGH;
        String query = clientRequest.getQueryString();
        String length = clientResponse.getHeader("Content-Length");
        log.finished(new AccessLog.Line(Instant.now().minusNanos(nanos), clientRequest.getRemoteAddr(),
                clientRequest.getMethod(), clientRequest.getRequestURI() + (query == null ? "" : "?" + query),
                clientRequest.getProtocol(), failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR
                        : clientResponse.getStatus(), bytes(length),
                Optional.ofNullable(clientRequest.getHeader("Referer")),
                Optional.ofNullable(clientRequest.getHeader("User-Agent")), answer, nanos));
    }

    private static long bytes(String contentLength) {
        if (contentLength == null) return -1;
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

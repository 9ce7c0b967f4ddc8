package org.avataroffload.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.proxy.AsyncEnd;

/**
 * The servlet side of the access log: what the filter decided travels with the request as an attribute, and the line
 * is written when the request is really done — at once, or when its async cycle completes (a miss answered later, or
 * the forum's pass-through, which is async in Jetty's ProxyServlet). Each request is noted exactly once.
 */
final class ServletAccess {
    static final String DISPOSITION = AccessLog.class.getName() + ".disposition";
    private static final String START = AccessLog.class.getName() + ".start";
    private static final String NOTED = AccessLog.class.getName() + ".noted";

    private ServletAccess() {
    }

    static void started(HttpServletRequest clientRequest) {
        clientRequest.setAttribute(START, System.nanoTime());
        clientRequest.setAttribute(NOTED, new AtomicBoolean());
    }

    static void answered(HttpServletRequest clientRequest, Disposition disposition) {
        clientRequest.setAttribute(DISPOSITION, disposition);
    }

    /** At the end of a dispatch: notes the request now, or when its async cycle completes. */
    static void dispatched(RequestLog log, HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                           boolean failed) {
        if (!(clientRequest.getAttribute(NOTED) instanceof AtomicBoolean)) return; // not started by the filter
        if (!failed && clientRequest.isAsyncStarted()) {
            AsyncEnd.then(clientRequest.getAsyncContext(), () -> note(log, clientRequest, clientResponse, false));
            return;
        }
        note(log, clientRequest, clientResponse, failed);
    }

    private static void note(RequestLog log, HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                             boolean failed) {
        AtomicBoolean noted = (AtomicBoolean) clientRequest.getAttribute(NOTED);
        if (!noted.compareAndSet(false, true)) return;
        long nanos = System.nanoTime() - (Long) clientRequest.getAttribute(START);
        Disposition disposition = clientRequest.getAttribute(DISPOSITION) instanceof Disposition given
                ? given : Disposition.NOT_OURS;
        String query = clientRequest.getQueryString();
        String length = clientResponse.getHeader("Content-Length");
        log.finished(new AccessLog.Line(log.arrival(nanos), clientRequest.getRemoteAddr(),
                clientRequest.getMethod(), clientRequest.getRequestURI() + (query == null ? "" : "?" + query),
                clientRequest.getProtocol(), failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR
                        : clientResponse.getStatus(), bytes(length),
                Optional.ofNullable(clientRequest.getHeader("Referer")),
                Optional.ofNullable(clientRequest.getHeader("User-Agent")), disposition, nanos));
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

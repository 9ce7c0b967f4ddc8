package org.avataroffload.standalone;

import java.util.Optional;

import org.avataroffload.http.AccessLog;
import org.avataroffload.http.Disposition;
import org.avataroffload.http.RequestLog;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** The access log line of a request answered in Jetty's core (a hit, a pass-through), as the filter writes it. */
final class CoreAccess {
    private CoreAccess() {
    }

    static void finished(RequestLog log, Request clientRequest, int status, long bytes, Disposition disposition,
                         long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        HttpFields headers = clientRequest.getHeaders();
        log.finished(new AccessLog.Line(log.arrival(nanos), Request.getRemoteAddr(clientRequest),
                clientRequest.getMethod(), clientRequest.getHttpURI().getPathQuery(),
                clientRequest.getConnectionMetaData().getProtocol(), status, bytes,
                Optional.ofNullable(headers.get(HttpHeader.REFERER)),
                Optional.ofNullable(headers.get(HttpHeader.USER_AGENT)), disposition, nanos));
    }
}

package org.avataroffload.standalone;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.AvatarOffload;
import org.avataroffload.avatar.Outcome;
import org.avataroffload.http.AccessLog;
import org.avataroffload.http.AvatarAnswer;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.route.Route;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The standalone server's fast path: a size this node holds (memory or its disk) is answered right here, in Jetty's
 * core, before the servlet layer is entered. Everything else — misses, redirects, the forum — goes on to the servlet
 * context (the avatar filter, then the forum proxy), which answers exactly as it would without this handler.
 */
final class HitHandler extends Handler.Wrapper {
    private final AvatarOffload offload;

    HitHandler(AvatarOffload offload, Handler next) {
        super(next);
        this.offload = offload;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) return super.handle(request, response, callback);
        HttpFields requestHeaders = request.getHeaders();
        Optional<AvatarRequest> match = offload.routes().match(request.getHttpURI().getPath(),
                requestHeaders.get(HttpHeader.ACCEPT));
        if (match.isEmpty() || !(match.get().route().decide(match.get().size()) instanceof Route.Allowed)
                || match.get().route().redirectBase().isPresent()) {
            return super.handle(request, response, callback);
        }
        Optional<Outcome> hit = offload.avatars().hit(match.get());
        if (hit.isEmpty() || !(hit.get() instanceof Outcome.Served served)) return super.handle(request, response, callback);
        AvatarAnswer answer = AvatarAnswer.of(method, requestHeaders::get, served.avatar(), served.tier(),
                match.get().route().variesByAccept());
        response.setStatus(answer.status());
        HttpFields.Mutable responseHeaders = response.getHeaders();
        for (Map.Entry<String, String> header : answer.headers()) responseHeaders.put(header.getKey(), header.getValue());
        AccessLog.Answer noted = AccessLog.Answer.of(match.get().route().name(), "hit", served.tier());
        response.write(true, answer.body().map(ByteBuffer::wrap).orElse(null),
                Callback.from(callback, () -> noteFinished(request, answer, noted, start)));
        return true;
    }

    /** The same access log line and metric the servlet filter writes for a hit. */
    private void noteFinished(Request request, AvatarAnswer answer, AccessLog.Answer noted, long start) {
        long nanos = System.nanoTime() - start;
        HttpFields requestHeaders = request.getHeaders();
        offload.accessLog().finished(new AccessLog.Line(Instant.now().minusNanos(nanos), Request.getRemoteAddr(request),
                request.getMethod(), request.getHttpURI().getPathQuery(), request.getConnectionMetaData().getProtocol(),
                answer.status(), answer.body().map(body -> (long) body.length).orElse(0L),
                Optional.ofNullable(requestHeaders.get(HttpHeader.REFERER)),
                Optional.ofNullable(requestHeaders.get(HttpHeader.USER_AGENT)), noted, nanos));
    }
}

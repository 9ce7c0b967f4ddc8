package org.avataroffload.standalone;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.AvatarOffload;
import org.avataroffload.avatar.Outcome;
import org.avataroffload.http.AvatarReply;
import org.avataroffload.http.Disposition;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.route.Caller;
import org.avataroffload.route.RequestDecision;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Where every request to the standalone server goes first, in Jetty's core. A size this node holds (memory or its
 * disk) is answered right here; the rest of an avatar route's requests and the admin endpoints go on to the servlet
 * context (the avatar filter, and the forum proxy behind it for what the filter passes on), which answers exactly as
 * it would without this handler; everything else — the forum's pages, API, uploads, long polls — goes straight to
 * the forum's core pass-through. So does an admin path asked from outside {@code admin.allow} (but its health
 * path's status), so the forum's own 404 answers it.
 */
final class FrontDoor extends Handler.AbstractContainer {
    private final AvatarOffload offload;
    private final Handler avatars;
    private final Handler forum;

    FrontDoor(AvatarOffload offload, Handler avatars, Handler forum) {
        this.offload = offload;
        this.avatars = avatars;
        this.forum = forum;
        addBean(avatars);
        addBean(forum);
    }

    @Override
    public List<Handler> getHandlers() {
        return List.of(avatars, forum);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        HttpFields requestHeaders = request.getHeaders();
        String method = request.getMethod();
        RequestDecision decision = offload.router().decide(method, request.getHttpURI().getPath(),
                requestHeaders.get(HttpHeader.ACCEPT), () -> new Caller(Request.getRemoteAddr(request),
                        requestHeaders::getValuesList));
        if (decision instanceof RequestDecision.NotOurs) return forum.handle(request, response, callback);
        if (!(decision instanceof RequestDecision.Serve serve)) return avatars.handle(request, response, callback);
        AvatarRequest avatar = serve.request();
        Optional<Outcome.Served> hit = offload.avatars().hit(avatar);
        if (hit.isEmpty()) return avatars.handle(request, response, callback);
        Outcome.Served served = hit.get();
        AvatarReply reply = AvatarReply.of(method, requestHeaders::get, served.avatar(), served.tier(),
                avatar.route().variesByAccept());
        response.setStatus(reply.status());
        HttpFields.Mutable responseHeaders = response.getHeaders();
        for (Map.Entry<String, String> header : reply.headers()) responseHeaders.put(header.getKey(), header.getValue());
        Disposition noted = Disposition.of(avatar, served);
        long bytes = reply.body().map(body -> (long) body.length).orElse(0L);
        response.write(true, reply.body().map(ByteBuffer::wrap).orElse(null), Callback.from(callback,
                () -> CoreAccess.finished(offload.requestLog(), request, reply.status(), bytes, noted, start)));
        return true;
    }
}

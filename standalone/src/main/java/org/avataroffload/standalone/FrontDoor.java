package org.avataroffload.standalone;

import java.nio.ByteBuffer;
import java.util.List;
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
 * Where every request to the standalone server goes first, in Jetty's core. A size this node holds (memory or its
 * disk) is answered right here; the rest of an avatar route's requests and the admin endpoints go on to the servlet
 * context (the avatar filter, and the forum proxy behind it for what the filter passes on), which answers exactly as
 * it would without this handler; everything else — the forum's pages, API, uploads, long polls — goes straight to
 * the forum's core pass-through.
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
        String path = request.getHttpURI().getPath();
        boolean adminHere = !offload.config().admin().ownPort();
        if (adminHere && offload.config().admin().owns(path)) return avatars.handle(request, response, callback);
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) return forum.handle(request, response, callback);
        HttpFields requestHeaders = request.getHeaders();
        Optional<AvatarRequest> match = offload.routes().match(path, requestHeaders.get(HttpHeader.ACCEPT));
        if (match.isEmpty()) return forum.handle(request, response, callback);
        AvatarRequest avatar = match.get();
        if (!(avatar.route().decide(avatar.size()) instanceof Route.Allowed) || avatar.route().redirectBase().isPresent()) {
            return avatars.handle(request, response, callback);
        }
        Optional<Outcome> hit = offload.avatars().hit(avatar);
        if (hit.isEmpty() || !(hit.get() instanceof Outcome.Served served)) return avatars.handle(request, response, callback);
        AvatarAnswer answer = AvatarAnswer.of(method, requestHeaders::get, served.avatar(), served.tier(),
                avatar.route().variesByAccept());
        response.setStatus(answer.status());
        HttpFields.Mutable responseHeaders = response.getHeaders();
        for (Map.Entry<String, String> header : answer.headers()) responseHeaders.put(header.getKey(), header.getValue());
        AccessLog.Answer noted = AccessLog.Answer.of(avatar.route().name(), "hit", served.tier());
        long bytes = answer.body().map(body -> (long) body.length).orElse(0L);
        response.write(true, answer.body().map(ByteBuffer::wrap).orElse(null), Callback.from(callback,
                () -> CoreAccess.finished(offload.accessLog(), request, answer.status(), bytes, noted, start)));
        return true;
    }
}

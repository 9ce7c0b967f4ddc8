package org.avataroffload.http;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.AvatarOffload;
import org.avataroffload.avatar.Outcome;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.route.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers avatar URLs itself and lets every other request continue down the chain to the forum. Works in any
 * Servlet 6.0 container. The running {@link AvatarOffload} comes from the constructor (embedded use) or from the
 * servlet context attribute named by its class (the WAR's listener puts it there).
 */
public final class AvatarFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AvatarFilter.class);
    private transient AvatarOffload offload;
    private transient AdminEndpoints admin;

    public AvatarFilter() {
    }

    public AvatarFilter(AvatarOffload offload) {
        this.offload = offload;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        super.init(filterConfig);
        if (offload == null) {
            offload = (AvatarOffload) filterConfig.getServletContext().getAttribute(AvatarOffload.class.getName());
            if (offload == null) throw new ServletException("avatar-offload is not started: its listener did not run");
        }
        // with a port of their own the admin endpoints are not here: their path is the forum's like any other
        admin = offload.config().admin().ownPort() ? null : new AdminEndpoints(offload);
    }

    @Override
    protected void doFilter(HttpServletRequest clientRequest, HttpServletResponse clientResponse, FilterChain chain)
            throws IOException, ServletException {
        boolean failed = true;
        try {
            if (clientRequest.getDispatcherType() == DispatcherType.ASYNC) {
                // back from a miss the proxy could not answer: the forum answers it
                chain.doFilter(clientRequest, clientResponse);
            } else {
                ServletAccess.started(clientRequest);
                route(clientRequest, clientResponse, chain);
            }
            failed = false;
        } finally {
            ServletAccess.dispatched(offload.accessLog(), clientRequest, clientResponse, failed);
        }
    }

    /** Admin endpoints, then the avatar routes; what no route matches goes down the chain to the forum. */
    private void route(HttpServletRequest clientRequest, HttpServletResponse clientResponse, FilterChain chain)
            throws IOException, ServletException {
        String path = clientRequest.getRequestURI().substring(clientRequest.getContextPath().length());
        if (admin != null && admin.handles(path)) {
            ServletAccess.answered(clientRequest, AccessLog.Answer.ADMIN);
            admin.serve(path, clientRequest, clientResponse);
            return;
        }
        String method = clientRequest.getMethod();
        Optional<AvatarRequest> match = "GET".equals(method) || "HEAD".equals(method)
                ? offload.routes().match(path, clientRequest.getHeader("Accept"))
                : Optional.empty();
        if (match.isEmpty()) {
            chain.doFilter(clientRequest, clientResponse);
            return;
        }
        AvatarRequest avatar = match.get();
        // every answer for this URL depends on Accept, whichever way it is given: say so to caches in front
        if (avatar.route().variesByAccept()) clientResponse.setHeader("Vary", "Accept");
        Route.SizeDecision size = avatar.route().decide(avatar.size());
        if (size instanceof Route.OutOfRange) {
            ServletAccess.answered(clientRequest, AccessLog.Answer.of(avatar.route().name(), "passthrough"));
            chain.doFilter(clientRequest, clientResponse);
        } else if (size instanceof Route.Nearest nearest) {
            ServletAccess.answered(clientRequest, AccessLog.Answer.of(avatar.route().name(), "redirect"));
            AvatarResponses.redirect(clientRequest, clientResponse, avatar.route().pathAt(avatar, nearest.size()));
        } else {
            serve(avatar, clientRequest, clientResponse, chain);
        }
    }

    /** A hit is answered here and now; a miss goes to the miss pool and is answered when its outcome is known. */
    private void serve(AvatarRequest avatar, HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                       FilterChain chain) throws IOException, ServletException {
        boolean redirects = avatar.route().redirectBase().isPresent();
        Optional<Outcome> hit = redirects ? offload.avatars().located(avatar) : offload.avatars().hit(avatar);
        if (hit.isPresent()) {
            answer(hit.get(), avatar, clientRequest, clientResponse, chain);
            return;
        }
        var forumHeaders = ForumHeaders.of(clientRequest, offload.config().upstream().trustForwardedHeaders());
        CompletableFuture<Outcome> miss;
        try {
            miss = redirects ? offload.avatars().locate(avatar, forumHeaders) : offload.avatars().miss(avatar, forumHeaders);
        } catch (RuntimeException e) {
            miss = CompletableFuture.failedFuture(e);
        }
        if (miss.isDone()) { // refused at once (busy), or already failed: no need to go async
            answer(outcome(miss, avatar), avatar, clientRequest, clientResponse, chain);
            return;
        }
        // what the access log says if the miss outlives its timeout (a 503); the outcome replaces it
        ServletAccess.answered(clientRequest, AccessLog.Answer.of(avatar.route().name(), "busy"));
        AsyncMiss.start(clientRequest, clientResponse, miss, offload.config().upstream().fetchTimeout().plusSeconds(20),
                (outcome, async) -> answerAsync(outcome, avatar, async, clientRequest, clientResponse));
    }

    /** Answers a finished miss from the miss pool: bytes, a redirect, a relay — or back to the chain for the forum. */
    private void answerAsync(CompletableFuture<Outcome> miss, AvatarRequest avatar, AsyncContext async,
                             HttpServletRequest clientRequest, HttpServletResponse clientResponse) {
        Outcome outcome = outcome(miss, avatar);
        if (outcome instanceof Outcome.PassThrough) {
            ServletAccess.answered(clientRequest, AccessLog.Answer.of(avatar.route().name(), "passthrough"));
            async.dispatch(); // the filter sees an ASYNC dispatch and lets the chain (the forum) answer
            return;
        }
        try {
            answer(outcome, avatar, clientRequest, clientResponse, null);
        } catch (IOException | ServletException e) {
            LOG.debug("client went away before its avatar was sent: {}", e.toString());
        } finally {
            async.complete();
        }
    }

    /** A fault of ours must not cost the avatar: the forum can still answer it. */
    private static Outcome outcome(CompletableFuture<Outcome> miss, AvatarRequest avatar) {
        try {
            return miss.join();
        } catch (RuntimeException e) {
            LOG.error("avatar {} failed; the forum answers", avatar.route().name(), e);
            return new Outcome.PassThrough("internal error");
        }
    }

    private void answer(Outcome outcome, AvatarRequest avatar, HttpServletRequest clientRequest,
                        HttpServletResponse clientResponse, FilterChain chain) throws IOException, ServletException {
        Optional<String> redirectBase = avatar.route().redirectBase();
        ServletAccess.answered(clientRequest, answerOf(outcome, avatar, redirectBase.isPresent()));
        if (outcome instanceof Outcome.Served served && redirectBase.isPresent() && served.storeKey().isPresent()) {
            AvatarResponses.toStore(clientResponse, redirectBase.get() + "/" + offload.store().locationOf(served.storeKey().get()));
        } else if (outcome instanceof Outcome.Served served) {
            AvatarResponses.avatar(clientRequest, clientResponse, served.avatar(), served.tier(),
                    avatar.route().variesByAccept());
        } else if (outcome instanceof Outcome.Relay relay) {
            AvatarResponses.relay(clientRequest, clientResponse, relay.response());
        } else if (outcome instanceof Outcome.Busy) {
            AvatarResponses.busy(clientResponse);
        } else {
            chain.doFilter(clientRequest, clientResponse);
        }
    }

    /** The access log's words for an outcome: hit (memory, disk, store), miss (generated), redirect, relay, busy. */
    private static AccessLog.Answer answerOf(Outcome outcome, AvatarRequest avatar, boolean redirects) {
        String route = avatar.route().name();
        if (outcome instanceof Outcome.Served served) {
            if (redirects && served.storeKey().isPresent()) return AccessLog.Answer.of(route, "redirect", served.tier());
            return AccessLog.Answer.of(route, "generated".equals(served.tier()) ? "miss" : "hit", served.tier());
        }
        if (outcome instanceof Outcome.Relay) return AccessLog.Answer.of(route, "relay");
        if (outcome instanceof Outcome.Busy) return AccessLog.Answer.of(route, "busy");
        return AccessLog.Answer.of(route, "passthrough");
    }
}

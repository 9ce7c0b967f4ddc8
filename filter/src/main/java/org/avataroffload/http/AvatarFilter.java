package org.avataroffload.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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
import org.avataroffload.outcome.RequestOutcome;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.route.RequestDecision;
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
        admin = new AdminEndpoints(offload);
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
            ServletAccess.dispatched(offload.requestLog(), clientRequest, clientResponse, failed);
        }
    }

    /** Acts on the request's decision; what is not the proxy's goes down the chain to the forum. */
    private void route(HttpServletRequest clientRequest, HttpServletResponse clientResponse, FilterChain chain)
            throws IOException, ServletException {
        String path = clientRequest.getRequestURI().substring(clientRequest.getContextPath().length());
        RequestDecision decision = offload.router().decide(clientRequest.getMethod(), path,
                clientRequest.getHeader("Accept"), () -> AdminEndpoints.caller(clientRequest));
        if (decision instanceof RequestDecision.Admin) {
            ServletAccess.answered(clientRequest, Disposition.ADMIN);
            admin.serve(path, clientRequest, clientResponse);
            return;
        }
        if (decision instanceof RequestDecision.PublicHealth) {
            ServletAccess.answered(clientRequest, Disposition.ADMIN);
            admin.servePublicHealth(clientRequest, clientResponse);
            return;
        }
        if (!(decision instanceof RequestDecision.ForAvatar forAvatar)) {
            chain.doFilter(clientRequest, clientResponse);
            return;
        }
        AvatarRequest avatar = forAvatar.request();
        // every answer for this URL depends on Accept, whichever way it is given: say so to caches in front
        if (avatar.route().variesByAccept()) clientResponse.setHeader("Vary", "Accept");
        if (decision instanceof RequestDecision.PassThrough) {
            ServletAccess.answered(clientRequest, Disposition.of(avatar, RequestOutcome.PASSTHROUGH));
            chain.doFilter(clientRequest, clientResponse);
        } else if (decision instanceof RequestDecision.Redirect redirect) {
            ServletAccess.answered(clientRequest, Disposition.of(avatar, RequestOutcome.REDIRECT));
            AvatarResponses.redirect(clientRequest, clientResponse, redirect.path());
        } else if (decision instanceof RequestDecision.Serve) {
            serve(forAvatar, offload.avatars().hit(avatar), headers -> offload.avatars().miss(avatar, headers),
                    clientRequest, clientResponse, chain);
        } else {
            serve(forAvatar, offload.avatars().located(avatar), headers -> offload.avatars().locate(avatar, headers),
                    clientRequest, clientResponse, chain);
        }
    }

    /** A hit is answered here and now; a miss goes to the miss pool and is answered when its outcome is known. */
    private void serve(RequestDecision.ForAvatar decision, Optional<? extends Outcome> hit,
                       Function<List<Map.Entry<String, String>>, CompletableFuture<Outcome>> miss,
                       HttpServletRequest clientRequest, HttpServletResponse clientResponse, FilterChain chain)
            throws IOException, ServletException {
        if (hit.isPresent()) {
            answer(hit.get(), decision, clientRequest, clientResponse, chain);
            return;
        }
        AvatarRequest avatar = decision.request();
        var forumHeaders = ForumHeaders.of(clientRequest, offload.config().upstream().trustForwardedHeaders());
        CompletableFuture<Outcome> pending;
        try {
            pending = miss.apply(forumHeaders);
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        if (pending.isDone()) { // refused at once (busy), or already failed: no need to go async
            answer(outcome(pending, avatar), decision, clientRequest, clientResponse, chain);
            return;
        }
        // what the access log says if the miss outlives its timeout (a 503); the outcome replaces it
        ServletAccess.answered(clientRequest, Disposition.of(avatar, new Outcome.Busy()));
        AsyncMiss.start(clientRequest, clientResponse, pending, offload.config().upstream().fetchTimeout().plusSeconds(20),
                (done, async) -> answerAsync(done, decision, async, clientRequest, clientResponse));
    }

    /** Answers a finished miss from the miss pool: bytes, a redirect, a relay — or back to the chain for the forum. */
    private void answerAsync(CompletableFuture<Outcome> miss, RequestDecision.ForAvatar decision, AsyncContext async,
                             HttpServletRequest clientRequest, HttpServletResponse clientResponse) {
        Outcome outcome = outcome(miss, decision.request());
        if (outcome instanceof Outcome.PassThrough) {
            ServletAccess.answered(clientRequest, Disposition.of(decision.request(), outcome));
            async.dispatch(); // the filter sees an ASYNC dispatch and lets the chain (the forum) answer
            return;
        }
        try {
            answer(outcome, decision, clientRequest, clientResponse, null);
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

    private void answer(Outcome outcome, RequestDecision.ForAvatar decision, HttpServletRequest clientRequest,
                        HttpServletResponse clientResponse, FilterChain chain) throws IOException, ServletException {
        AvatarRequest avatar = decision.request();
        ServletAccess.answered(clientRequest, Disposition.of(avatar, outcome));
        if (outcome instanceof Outcome.Located located && decision instanceof RequestDecision.Locate locate) {
            AvatarResponses.toStore(clientResponse, locate.redirectBase() + "/" + offload.store().locationOf(located.storeKey()));
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
}

package org.avataroffload.proxy;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.avataroffload.config.ErrorPage;
import org.avataroffload.config.UpstreamConfig;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;

/**
 * {@code upstream.errorPage} as the answer to a request the forum could not take, in both servers' pass-through: 503
 * with {@code Retry-After} where the plain answer is 502 (unreachable: refused, no socket, connect timeout) or 504
 * (no answer in time). A 503 tells browsers and crawlers "come back later", so a search engine keeps what it has.
 */
public final class ForumDownPage {
    public static final int STATUS = HttpStatus.SERVICE_UNAVAILABLE_503;
    /**
     * Seconds. A Discourse rebuild takes minutes, but nobody here knows when it began: a crawler comes back soon,
     * and what it costs is one small page.
     */
    public static final String RETRY_AFTER_SECONDS = "30";

    private final byte[] html;

    private ForumDownPage(ErrorPage page) {
        this.html = page.html().getBytes(UTF_8);
    }

    public static Optional<ForumDownPage> of(UpstreamConfig upstream) {
        return upstream.errorPage().map(ForumDownPage::new);
    }

    /** Whether the pass-through's own answer to a failed exchange is one the page stands in for. */
    public static boolean replaces(int status) {
        return status == HttpStatus.BAD_GATEWAY_502 || status == HttpStatus.GATEWAY_TIMEOUT_504;
    }

    /** The page's head: never kept by a cache (the forum is back in a minute), its length, when to retry. */
    public List<Map.Entry<String, String>> headers() {
        return List.of(Map.entry(HttpHeader.CONTENT_TYPE.asString(), "text/html; charset=utf-8"),
                Map.entry(HttpHeader.CACHE_CONTROL.asString(), "no-store"),
                Map.entry(HttpHeader.RETRY_AFTER.asString(), RETRY_AFTER_SECONDS),
                Map.entry(HttpHeader.CONTENT_LENGTH.asString(), Integer.toString(html.length)));
    }

    /** The page's bytes; a HEAD gets the head only. */
    public ByteBuffer body(String method) {
        return HttpMethod.HEAD.is(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(html).asReadOnlyBuffer();
    }

    /**
     * Answers with the page through the servlet API, replacing whatever head the forum's failed answer left. False
     * when the response could not take it: the caller sends its plain status instead.
     */
    boolean sent(HttpServletRequest clientRequest, HttpServletResponse clientResponse) {
        try {
            clientResponse.reset();
            clientResponse.setStatus(STATUS);
            headers().forEach(header -> clientResponse.setHeader(header.getKey(), header.getValue()));
            if (!HttpMethod.HEAD.is(clientRequest.getMethod())) clientResponse.getOutputStream().write(html);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}

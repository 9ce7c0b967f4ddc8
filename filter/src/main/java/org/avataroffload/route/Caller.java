package org.avataroffload.route;

import java.util.List;
import java.util.function.Function;

/**
 * Who sent a request, as far as {@code admin.allow} cares. Read only for admin paths.
 *
 * @param peerAddress the TCP peer's address as the server gives it (servlet {@code getRemoteAddr}, Jetty's
 *                    {@code Request.getRemoteAddr})
 * @param headers     the request's values of a header, by name (empty when absent)
 */
public record Caller(String peerAddress, Function<String, List<String>> headers) {
}

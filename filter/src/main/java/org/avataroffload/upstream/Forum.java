package org.avataroffload.upstream;

import java.util.List;
import java.util.Map;

/**
 * The forum behind avatar-offload, as seen by the read-through offload: one GET, answered whole.
 *
 * <p>Whatever the forum answers comes back as a value, whatever its status (a 302, the forum's 404, its blank
 * avatar): the caller decides whether it is a master to keep or a response to pass on unchanged. Only a forum
 * that cannot be reached, is too slow, or sends more than the byte limit ends in an {@link UpstreamException}.
 */
public interface Forum {

    /**
     * GETs {@code pathAndQuery} from the forum, sending exactly {@code requestHeaders} (order and repeats kept; the
     * caller passes the client's {@code Host} and {@code X-Forwarded-*} so a multisite forum picks the right site).
     * Redirects are not followed. The body is returned as sent, not decoded: a caller that wants identity bytes does
     * not send {@code Accept-Encoding}.
     *
     * @param pathAndQuery   an origin-form target such as {@code /user_avatar/host/bob/288/7_2.png?x=1}
     * @param requestHeaders header name and value pairs, sent as given
     * @throws UpstreamException unreachable, timed out, cut off, or the body is over the byte limit
     */
    UpstreamResponse fetch(String pathAndQuery, List<Map.Entry<String, String>> requestHeaders)
            throws UpstreamException;
}

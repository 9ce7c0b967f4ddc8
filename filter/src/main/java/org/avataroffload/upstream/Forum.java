package org.avataroffload.upstream;

import java.util.Map;

/** PLACEHOLDER until the forum client lands. */
public interface Forum extends AutoCloseable {
    UpstreamResponse fetch(String pathAndQuery, Map<String, String> headers);

    @Override
    void close();
}

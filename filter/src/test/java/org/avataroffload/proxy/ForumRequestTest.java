package org.avataroffload.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

import org.avataroffload.config.UpstreamConfig;import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

class ForumRequestTest {
    private static final URI FORUM = URI.create("http://127.0.0.1:3000");
    private static final UpstreamConfig UPSTREAM = UpstreamConfig.of(FORUM);
    private final HttpClient client = new HttpClient();

    @Test
    void theClientsPathAndQuery_areKeptAsSent() {
        ForumRequest request = ForumRequest.to(client, UPSTREAM, "GET", "/t/a%2Fb/1", "x=%zz&q=a+b;c|\"^", 50_000);

        assertThat(request.getPath()).isEqualTo("/t/a%2Fb/1");
        assertThat(request.getQuery()).isEqualTo("x=%zz&q=a+b;c|\"^");
        assertThat(request.getHost()).isEqualTo("127.0.0.1");
        assertThat(request.getPort()).isEqualTo(3000);
        assertThat(ForumRequest.to(client, UPSTREAM, "GET", "//evil.example/x", null, 50_000).getPath())
                .isEqualTo("//evil.example/x");
        assertThat(ForumRequest.to(client, UPSTREAM, "GET", "/t/%E6%97%A5%E6%9C%AC/12", null, 50_000).getQuery()).isNull();
    }

    @Test
    void clientConnections_areSpreadOverPoolsOfAtMost256_eachKeepingItsOwn() {
        Set<Object> pools = new HashSet<>();
        for (int port = 32_768; port < 34_768; port++) {
            pools.add(ForumRequest.to(client, UPSTREAM, "GET", "/", null, port).getTag());
        }
        assertThat(ForumRequest.to(client, UPSTREAM, "GET", "/a", null, 40_000).getTag())
                .isEqualTo(ForumRequest.to(client, UPSTREAM, "POST", "/b", null, 40_000).getTag());

        int expected = (UpstreamConfig.DEFAULT_MAX_CONNECTIONS + PassThroughClient.POOL_SIZE - 1)
                / PassThroughClient.POOL_SIZE;
        assertThat(pools).hasSize(expected);
        UpstreamConfig small = new UpstreamConfig(UPSTREAM.url(), UPSTREAM.connectTimeout(), UPSTREAM.idleTimeout(),
                UPSTREAM.fetchTimeout(), UPSTREAM.requestTimeout(), 64, false);
        assertThat(ForumRequest.to(client, small, "GET", "/", null, 40_001).getTag()).isEqualTo(0);
    }

    @Test
    void thePath_startsWithTheForumsBasePath() {
        assertThat(ForumRequest.path(URI.create("http://h:1/forum/"), "/latest")).isEqualTo("/forum/latest");
        assertThat(ForumRequest.path(URI.create("http://h:1/forum"), "/latest")).isEqualTo("/forum/latest");
    }

    @Test
    void aStrayPercentInThePath_isTheOneByteEscaped() {
        assertThat(ForumRequest.path(FORUM, "/a%zz/%4/%41%")).isEqualTo("/a%25zz/%254/%41%25");
        assertThat(ForumRequest.path(FORUM, "/a%2Fb")).isEqualTo("/a%2Fb");
    }
}

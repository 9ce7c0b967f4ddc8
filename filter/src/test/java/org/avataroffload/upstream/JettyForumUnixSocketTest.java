package org.avataroffload.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.UnixSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read-through's client to a forum on a unix-domain socket ({@code upstream.url: unix:/path}). */
class JettyForumUnixSocketTest {
    private final Path dir = UnixSockets.newDirectory();
    private final Path socket = dir.resolve("forum.sock");
    private EchoForum forum;
    private JettyForum client;

    @AfterEach
    void stopAll() {
        if (client != null) client.close();
        if (forum != null) forum.close();
        UnixSockets.delete(dir);
    }

    private JettyForum start() {
        client = new JettyForum(UpstreamConfig.of(URI.create("unix:" + socket)), 64 * 1024);
        client.start();
        return client;
    }

    @Test
    void fetch_goesOverTheSocket_withTheHeadersItIsGiven() throws Exception {
        forum = EchoForum.startOnSocket(socket);

        UpstreamResponse response = start().fetch("/bytes/5000?length",
                List.of(Map.entry("Host", "forum.example.com"), Map.entry("X-Forwarded-For", "203.0.113.7")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(5000);
        EchoForum.Seen seen = forum.take();
        assertThat(seen.target()).isEqualTo("/bytes/5000?length");
        assertThat(seen.headers("Host")).containsExactly("forum.example.com");
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("203.0.113.7");
    }

    @Test
    void noHostGiven_namesLocalhost() throws Exception {
        forum = EchoForum.startOnSocket(socket);

        start().fetch("/x", List.of());

        assertThat(forum.take().headers("Host")).containsExactly("localhost");
    }

    @Test
    void socketAbsent_isUnreachable() {
        UpstreamException thrown = catchThrowableOfType(() -> start().fetch("/x", List.of()), UpstreamException.class);

        assertThat(thrown.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
        assertThat(thrown.status()).isEqualTo(502);
    }

    @Test
    void socketFileLeftByAStoppedForum_isUnreachable() throws Exception {
        forum = EchoForum.startOnSocket(socket);
        start().fetch("/x", List.of());
        forum.close();
        forum = null;

        UpstreamException thrown = catchThrowableOfType(() -> client.fetch("/x", List.of()), UpstreamException.class);

        assertThat(thrown.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
    }
}

package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.servlet.DispatcherType;
import org.avataroffload.AvatarOffload;
import org.avataroffload.config.AddressRange;
import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.proxy.ForumProxyServlet;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.RawHttp;
import org.avataroffload.testing.TestConfig;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * admin.allow as the WAR applies it: the avatar filter in front of the forum's proxy servlet, judging the servlet's
 * getRemoteAddr. With {@code admin.allow: [127.0.0.1/32]} a caller on 127.0.0.2 gets the forum's answer for the status
 * page and the metrics, and the health path's status alone.
 */
class AdminAllowFilterTest {
    static final String TOKEN = "adm1n-t0ken-for-tests-4b9e";
    static final String OUTSIDER = "127.0.0.2";
    static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(48), "/user_avatar/{hostname}/{username}/{size}/{version}.png");

    @TempDir
    Path dir;
    FakeForum forum;
    AvatarOffload offload;
    Server server;

    int start(Optional<String> token) throws Exception {
        forum = FakeForum.start();
        AdminConfig admin = new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1", token,
                List.of(AddressRange.parse("127.0.0.1/32")));
        offload = AvatarOffload.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 16L << 20, 4L << 20).route(USER_AVATAR).admin(admin).build());
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new AvatarFilter(offload));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        ServletHolder proxy = new ServletHolder(new ForumProxyServlet(offload.config().upstream()));
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop();
        if (offload != null) offload.close();
        if (forum != null) forum.close();
    }

    static String body(RawHttp.Exchange exchange) {
        return new String(exchange.body(), StandardCharsets.UTF_8);
    }

    @Test
    void fromOutsideTheList_theStatusPageAndMetricsAreTheForums_andHealthIsTheStatusAlone() throws Exception {
        int port = start(Optional.empty());

        for (String path : List.of("/_offload/", "/_offload/metrics", "/_offload")) {
            RawHttp.Exchange answer = RawHttp.getFrom(OUTSIDER, port, path, List.of("Host: forum.example"));
            assertThat(answer.lines("X-Forum")).as(path).containsExactly("X-Forum: fake");
            assertThat(body(answer)).as(path).doesNotContain("offload_", "<html");
            assertThat(forum.requestsFor(path)).as(path).isEqualTo(1);
        }
        RawHttp.Exchange health = RawHttp.getFrom(OUTSIDER, port, "/_offload/health", List.of("Host: forum.example"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(body(health)).isEqualTo("{\"status\":\"UP\"}\n");
        assertThat(health.lines("Cache-Control")).containsExactly("Cache-Control: no-store");
        assertThat(forum.requestsFor("/_offload/health")).isZero();
    }

    @Test
    void fromTheList_everythingAnswersAsBefore() throws Exception {
        int port = start(Optional.empty());

        RawHttp.Exchange page = RawHttp.getFrom("127.0.0.1", port, "/_offload/", List.of("Host: forum.example"));
        RawHttp.Exchange metrics = RawHttp.getFrom("127.0.0.1", port, "/_offload/metrics", List.of("Host: a"));
        RawHttp.Exchange health = RawHttp.getFrom("127.0.0.1", port, "/_offload/health", List.of("Host: a"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(body(page)).contains("<html");
        assertThat(body(metrics)).contains("offload_");
        assertThat(body(health)).contains("\"status\":\"UP\"", "\"store\"");
        assertThat(forum.requestsFor("/_offload/")).isZero();
    }

    @Test
    void aForwardedHopOutsideTheList_isAnOutsider_evenFromTheListedPeer() throws Exception {
        int port = start(Optional.empty());

        RawHttp.Exchange metrics = RawHttp.getFrom("127.0.0.1", port, "/_offload/metrics",
                List.of("Host: a", "X-Forwarded-For: 203.0.113.7"));

        assertThat(metrics.lines("X-Forum")).containsExactly("X-Forum: fake");
    }

    @Test
    void withAToken_theListStillApplies_andTheTokenToo() throws Exception {
        int port = start(Optional.of(TOKEN));
        String bearer = "Authorization: Bearer " + TOKEN;

        assertThat(body(RawHttp.getFrom("127.0.0.1", port, "/_offload/metrics", List.of("Host: a", bearer))))
                .contains("offload_");
        assertThat(RawHttp.getFrom("127.0.0.1", port, "/_offload/metrics", List.of("Host: a")).status())
                .isEqualTo(401);
        assertThat(RawHttp.getFrom(OUTSIDER, port, "/_offload/metrics", List.of("Host: a", bearer)).lines("X-Forum"))
                .containsExactly("X-Forum: fake");
    }
}

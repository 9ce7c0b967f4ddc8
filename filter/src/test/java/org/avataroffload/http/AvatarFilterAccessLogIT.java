package org.avataroffload.http;

import org.avataroffload.testing.WrittenLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.avataroffload.AvatarOffload;
import org.avataroffload.config.LogConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.proxy.ForumProxyServlet;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The access log as the WAR writes it: the avatar filter and the forum's proxy servlet in a servlet container (Jetty
 * and Tomcat), no standalone fast path in front. Every request is noted once, when it is really done — also a miss answered later and
 * a miss handed back to the forum.
 */
class AvatarFilterAccessLogIT {
    static final String HOST = "forum.example.com";
    static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96, 144, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png");

    @TempDir
    Path dir;
    FakeForum forum;
    AvatarOffload offload;
    Server server;
    Tomcat tomcat;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The servlet containers the WAR runs in. */
    enum Container { JETTY, TOMCAT }

    URI start(LogConfig.AccessFormat format) throws Exception {
        return start(format, Container.JETTY);
    }

    URI start(LogConfig.AccessFormat format, Container container) throws Exception {
        forum = FakeForum.start().withUser("alice", Color.RED);
        offload = AvatarOffload.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 64L << 20, 8L << 20).route(USER_AVATAR)
                .log(new LogConfig(format, Optional.of(dir.resolve("access.log")))).build());
        return container == Container.JETTY ? startJetty() : startTomcat();
    }

    URI startJetty() throws Exception {
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
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** As web.xml declares them: the filter on REQUEST and ASYNC, the forum's servlet by class name. */
    URI startTomcat() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", dir.toString());
        // these need --add-opens on Java 17 and only warn without it
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        UpstreamConfig upstream = offload.config().upstream();
        context.addServletContainerInitializer((classes, servletContext) ->
                servletContext.setAttribute(ForumProxyServlet.UPSTREAM_CONFIG_ATTRIBUTE, upstream), null);
        FilterDef filter = new FilterDef();
        filter.setFilterName("avatars");
        filter.setFilter(new AvatarFilter(offload));
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("avatars");
        mapping.addURLPattern("/*");
        mapping.setDispatcher("REQUEST");
        mapping.setDispatcher("ASYNC");
        context.addFilterMap(mapping);
        Wrapper proxy = Tomcat.addServlet(context, "forum", ForumProxyServlet.class.getName());
        proxy.setAsyncSupported(true);
        proxy.setLoadOnStartup(1);
        context.addServletMappingDecoded("/*", "forum");
        tomcat.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop();
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (offload != null) offload.close();
        if (forum != null) forum.close();
    }

    int get(URI base, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).header("User-Agent", "test \"agent\"").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String avatar(String user, int size) {
        return "/user_avatar/" + HOST + "/" + user + "/" + size + "/1_2.png";
    }

    /** Lines are written on completion, just after the client has its answer: wait for them, within a bound. */
    List<String> lines(int expected) {
        return WrittenLines.atLeast(dir.resolve("access.log"), expected);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void everyOutcome_isOneCombinedLine_withItsStatus(Container container) throws Exception {
        URI base = start(LogConfig.AccessFormat.COMBINED, container);

        assertThat(get(base, avatar("alice", 48))).isEqualTo(200);       // made from the forum's master
        assertThat(get(base, avatar("alice", 48))).isEqualTo(200);       // this node has it now
        assertThat(get(base, avatar("alice", 50))).isEqualTo(302);       // not an allowed size
        assertThat(get(base, avatar("nobody", 288))).isEqualTo(200);     // the forum's blank avatar, relayed
        assertThat(get(base, avatar("nobody", 48))).isEqualTo(200);      // no master: the forum answers
        assertThat(get(base, avatar("alice", 2000))).isEqualTo(200);     // out of range: the forum answers
        assertThat(get(base, "/t/some-topic?page=2")).isEqualTo(200);    // not an avatar
        assertThat(get(base, "/_offload/health")).isEqualTo(200);

        List<String> lines = lines(8);
        assertThat(lines).hasSize(8);
        // in the order the requests finished, which is the order they were sent
        String[][] expected = {
            {avatar("alice", 48), "200", "user_avatar", "miss", "generated"},
            {avatar("alice", 48), "200", "user_avatar", "hit", "memory"},
            {avatar("alice", 50), "302", "user_avatar", "redirect", "-"},
            {avatar("nobody", 288), "200", "user_avatar", "relay", "-"},
            {avatar("nobody", 48), "200", "user_avatar", "passthrough", "-"},
            {avatar("alice", 2000), "200", "user_avatar", "passthrough", "-"},
            {"/t/some-topic?page=2", "200", "-", "passthrough", "-"},
            {"/_offload/health", "200", "-", "admin", "-"}};
        for (int i = 0; i < expected.length; i++) {
            Matcher m = AccessLogTest.COMBINED.matcher(lines.get(i));
            assertThat(m.matches()).as(lines.get(i)).isTrue();
            assertThat(m.group(1)).isEqualTo("127.0.0.1");
            assertThat(m.group(3)).isEqualTo("GET " + expected[i][0] + " HTTP/1.1");
            assertThat(m.group(4)).isEqualTo(expected[i][1]);
            assertThat(m.group(7)).isEqualTo("test \\x22agent\\x22");
            assertThat(m.group(8)).isEqualTo(expected[i][2]);
            assertThat(m.group(9)).isEqualTo(expected[i][3]);
            assertThat(m.group(10)).isEqualTo(expected[i][4]);
        }
        assertThat(offload.metrics().count("offload_requests", "route", "user_avatar")).isEqualTo(6);
        assertThat(offload.metrics().count("offload_requests", "route", "passthrough", "outcome", "passthrough")).isEqualTo(1);
    }

    @Test
    void json_givesTheSameOutcomes() throws Exception {
        URI base = start(LogConfig.AccessFormat.JSON);

        get(base, avatar("alice", 96));
        get(base, avatar("alice", 96));
        get(base, "/about.json");

        List<String> lines = lines(3);
        assertThat(lines).hasSize(3);
        List<Map<String, Object>> json = lines.stream().map(AccessLogTest::parse).toList();
        assertThat(json).extracting(j -> j.get("outcome")).containsExactly("miss", "hit", "passthrough");
        assertThat(json).extracting(j -> j.get("tier")).containsExactly("generated", "memory", null);
        assertThat(json).extracting(j -> j.get("route")).containsExactly("user_avatar", "user_avatar", null);
        assertThat(json).extracting(j -> j.get("status")).containsOnly(200);
        assertThat(json).allSatisfy(j -> assertThat(((Number) j.get("ms")).doubleValue()).isPositive());
    }
}

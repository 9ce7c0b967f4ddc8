package org.avataroffload.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.RawHttp;
import org.avataroffload.testing.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAR also runs in Tomcat 10.1: no Jetty server there, and Tomcat's own response header handling. */
class ForumProxyServletTomcatIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final String SERVLET_NAME = "tomcat-forum-proxy";
    /** Held so the level sticks (JUL keeps loggers weakly): Tomcat's start/stop INFO lines drown the failures. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    @TempDir
    Path baseDir;
    private EchoForum forum;
    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void startForum() throws Exception {
        forum = EchoForum.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        stopTomcat();
        forum.close();
    }

    /** As web.xml would: the no-arg servlet by class name, its config put in the ServletContext at startup. */
    private void startTomcat(URI forumUri) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", baseDir.toString());
        // These three need --add-opens on Java 17 and only warn without it; the thread check stays on.
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        UpstreamConfig config = UpstreamConfig.of(forumUri);
        context.addServletContainerInitializer(
                (classes, servletContext) -> servletContext.setAttribute(ForumProxyServlet.UPSTREAM_CONFIG_ATTRIBUTE,
                        config), null);
        Wrapper wrapper = Tomcat.addServlet(context, SERVLET_NAME, ForumProxyServlet.class.getName());
        wrapper.setAsyncSupported(true);
        wrapper.setLoadOnStartup(1);
        context.addServletMappingDecoded("/*", SERVLET_NAME);
        tomcat.start();
        port = connector.getLocalPort();
    }

    private void stopTomcat() throws Exception {
        if (tomcat == null) return;
        tomcat.stop();
        tomcat.destroy();
        tomcat = null;
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void setCookie_linesArriveByteForByte() throws Exception {
        startTomcat(forum.uri());

        RawHttp.Exchange exchange = RawHttp.get(port, "/cookies", List.of("Host: forum.example"));

        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.lines("Set-Cookie")).containsExactlyElementsOf(
                EchoForum.SET_COOKIES.stream().map(c -> "Set-Cookie: " + c).toList());
    }

    @Test
    void host_query_andForwardedHeaders_reachTheForum() throws Exception {
        startTomcat(forum.uri());

        RawHttp.get(port, "/t/x%20y/1?q=a%20b&flag", List.of("Host: forum.example", "X-Forwarded-For: 203.0.113.7"));

        EchoForum.Seen seen = forum.take();
        assertThat(seen.target()).isEqualTo("/t/x%20y/1?q=a%20b&flag");
        assertThat(seen.headers("Host")).containsExactly("forum.example");
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers("X-Real-IP")).containsExactly("127.0.0.1");
        assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.headers("X-Forwarded-Host")).containsExactly("forum.example");
    }

    @Test
    void post_andStreamedResponse_arriveWhole() throws Exception {
        startTomcat(forum.uri());
        byte[] body = new byte[300 * 1024];
        new Random(7).nextBytes(body);

        HttpResponse<String> posted = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/posts"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> streamed = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bytes/" + (8 << 20))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(posted.headers().firstValue("X-Body-Sha256"))
                .contains(HexFormat.of().formatHex(EchoForum.sha256().digest(body)));
        assertThat(HexFormat.of().formatHex(EchoForum.sha256().digest(streamed.body())))
                .isEqualTo(EchoForum.patternSha256(8 << 20));
    }

    @Test
    void redirect_passesUnchanged() throws Exception {
        startTomcat(forum.uri());

        HttpResponse<String> response = get("/status/302");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).contains("/moved/here?x=1");
    }

    @Test
    void forumDown_gives502() throws Exception {
        URI gone = forum.uri();
        forum.close();
        startTomcat(gone);

        assertThat(get("/latest.json").statusCode()).isEqualTo(502);
    }

    @Test
    void stop_leavesNoClientThreadBehind() throws Exception {
        startTomcat(forum.uri());
        assertThat(get("/echo").statusCode()).isEqualTo(200);
        assertThat(Threads.alive(SERVLET_NAME)).isNotEmpty();

        stopTomcat();

        assertThat(Threads.stillAliveAfter(SERVLET_NAME, Duration.ofSeconds(10))).isEmpty();
    }
}

package org.avataroffload.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;

import javax.imageio.ImageIO;

import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the built WAR must do in any servlet container, in front of a real forum: serve a resized avatar with the
 * headers a CDN keeps, pass everything else through, answer its health check, and log through the container's
 * logging. Each container's test says how it deploys the WAR and how the config path reaches it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WarContract {
    static final Color ALICE = new Color(200, 40, 40);
    static final String AVATAR = "/user_avatar/forum.example.com/alice/48/1_2.png";
    FakeForum forum;
    WarContainer container;
    WarContainer.Deployment deployment;
    JulCapture logs;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts the container, empty. */
    abstract WarContainer startContainer(Path dir) throws Exception;

    /** Deploys {@code war}, handing it {@code config} the way this container's test means to check. */
    abstract WarContainer.Deployment deploy(WarContainer container, Path war, Path config) throws Exception;

    /** Which of the three settings the listener should say it took the config path from. */
    abstract String expectedConfigSource();

    static Path builtWar() {
        Path war = Path.of(System.getProperty("war.file", "target/avatar-offload.war"));
        assertThat(war).as("the WAR is built before integration tests run (mvn verify)").exists();
        return war;
    }

    @BeforeAll
    void deployWar(@TempDir Path work) throws Exception {
        // on the root logger, where a container's own handlers hang (Tomcat's JULI: console and catalina.log)
        logs = JulCapture.on("", Level.INFO);
        forum = FakeForum.start().withUser("alice", ALICE);
        Path config = WarConfigs.fileStore(work.resolve("offload"), forum.uri());
        container = startContainer(work.resolve("container"));
        deployment = deploy(container, builtWar(), config);
    }

    @AfterAll
    void undeployWar() throws Exception {
        try {
            if (deployment != null) deployment.undeploy();
            if (container != null) container.close();
        } finally {
            if (forum != null) forum.close();
            if (logs != null) logs.close();
        }
    }

    URI base() {
        return deployment.base();
    }

    @Test
    void anAvatar_isResizedByTheFilter_withHeadersACdnKeeps() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(base().resolve(AVATAR)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue(FakeForum.FOREVER);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(new Color(image.getRGB(24, 24))).isEqualTo(ALICE);
        // the master is the largest size, fetched once; 48 was made from it here, not asked of the forum
        assertThat(forum.requestsFor("/user_avatar/forum.example.com/alice/288/1_2.png")).isEqualTo(1);
        assertThat(forum.requestsFor(AVATAR)).isZero();

        String etag = response.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = client.send(HttpRequest.newBuilder(base().resolve(AVATAR))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void otherRequests_passThroughToTheForum() throws Exception {
        byte[] body = "a=1&b=2".getBytes();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base().resolve("/posts.json?x=y"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("X-Custom", "kept").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Forum")).hasValue("fake");
        assertThat(response.body()).contains("method: POST", "path: /posts.json", "query: x=y",
                "body-sha256: " + FakeForum.sha256(body));
        // header names are case-insensitive, and Tomcat hands them on in lower case
        assertThat(response.body().toLowerCase(Locale.ROOT)).contains("header x-custom: kept");
    }

    @Test
    void adminHealth_answers() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base().resolve("/_offload/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"status\":\"UP\"", "\"user_avatar\"");
    }

    @Test
    void theFiltersLogLines_reachTheContainersLogging_namingWhereTheConfigCameFrom() {
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("INFO org.avataroffload.http.AvatarOffloadListener: avatar-offload started")
                .contains("(from " + expectedConfigSource() + ")"));
    }
}

package org.avataroffload.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.avataroffload.http.AvatarOffloadListener;
import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The built WAR, deployed into a real embedded Tomcat 10.1, in front of a real forum. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarInTomcatIT {
    static final Color ALICE = new Color(200, 40, 40);
    @TempDir
    static Path work;
    FakeForum forum;
    Tomcat tomcat;
    URI base;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void deploy() throws Exception {
        Path war = Path.of(System.getProperty("war.file", "target/avatar-offload.war"));
        assertThat(war).as("the WAR is built before integration tests run").exists();
        forum = FakeForum.start().withUser("alice", ALICE);
        Path config = Files.writeString(work.resolve("config.yml"), """
                upstream:
                  url: %s
                store:
                  type: file
                  file:
                    dir: %s
                cache:
                  dir: %s
                routes:
                  - name: user_avatar
                    path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                    key: "{hostname}/{username}/{version}"
                    sizes: [24, 48, 72, 96, 144, 288]
                    source: /user_avatar/{hostname}/{username}/{size}/{version}.png
                """.formatted(forum.uri(), work.resolve("store"), work.resolve("cache")));

        tomcat = new Tomcat();
        tomcat.setBaseDir(work.resolve("tomcat").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Path appBase = Files.createDirectories(work.resolve("tomcat/webapps"));
        tomcat.getHost().setAppBase(appBase.toString());
        Context context = tomcat.addWebapp("", war.toAbsolutePath().toString());
        context.addParameter(AvatarOffloadListener.CONFIG, config.toString());
        tomcat.start();
        base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @AfterAll
    void undeploy() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (forum != null) forum.close();
    }

    @Test
    void anAvatar_isResizedByTheFilter() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                base.resolve("/user_avatar/forum.example.com/alice/48/1_2.png")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=31556952, public, immutable");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(new Color(image.getRGB(24, 24))).isEqualTo(ALICE);
        assertThat(forum.requestsFor("/user_avatar/forum.example.com/alice/288/1_2.png")).isEqualTo(1);
    }

    @Test
    void otherRequests_passThroughToTheForum() throws Exception {
        byte[] body = "a=1&b=2".getBytes();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/posts.json?x=y"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("X-Custom", "kept").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("method: POST", "path: /posts.json", "query: x=y",
                "body-sha256: " + FakeForum.sha256(body));
        // header names are case-insensitive, and Tomcat hands them on in lower case
        assertThat(response.body().toLowerCase(java.util.Locale.ROOT)).contains("header x-custom: kept");
    }
}

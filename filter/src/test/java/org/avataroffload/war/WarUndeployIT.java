package org.avataroffload.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;

import org.avataroffload.http.AvatarOffloadListener;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.avataroffload.testing.Threads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Undeploying the WAR stops every thread it started, in both containers. The store is a real S3 (s3proxy), and
 * avatars, the pass-through and the health check are all used first, so the SDK's, Jetty's client's and our own
 * pools' threads really run. A thread is the webapp's when it carries the webapp's class loader as its context
 * class loader (every thread started from inside the webapp inherits it), or was loaded by it, or is new since the
 * deploy and carries any loader but the application's: the containers' and the test's own pool threads carry the
 * application class loader, while some libraries give theirs none at all (Jetty's scheduler).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarUndeployIT {
    static final String BUCKET = "avatars";
    static final Duration STOP_BOUND = Duration.ofSeconds(15);
    static final String AWS_KEY = "aws.accessKeyId";
    static final String AWS_SECRET = "aws.secretAccessKey";
    S3ProxyServer s3;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    enum Container {
        TOMCAT {
            @Override
            WarContainer start(Path dir) throws Exception {
                return new TomcatContainer(dir);
            }
        },
        JETTY {
            @Override
            WarContainer start(Path dir) throws Exception {
                return new JettyContainer(dir);
            }
        };

        abstract WarContainer start(Path dir) throws Exception;
    }

    @BeforeAll
    void startS3() throws Exception {
        // The JDK's own Java2D Disposer thread starts at the first image work and lives as long as the JVM. A real
        // Tomcat starts it outside any webapp (JreMemoryLeakPreventionListener); here the test does.
        ImageIO.read(new ByteArrayInputStream(FakeForum.png(8, Color.GRAY)));
        s3 = S3ProxyServer.launch();
        s3.createBucket(BUCKET);
        // the webapp's SDK takes its keys from the default chain, whose first link reads these
        System.setProperty(AWS_KEY, s3.identity());
        System.setProperty(AWS_SECRET, s3.credential());
    }

    @AfterAll
    void stopS3() {
        System.clearProperty(AWS_KEY);
        System.clearProperty(AWS_SECRET);
        if (s3 != null) s3.close();
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void undeploy_stopsEveryThreadTheWebappStarted(Container kind, @TempDir Path work) throws Exception {
        try (FakeForum forum = FakeForum.start().withUser("alice", Color.RED).withUser("bob", Color.BLUE);
             JulCapture containerLog = JulCapture.on("org.apache.catalina.loader", Level.WARNING);
             WarContainer container = kind.start(work.resolve("container"))) {
            Path config = WarConfigs.s3Store(work.resolve("offload"), forum.uri(), s3, BUCKET);
            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            WarContainer.Deployment deployment = container.deploy(WarContract.builtWar(),
                    Map.of(AvatarOffloadListener.CONFIG, config.toString()));
            ClassLoader webapp = deployment.classLoader();

            useEverything(deployment.base());
            assertThat(s3.storedObjects(BUCKET)).as("masters and sizes went to S3").isGreaterThanOrEqualTo(4);
            List<String> running = names(threadsOf(webapp, before));
            assertThat(running).as("the webapp's threads ran (else this test proves nothing)")
                    .anyMatch(name -> name.startsWith("offload-miss"))
                    .anyMatch(name -> name.startsWith("forum-fetch"));

            deployment.undeploy();

            assertThat(stillAlive(webapp, before, STOP_BOUND)).as("threads of the webapp alive %s after undeploying it from %s;"
                    + " running before: %s", STOP_BOUND, container.name(), running).isEmpty();
            assertThat(imageIoPluginsOf(webapp)).as("ImageIO plugins still registered from the webapp").isEmpty();
            // Tomcat's own leak detection, a second opinion (Jetty has none)
            assertThat(containerLog.lines()).as("the container's warnings at undeploy")
                    .noneMatch(line -> line.contains("appears to have started a thread")
                            || line.contains("memory leak"));
        }
    }

    /** Misses (S3 get, forum fetch, S3 puts), a hit, a second user, the pass-through and the health check. */
    private void useEverything(URI base) throws Exception {
        for (String path : List.of("/user_avatar/forum.example.com/alice/48/1_2.png",
                "/user_avatar/forum.example.com/alice/96/1_2.png",
                "/user_avatar/forum.example.com/alice/48/1_2.png",
                "/user_avatar/forum.example.com/bob/48/1_2.png")) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> passed = client.send(HttpRequest.newBuilder(base.resolve("/latest.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(passed.body()).contains("path: /latest.json");
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/_offload/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    static List<Thread> threadsOf(ClassLoader webapp, Set<Thread> before) {
        ClassLoader application = WarUndeployIT.class.getClassLoader();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getContextClassLoader() == webapp || t.getClass().getClassLoader() == webapp
                        || !before.contains(t) && t.getContextClassLoader() != application)
                .toList();
    }

    /** Joins the webapp's threads within {@code bound} altogether; returns the names of those still alive. */
    static List<String> stillAlive(ClassLoader webapp, Set<Thread> before, Duration bound) throws InterruptedException {
        Threads.joinWithin(threadsOf(webapp, before), bound);
        return names(threadsOf(webapp, before));
    }

    private static List<String> names(List<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList();
    }

    private static List<String> imageIoPluginsOf(ClassLoader webapp) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        List<String> found = new ArrayList<>();
        for (Iterator<Class<?>> categories = registry.getCategories(); categories.hasNext(); ) {
            registry.getServiceProviders(categories.next(), false).forEachRemaining(provider -> {
                if (provider.getClass().getClassLoader() == webapp) found.add(provider.getClass().getName());
            });
        }
        return found;
    }
}

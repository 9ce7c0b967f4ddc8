package org.avataroffload.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.avataroffload.testing.Eventually;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's packaged Tomcat 10.1 ({@code apt install tomcat10}), run as its unit runs it ({@code catalina.sh run} from
 * {@code /usr/share/tomcat10}) over a {@code CATALINA_BASE} made from the package's own {@code /etc/tomcat10} and its
 * stock {@code webapps/ROOT}, with only the ports and the connector settings the README asks for changed. The WAR is
 * deployed by the README's steps: the stock ROOT removed, a context file, {@code ROOT.war} copied in.
 */
final class DebianTomcat implements WarContainer {
    static final Path HOME = Path.of("/usr/share/tomcat10");
    static final Path ETC = Path.of("/etc/tomcat10");
    static final Path STOCK_ROOT = Path.of("/var/lib/tomcat10/webapps/ROOT");
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    private final Path base;
    private final Path console;
    private final int port;
    private final Process process;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DebianTomcat(Path base, Path console, int port, Process process) {
        this.base = base;
        this.console = console;
        this.port = port;
        this.process = process;
    }

    /** Starts Debian's Tomcat over a fresh base under {@code dir}, or skips the test, saying why. */
    static DebianTomcat startOrSkip(Path dir) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(HOME.resolve("bin/catalina.sh")) && Files.isDirectory(ETC),
                "Debian's tomcat10 package is not installed (.ci/run installs it when it runs as root)");
        Path base = Files.createDirectories(dir.resolve("base"));
        copyTree(ETC, base.resolve("conf"));
        copyTree(STOCK_ROOT, base.resolve("webapps/ROOT")); // the page that hid the WAR: the README says remove it
        for (String empty : new String[] {"logs", "temp", "work"}) Files.createDirectories(base.resolve(empty));
        int port = freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml);
        String connector = "<Connector port=\"8080\" protocol=\"HTTP/1.1\"";
        assertThat(server).as("Debian's server.xml has its 8080 connector").contains(connector);
        Files.writeString(serverXml, server.replace(connector, "<Connector port=\"" + port + "\" protocol=\"HTTP/1.1\""
                + " address=\"127.0.0.1\" maxHttpHeaderSize=\"32768\" maxHttpResponseHeaderSize=\"40960\""
                + " maxCookieCount=\"-1\""));
        Path console = base.resolve("logs/console.log");
        ProcessBuilder builder = new ProcessBuilder(HOME.resolve("bin/catalina.sh").toString(), "run")
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        Map<String, String> env = builder.environment();
        env.put("CATALINA_HOME", HOME.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_TMPDIR", base.resolve("temp").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS", "-Djava.awt.headless=true"); // as the package's unit sets it
        return new DebianTomcat(base, console, port, builder.start());
    }

    @Override
    public Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        Path webapps = base.resolve("webapps");
        deleteTree(webapps.resolve("ROOT"));
        Path contexts = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
        Files.writeString(contexts.resolve("ROOT.xml"), "<Context>\n" + contextParams.entrySet().stream()
                .map(p -> "  <Parameter name=\"" + p.getKey() + "\" value=\"" + p.getValue() + "\" override=\"false\"/>\n")
                .collect(Collectors.joining()) + "</Context>\n");
        Files.copy(war, webapps.resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        URI health = base.resolve("_offload/health");
        Eventually.await(START, () -> alive() && answers(health), () -> "Tomcat did not serve the WAR:\n" + log());
        return new Deployment() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public ClassLoader classLoader() {
                throw new UnsupportedOperationException("the webapp runs in Tomcat's own process");
            }

            @Override
            public void undeploy() throws IOException {
                Files.delete(webapps.resolve("ROOT.war")); // autoDeploy notices and undeploys, as an admin would
                Eventually.await(Duration.ofSeconds(60), () -> log().contains("avatar-offload stopped"),
                        () -> "the webapp was not undeployed:\n" + log());
            }
        };
    }

    /** Everything Tomcat wrote to its console (its JULI console handler: our lines and its own). */
    String log() {
        try {
            return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "Debian's tomcat10";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: catalina.sh run stops Tomcat as the unit would
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    private boolean alive() {
        if (!process.isAlive()) throw new AssertionError("Tomcat exited with " + process.exitValue() + ":\n" + log());
        return true;
    }

    private boolean answers(URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (Files.isReadable(source)) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) Files.delete(path);
        }
    }
}

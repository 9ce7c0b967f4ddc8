package org.avataroffload.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.avataroffload.config.S3StoreConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 (s3proxy over a temp directory) in its own process: s3proxy bundles an old AWS SDK that must not meet
 * ours on one classpath. Start it once per test class; {@link #stop()} and {@link #start()} keep port and data, so a
 * test can take the store away and bring it back.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.launch()) {
 *     s3.createBucket("avatars");
 *     ObjectStore store = new S3ObjectStore(s3.config("avatars"), s3.credentials());
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String REGION = "us-east-1";
    /** The temp file name s3proxy's file system backend gives an upload in progress. */
    private static final Pattern UPLOAD =
            Pattern.compile(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String JAR_PROPERTY = "s3proxy.jar";
    private static final Path M2_JAR = Path.of(System.getProperty("user.home"),
            ".m2/repository/org/gaul/s3proxy/3.0.0/s3proxy-3.0.0-jar-with-dependencies.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path jar;
    private final Path workDir;
    private final Path propertiesFile;
    private final Path logFile;
    private final int port;
    private final String identity = "test-identity";
    private final String credential = "test-credential-not-secret";
    private final Thread shutdownHook = new Thread(this::destroyProcess, "s3proxy-shutdown");
    private Process process;

    private S3ProxyServer(boolean anonymousReads) throws IOException {
        this.jar = findJar();
        // under Maven, next to the copied jar in target/, so the log outlives the run and nothing piles up in /tmp
        this.workDir = !jar.equals(M2_JAR) && jar.getParent() != null
                ? Files.createTempDirectory(jar.getParent(), "run-")
                : Files.createTempDirectory("s3proxy-");
        this.port = freePort();
        Path dataDir = Files.createDirectory(workDir.resolve("data"));
        this.logFile = workDir.resolve("s3proxy.log");
        this.propertiesFile = workDir.resolve("s3proxy.properties");
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        // "none" lets a browser follow a redirect to an object without signing, as a public-read bucket policy does
        properties.setProperty("s3proxy.authorization", anonymousReads ? "none" : "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", identity);
        properties.setProperty("s3proxy.credential", credential);
        properties.setProperty("jclouds.provider", "filesystem-nio2");
        properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        try (OutputStream out = Files.newOutputStream(propertiesFile)) {
            properties.store(out, "written by S3ProxyServer");
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A new server on a free loopback port over an empty temp directory, started and answering. */
    public static S3ProxyServer launch() {
        return launch(false);
    }

    /**
     * As {@link #launch()}; with {@code anonymousReads}, unsigned requests are served too, standing for a bucket whose
     * policy lets anyone read (redirect mode). Signed requests work either way.
     */
    public static S3ProxyServer launch(boolean anonymousReads) {
        try {
            S3ProxyServer server = new S3ProxyServer(anonymousReads);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare s3proxy", e);
        }
    }

    /**
     * Removes what a PUT whose client died mid-upload left in s3proxy's data directory. Its file system backend writes
     * a PUT to {@code <key>-<uuid>} and renames it when the body is whole; a killed client leaves that file, and every
     * later listing of the bucket fails with 500. S3 never keeps a half-written PUT, so a test that kills a writer
     * calls this after the kill, to stand for S3. Returns how many files it removed.
     */
    public int removeStrayUploads() {
        try (Stream<Path> files = Files.walk(workDir.resolve("data"))) {
            int removed = 0;
            for (Path file : files.filter(f -> UPLOAD.matcher(f.getFileName().toString()).matches()).toList()) {
                if (Files.deleteIfExists(file)) removed++;
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean s3proxy data in " + workDir, e);
        }
    }

    /**
     * How many objects the bucket holds, counted in s3proxy's data directory (finished files only, no upload in
     * progress). A test polling while writers run uses this: s3proxy's own listing fails with 500 whenever an upload's
     * temp file lies under its walk, which during a bulk copy is most of the time.
     */
    public int storedObjects(String bucket) {
        Path root = workDir.resolve("data").resolve(bucket);
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> files = Files.walk(root)) {
            return (int) files.filter(Files::isRegularFile)
                    .filter(f -> !UPLOAD.matcher(f.getFileName().toString()).matches()).count();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a file moved under the walk: the next poll counts again
        }
    }

    /** Starts the process (again) on the same port and data, and waits until it answers HTTP. */
    public synchronized void start() {
        if (process != null && process.isAlive()) return;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--properties", propertiesFile.toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        awaitAnswering();
    }

    /** Stops the process; data stays for a later {@link #start()}. */
    public synchronized void stop() {
        destroyProcess();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String identity() {
        return identity;
    }

    public String credential() {
        return credential;
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, credential));
    }

    /** Where s3proxy's own output goes; read it when a test fails for a reason the SDK does not explain. */
    public Path logFile() {
        return logFile;
    }

    /** A store config for {@code bucket} here: path style, no prefix, checksums only when required. */
    public S3StoreConfig config(String bucket) {
        return config(bucket, "");
    }

    public S3StoreConfig config(String bucket, String prefix) {
        return new S3StoreConfig(bucket, REGION, Optional.of(endpoint()), true, false, prefix,
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED);
    }

    /** A plain SDK client for this server, to look at the raw bucket; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(r -> r.bucket(bucket));
        }
    }

    @Override
    public synchronized void close() {
        destroyProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, and the hook is running or has run
        }
        deleteTree(workDir.resolve("data"));
    }

    private void awaitAnswering() {
        if (Eventually.holdsWithin(START_TIMEOUT, this::answersWhileAlive)) return;
        destroyProcess();
        throw new IllegalStateException("s3proxy did not answer on " + endpoint() + " within " + START_TIMEOUT + "; "
                + logTail());
    }

    /** Whether it answers yet; a process that died on start fails at once. */
    private boolean answersWhileAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("s3proxy exited with " + process.exitValue() + " on start; " + logTail());
        }
        return answers();
    }

    /** Any HTTP answer at all (403 without credentials) means the server is up. */
    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    private void destroyProcess() {
        Process running = process;
        if (running == null) return;
        running.destroy();
        try {
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "log " + logFile + " ends:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                    lines.size()));
        } catch (IOException e) {
            return "no log at " + logFile + " (" + e + ")";
        }
    }

    private static Path findJar() {
        String property = System.getProperty(JAR_PROPERTY);
        if (property != null && Files.isRegularFile(Path.of(property))) return Path.of(property);
        if (Files.isRegularFile(M2_JAR)) return M2_JAR;
        throw new IllegalStateException("s3proxy jar not found: system property " + JAR_PROPERTY + "=" + property
                + " and " + M2_JAR + " do not exist; run the tests through Maven (it copies s3proxy to target/s3proxy)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove s3proxy data " + dir, e);
        }
    }
}

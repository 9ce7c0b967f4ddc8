package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.avataroffload.store.FileObjectStore;
import org.avataroffload.store.ObjectInfo;
import org.avataroffload.store.StoredObject;
import org.avataroffload.testing.BenchImages;
import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} from the built jar (file store and disk cache in a temp dir, a fake forum of distinct photo-like
 * masters), SIGKILLed while concurrent misses are being offloaded, resized and cached, then restarted on the same
 * directories, three times. After each restart:
 * <ul>
 *   <li>no temp file is left, in the store or in the cache;</li>
 *   <li>every master whose avatar was answered before the kill (the store confirmed it before the answer) is in the
 *       store, byte-equal to the forum's;</li>
 *   <li>every avatar of the round, including those in flight at the kill and two whose cache files are then damaged
 *       as a power loss could (zeroed, truncated), is answered 200 as a whole image of its size;</li>
 *   <li>every object in the store matches its ETag, every file in the cache its digest.</li>
 * </ul>
 */
class ServeCrashIT {
    static final String HOST = "forum.example.com";
    static final int USERS_PER_ROUND = 30;
    static final int[] SIZES = {24, 48, 96};
    static final int[] KILL_AFTER_ANSWERS = {3, 20, 60};
    static final int CLIENTS = 12;
    static final int MASTER_PIXELS = 256;
    static final int DISTINCT_PHOTOS = 8;

    @TempDir
    Path dir;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one request before a kill got. */
    record Answer(String path, int status, String tier) {
    }

    @Test
    void killedMidMisses_restartsClean_andKeepsEveryAcknowledgedMaster() throws Exception {
        long began = System.nanoTime();
        Map<String, byte[]> masters = new ConcurrentHashMap<>();
        try (FakeForum forum = FakeForum.start()) {
            List<byte[]> photos = IntStream.range(0, DISTINCT_PHOTOS).parallel()
                    .mapToObj(i -> BenchImages.png(BenchImages.photo(MASTER_PIXELS, 7000 + i))).toList();
            for (int i = 0; i < USERS_PER_ROUND * KILL_AFTER_ANSWERS.length; i++) {
                masters.put(user(i), photos.get(i % DISTINCT_PHOTOS)); // a key of its own each, some bytes shared
                forum.withAvatarBytes(user(i), masters.get(user(i)));
            }
            System.out.printf("masters made in %d ms%n", (System.nanoTime() - began) / 1_000_000);
            Path config = BulkCli.fileStoreConfig(dir, forum.uri());
            Path store = dir.resolve("store");
            Path cache = dir.resolve("cache");

            for (int round = 0; round < KILL_AFTER_ANSWERS.length; round++) {
                List<String> paths = roundPaths(round);
                Set<Path> cachedBefore = Set.copyOf(cacheFiles(cache));
                List<Answer> answers;
                try (ServingJar jar = ServingJar.start(config, dir, "round-" + round, Map.of())) {
                    answers = requestUntilKilled(jar, paths, KILL_AFTER_ANSWERS[round]);
                }
                long ok = answers.stream().filter(a -> a.status() == 200).count();
                System.out.printf("round %d: killed after %d answers of %d requests; left %d temp file(s) in the store,"
                        + " %d in the cache (%d ms into the test)%n", round, ok, paths.size(), tempFiles(store).size(),
                        tempFiles(cache).size(), (System.nanoTime() - began) / 1_000_000);
                assertThat(ok).as("killed midway").isLessThan(paths.size());
                damageTwoCacheFiles(cache, cachedBefore);

                try (ServingJar restarted = ServingJar.start(config, dir, "restart-" + round, Map.of())) {
                    assertThat(tempFiles(store)).as("temp files in the store after the restart").isEmpty();
                    assertThat(tempFiles(cache)).as("temp files in the cache after the restart").isEmpty();
                    assertAcknowledgedMastersKept(store, answers, masters);
                    assertWholeAvatars(restarted.base(), paths);
                    assertEveryObjectMatchesItsEtag(store);
                    assertEveryCacheFileMatchesItsDigest(cache);
                }
            }
        }
    }

    private static String user(int i) {
        return "user" + i;
    }

    private static String path(String user, int size) {
        return "/user_avatar/" + HOST + "/" + user + "/" + size + "/1_2.png";
    }

    /** This round's own users (so every request is a miss), each at every size, in a seeded random order. */
    private static List<String> roundPaths(int round) {
        List<String> paths = new ArrayList<>();
        for (int i = round * USERS_PER_ROUND; i < (round + 1) * USERS_PER_ROUND; i++) {
            for (int size : SIZES) paths.add(path(user(i), size));
        }
        Collections.shuffle(paths, new Random(round));
        return paths;
    }

    /** Fires the paths from {@link #CLIENTS} threads and SIGKILLs the server once {@code killAfter} were answered. */
    private List<Answer> requestUntilKilled(ServingJar jar, List<String> paths, int killAfter) throws Exception {
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                clients.execute(() -> {
                    for (int i = next.getAndIncrement(); i < paths.size(); i = next.getAndIncrement()) {
                        String path = paths.get(i);
                        try {
                            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(jar.base().resolve(path))
                                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                            answers.add(new Answer(path, response.statusCode(),
                                    response.headers().firstValue("X-Avatar-Offload").orElse("")));
                            if (response.statusCode() == 200) answered.incrementAndGet();
                        } catch (IOException e) {
                            answers.add(new Answer(path, -1, "")); // killed in flight: not acknowledged
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.get() < killAfter && System.nanoTime() < deadline && !ServingJar.waitFor(jar.process(),
                    Duration.ofMillis(2))) {
                // poll: the kill must land while requests are in flight
            }
            assertThat(answered.get()).as("answers before the kill").isGreaterThanOrEqualTo(killAfter);
            jar.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("clients done").isTrue();
        } finally {
            clients.shutdownNow();
        }
        return List.copyOf(answers);
    }

    /**
     * As a power loss after a rename could leave a file the kernel had not yet written: one zeroed, one truncated;
     * two this round wrote, so this round's requests after the restart ask for them.
     */
    private static void damageTwoCacheFiles(Path cache, Set<Path> cachedBefore) throws IOException {
        List<Path> files = new ArrayList<>(cacheFiles(cache));
        files.removeAll(cachedBefore);
        if (files.size() < 2) return;
        Files.write(files.get(0), new byte[0]);
        byte[] bytes = Files.readAllBytes(files.get(1));
        Files.write(files.get(1), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    private static void assertAcknowledgedMastersKept(Path store, List<Answer> answers, Map<String, byte[]> masters) {
        Set<String> acknowledged = new java.util.TreeSet<>();
        for (Answer answer : answers) {
            if (answer.status() != 200) continue;
            assertThat(answer.tier()).as(answer.path()).isIn("generated", "store", "memory");
            acknowledged.add(answer.path().split("/")[3]);
        }
        assertThat(acknowledged).isNotEmpty();
        try (FileObjectStore opened = new FileObjectStore(store)) {
            for (String user : acknowledged) {
                StoredObject master = opened.get("masters/user_avatar/" + HOST + "/" + user + "/1_2").orElse(null);
                assertThat(master).as("acknowledged master of %s", user).isNotNull();
                assertThat(master.bytes()).as("master of %s", user).isEqualTo(masters.get(user));
            }
        }
    }

    /** Every path answered 200 with a whole image of its size; asked by {@link #CLIENTS} at once. */
    private void assertWholeAvatars(URI base, List<String> paths) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (String path : paths) checks.add(clients.submit(() -> assertWholeAvatar(base, path)));
            for (Future<?> check : checks) check.get(60, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }
    }

    private Void assertWholeAvatar(URI base, String path) throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image).as("%s decodes whole", path).isNotNull();
        int size = Integer.parseInt(path.split("/")[4]);
        assertThat(image.getWidth()).as(path).isEqualTo(size);
        assertThat(image.getHeight()).as(path).isEqualTo(size);
        return null;
    }

    private static void assertEveryObjectMatchesItsEtag(Path store) throws IOException {
        try (FileObjectStore opened = new FileObjectStore(store)) {
            List<String> keys = opened.list("");
            assertThat(keys).isNotEmpty();
            for (String key : keys) {
                StoredObject object = opened.get(key).orElseThrow();
                ObjectInfo info = opened.head(key).orElseThrow();
                assertThat(hex("MD5", object.bytes(), 16)).as(key).isEqualTo(info.etag());
                assertThat(object.bytes().length).as(key).isEqualTo((int) info.size()).isPositive();
            }
        }
    }

    /** A cache file is named {@code <sha1 of the size key>.<digest>.<seconds>}: the digest must be its content's. */
    private static void assertEveryCacheFileMatchesItsDigest(Path cache) throws IOException {
        for (Path file : cacheFiles(cache)) {
            String digest = file.getFileName().toString().split("\\.")[1];
            assertThat(hex("SHA-256", Files.readAllBytes(file), 8)).as(file.toString()).isEqualTo(digest);
        }
    }

    private static String hex(String algorithm, byte[] bytes, int length) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes), 0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> cacheFiles(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) return List.of();
        try (Stream<Path> walk = Files.walk(cache)) {
            return walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static List<Path> tempFiles(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(f -> f.getFileName().toString().startsWith(".tmp-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

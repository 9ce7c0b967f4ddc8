package org.avataroffload.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.config.ConfigView;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoredObject;

/**
 * One check of {@code check-config}: a dependency tried for real, with what was found and how long it took. The
 * checks only read, except the store's write probe, which is asked for and removes what it wrote.
 *
 * @param name   {@code store}, {@code store.fallback[0]}, {@code upstream}
 * @param target what was tried, without secrets
 * @param status OK, FAIL or SKIP
 * @param detail what was found, or why it failed
 */
record DependencyCheck(String name, String target, Status status, String detail, Duration took) {
    enum Status { OK, FAIL, SKIP }

    /** Where the write probe goes; a list of this prefix is one small request on any store. */
    static final String PROBE_PREFIX = "check-config/";
    private static final int BODY_LIMIT = 64 * 1024;

    boolean failed() {
        return status == Status.FAIL;
    }

    /**
     * Lists {@link #PROBE_PREFIX} (bucket, credentials, permission to list, the endpoint answering); with
     * {@code write}, also puts a probe object, reads it back and deletes it.
     */
    static DependencyCheck store(String name, Supplier<ObjectStore> opener, boolean write) {
        long start = System.nanoTime();
        String target = name;
        try (ObjectStore store = opener.get()) {
            target = store.describe();
            int listed = store.list(PROBE_PREFIX).size();
            String found = "listed " + PROBE_PREFIX + " (" + listed + " objects)";
            if (write) found += "; " + probe(store);
            return new DependencyCheck(name, target, Status.OK, found, since(start));
        } catch (RuntimeException e) {
            // any failure of the store is this check's finding, reported in one line, never a stack trace
            return new DependencyCheck(name, target, Status.FAIL, reason(e), since(start));
        }
    }

    private static String probe(ObjectStore store) {
        String key = PROBE_PREFIX + "probe-" + UUID.randomUUID();
        byte[] bytes = ("avatar-offload check-config probe " + key + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store.put(key, bytes, "text/plain");
        try {
            Optional<StoredObject> back = store.get(key);
            if (back.isEmpty() || !Arrays.equals(back.get().bytes(), bytes)) {
                throw new IllegalStateException("wrote " + key + " but read back " + (back.isEmpty() ? "nothing" : "other bytes"));
            }
        } finally {
            store.delete(key);
        }
        return "wrote, read back and deleted " + key;
    }

    /** A GET of the forum's base URL; redirects are reported, not followed. Any answer below 500 means it is there. */
    static DependencyCheck upstream(UpstreamConfig upstream) {
        if (upstream.url().isEmpty()) {
            return new DependencyCheck("upstream", "(none)", Status.SKIP,
                    "no upstream.url: serve starts the demo forum", Duration.ZERO);
        }
        URI base = URI.create(upstream.baseUrl() + "/");
        String target = ConfigView.url(base);
        long start = System.nanoTime();
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) base.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) upstream.connectTimeout().toMillis());
            connection.setReadTimeout((int) upstream.fetchTimeout().toMillis());
            connection.setRequestProperty("User-Agent", "avatar-offload check-config");
            int status = connection.getResponseCode();
            drain(connection);
            String found = "GET answered HTTP " + status;
            if (status >= 300 && status < 400 && connection.getHeaderField("Location") != null) {
                found += " (redirect not followed)";
            }
            return new DependencyCheck("upstream", target, status < 500 ? Status.OK : Status.FAIL, found, since(start));
        } catch (IOException | RuntimeException e) {
            return new DependencyCheck("upstream", target, Status.FAIL, "GET failed: " + reason(e), since(start));
        } finally {
            if (connection != null) connection.disconnect();
        }
    }

    /** Reads a little of the body, so the exchange ends cleanly; the rest is not needed. */
    private static void drain(HttpURLConnection connection) throws IOException {
        InputStream body = connection.getResponseCode() >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (body == null) return;
        try (body) {
            body.readNBytes(BODY_LIMIT);
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}

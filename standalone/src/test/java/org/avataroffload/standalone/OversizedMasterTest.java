package org.avataroffload.standalone;

import org.avataroffload.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.avataroffload.config.ImageConfig;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forum that answers an avatar URL with 200 MB (no Content-Length, so the limit can only apply while it streams).
 * The master fetch is cut at the byte limit: the forum sees its connection closed after about {@code images.maxBytes}.
 * The client then gets the forum's own answer through the pass-through, streamed: while the client does not read,
 * the forum cannot write much more than the buffers between them hold, so the proxy's heap never holds the body.
 */
class OversizedMasterTest {
    static final long MAX_BYTES = 1L << 20;
    static final long FLOOD = 200L << 20;
    /**
     * Loopback socket buffers grow to a few MB each (tcp_rmem/tcp_wmem); two sockets stand between forum and proxy.
     * Measured here: the cut fetch let the forum write 7.3 MB, the paused client 10.2 MB.
     */
    static final long SOCKET_BUFFERS = 16L << 20;
    static final String PATH = EndToEndContract.avatarPath(SlowForum.FLOOD_USER, 48);
    @TempDir
    Path dir;

    @Test
    void twoHundredMegabyteMaster_isCutAtTheByteLimit_andThePassThroughStreamsIt() throws Exception {
        try (SlowForum forum = SlowForum.start(FLOOD);
             Proxy proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                     .cache(dir.resolve("cache"), 16L << 20, 8L << 20)
                     .images(new ImageConfig(50_000_000L, MAX_BYTES, 90))
                     .route(EndToEndContract.USER_AVATAR).build());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.uri().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + PATH + " HTTP/1.1\r\nHost: " + EndToEndContract.HOST
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            List<String> head = readHead(in);

            assertThat(head.get(0)).as("the forum's own answer").contains(" 200 ");
            assertThat(head).noneMatch(line -> line.toLowerCase(Locale.ROOT).startsWith("x-avatar-offload"));
            // the forum notes a cut when its write fails, which may be just after the pass-through began
            List<SlowForum.Flood> ended = Eventually.valueWithin(Duration.ofSeconds(10), forum::floods, f -> !f.isEmpty());
            assertThat(ended).as("the master fetch, ended while the pass-through is held").hasSize(1);
            SlowForum.Flood fetch = ended.get(0);
            assertThat(fetch.cutOff()).as("the proxy closed the master fetch").isTrue();
            assertThat(fetch.written()).as("bytes the forum wrote before the master fetch was cut")
                    .isLessThan(4 * MAX_BYTES + SOCKET_BUFFERS);

            ChunkedBody body = new ChunkedBody(in);
            assertThat(body.skip(MAX_BYTES)).isEqualTo(MAX_BYTES);
            long whilePaused = awaitStable(forum::floodInProgress, Duration.ofMillis(500), Duration.ofSeconds(20));
            assertThat(whilePaused).as("bytes the forum could write while the client read nothing")
                    .isLessThan(4 * MAX_BYTES + 2 * SOCKET_BUFFERS);

            long rest = body.skip(Long.MAX_VALUE);
            assertThat(MAX_BYTES + rest).as("the client got the forum's whole body").isEqualTo(FLOOD);
            List<SlowForum.Flood> both = Eventually.valueWithin(Duration.ofSeconds(10), forum::floods, f -> f.size() >= 2);
            assertThat(both).hasSize(2);
            assertThat(both.get(1)).isEqualTo(new SlowForum.Flood(FLOOD, false));
            assertThat(proxy.offload().store().list("masters/")).as("nothing stored").isEmpty();
            assertThat(proxy.offload().store().list("derived/")).isEmpty();
        }
    }

    /** Waits until the value has not changed for {@code quiet}, within {@code bound}; returns it. */
    private static long awaitStable(LongSupplier value, Duration quiet, Duration bound) {
        return Eventually.settledWithin(bound, quiet, value);
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) lines.add(line);
        assertThat(lines).anyMatch(line -> line.equalsIgnoreCase("transfer-encoding: chunked"));
        return lines;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("connection closed mid-line after: " + line);
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** A chunked body read and counted, never held: {@link #skip} reads up to n bytes of it and throws them away. */
    private static final class ChunkedBody {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private long leftInChunk;
        private boolean ended;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n && !ended) {
                if (leftInChunk == 0) {
                    String size = readLine(in);
                    if (size.isEmpty()) size = readLine(in); // the CRLF that ends the previous chunk
                    leftInChunk = Long.parseLong(size.split(";")[0].trim(), 16);
                    if (leftInChunk == 0) {
                        ended = true;
                        break;
                    }
                }
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(leftInChunk, n - skipped)));
                if (read < 0) throw new IOException("connection closed inside a chunk");
                leftInChunk -= read;
                skipped += read;
            }
            return skipped;
        }
    }
}

package org.avataroffload.standalone;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.avataroffload.testing.LoopbackServer;
import org.avataroffload.testing.FakeForum;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A forum (real Jetty, 127.0.0.1, port 0) that is slow on purpose, and says what it saw:
 * <ul>
 *   <li>{@code /slow/...} is held, without a thread, until {@link #releaseSlow()}; then answered 200;</li>
 *   <li>{@code /user_avatar/{host}/{user}/{size}/{version}.png}: a long-lived PNG of that size, held like
 *       {@code /slow} while {@link #holdMasters()} is on;</li>
 *   <li>the same for user {@value #FLOOD_USER}: {@code floodBytes} of a PNG signature and zeros, streamed without
 *       a Content-Length; each such response is recorded with the bytes the forum managed to write;</li>
 *   <li>anything else: 200 "ok".</li>
 * </ul>
 */
final class SlowForum implements AutoCloseable {
    static final String FLOOD_USER = "flood";
    private static final int CHUNK = 64 * 1024;

    /** One flood response: how many bytes went out before it ended, and whether the reader cut it off. */
    record Flood(long written, boolean cutOff) {
    }

    private final Server server;
    private final long floodBytes;
    private final List<Runnable> heldSlow = new ArrayList<>();
    private final List<Runnable> heldMasters = new ArrayList<>();
    private final AtomicInteger slowAnswered = new AtomicInteger();
    private final AtomicInteger masterRequests = new AtomicInteger();
    private final AtomicLong floodInProgress = new AtomicLong();
    private final List<Flood> floods = new CopyOnWriteArrayList<>();
    private boolean slowReleased;
    private boolean mastersHeld;

    private SlowForum(long floodBytes) {
        this.floodBytes = floodBytes;
        server = LoopbackServer.of(this::handle);
    }

    static SlowForum start(long floodBytes) {
        SlowForum forum = new SlowForum(floodBytes);
        try {
            forum.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the slow forum", e);
        }
        return forum;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    synchronized int heldSlow() {
        return heldSlow.size();
    }

    int slowAnswered() {
        return slowAnswered.get();
    }

    synchronized void releaseSlow() {
        slowReleased = true;
        heldSlow.forEach(Runnable::run);
        heldSlow.clear();
    }

    synchronized void holdMasters() {
        mastersHeld = true;
    }

    synchronized int heldMasters() {
        return heldMasters.size();
    }

    int masterRequests() {
        return masterRequests.get();
    }

    synchronized void releaseMasters() {
        mastersHeld = false;
        heldMasters.forEach(Runnable::run);
        heldMasters.clear();
    }

    /** The flood responses that have ended, in the order they ended. */
    List<Flood> floods() {
        return List.copyOf(floods);
    }

    /** Bytes written so far by the flood response still going (the last one to start). */
    long floodInProgress() {
        return floodInProgress.get();
    }

    @Override
    public void close() {
        releaseSlow();
        releaseMasters();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the slow forum", e);
        }
    }

    private void handle(Request request, Response response, Callback callback) {
        String[] parts = request.getHttpURI().getPath().split("/");
        if (parts.length > 1 && parts[1].equals("slow")) {
            hold(heldSlow, () -> text(response, callback, "released"), true);
        } else if (parts.length == 6 && parts[1].equals("user_avatar") && parts[5].endsWith(".png")) {
            masterRequests.incrementAndGet();
            if (parts[3].equals(FLOOD_USER)) {
                flood(response, callback);
            } else {
                int size = Integer.parseInt(parts[4]);
                Color color = new Color(parts[3].toLowerCase(Locale.ROOT).hashCode() & 0xFFFFFF);
                hold(heldMasters, () -> png(response, callback, FakeForum.png(size, color)), false);
            }
        } else {
            text(response, callback, "ok");
        }
    }

    private void hold(List<Runnable> held, Runnable answer, boolean slow) {
        synchronized (this) {
            boolean holding = slow ? !slowReleased : mastersHeld;
            if (holding) {
                held.add(answer);
                return;
            }
        }
        answer.run();
    }

    private void text(Response response, Callback callback, String body) {
        slowAnswered.incrementAndGet();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static void png(Response response, Callback callback, byte[] png) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/png");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, FakeForum.FOREVER);
        response.write(true, ByteBuffer.wrap(png), callback);
    }

    /** Blocking writes on this request's thread: each returns once the bytes are with the kernel. */
    private void flood(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/png");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, FakeForum.FOREVER);
        byte[] chunk = new byte[CHUNK];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, chunk, 0, 8);
        floodInProgress.set(0);
        long written = 0;
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            while (written < floodBytes) {
                int length = (int) Math.min(CHUNK, floodBytes - written);
                out.write(chunk, 0, length);
                written += length;
                floodInProgress.set(written);
                if (written == length) chunk = new byte[CHUNK]; // the signature only once
            }
        } catch (IOException e) {
            floods.add(new Flood(written, true));
            callback.failed(e);
            return;
        }
        floods.add(new Flood(written, false));
        callback.succeeded();
    }
}

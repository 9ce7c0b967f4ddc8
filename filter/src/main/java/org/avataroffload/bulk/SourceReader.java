package org.avataroffload.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a master's bytes from a file or an http(s) URL, at most {@code maxBytes} (the master byte limit), a URL
 * within a total timeout. Redirects are followed (an upload URL often redirects to its CDN), never from https to http.
 */
final class SourceReader {
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient http;

    SourceReader(long maxBytes, Duration connectTimeout, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** @throws IOException with a message fit for the summary: missing, unreadable, too large, not a 200, too slow */
    byte[] read(ImportItem.Source source) throws IOException {
        if (source instanceof ImportItem.LocalFile file) return readFile(file.path());
        return fetch(((ImportItem.Remote) source).url());
    }

    private byte[] readFile(Path path) throws IOException {
        try {
            long size = Files.size(path);
            if (size > maxBytes) throw new IOException(path + " is " + size + " bytes, over images.maxBytes " + maxBytes);
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + path, e);
        }
    }

    private byte[] fetch(URI url) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<InputStream>> exchange = http.sendAsync(request, BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw slow(url, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) throw slow(url, e.getCause());
            throw new IOException("GET " + url + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("GET " + url + ": interrupted", e);
        }
        InputStream body = response.body();
        AtomicBoolean finished = new AtomicBoolean();
        // the request timeout ends at the headers; this bounds the body too: a stalled body is cut off at the deadline
        CompletableFuture.delayedExecutor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .execute(() -> {
                    if (!finished.get()) closeQuietly(body);
                });
        try (body) {
            if (response.statusCode() != 200) throw new IOException("GET " + url + ": status " + response.statusCode());
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new IOException("GET " + url + ": " + declared + " bytes, over images.maxBytes " + maxBytes);
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) throw new IOException("GET " + url + ": over images.maxBytes " + maxBytes);
            if (System.nanoTime() - deadline > 0) throw slow(url, null);
            return bytes;
        } catch (IOException e) {
            if (System.nanoTime() - deadline > 0) throw slow(url, e);
            throw e;
        } finally {
            finished.set(true);
        }
    }

    private IOException slow(URI url, Throwable cause) {
        return new IOException("GET " + url + ": not done within " + timeout.toSeconds() + " s", cause);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // closing is how the read is cut off; the reader sees the failure and reports it
        }
    }
}

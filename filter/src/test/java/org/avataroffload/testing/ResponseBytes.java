package org.avataroffload.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bytes of one HTTP/1.1 response as they arrive, and whether they make a whole one yet: the head, then a body
 * framed by Content-Length, by chunks, or by the close. Small answers only (it keeps every byte).
 */
final class ResponseBytes {
    private byte[] bytes = new byte[1024];
    private int length;
    private int bodyStart = -1;
    private int status;
    private long contentLength = -1;
    private boolean chunked;
    private boolean close;
    private int chunkScan; // where the next chunk-size line starts, once the head is read

    void reset() {
        length = 0;
        bodyStart = -1;
        status = 0;
        contentLength = -1;
        chunked = false;
        close = false;
        chunkScan = 0;
    }

    void append(ByteBuffer buffer) {
        int n = buffer.remaining();
        if (length + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        buffer.get(bytes, length, n);
        length += n;
    }

    boolean started() {
        return length > 0;
    }

    int status() {
        return status;
    }

    boolean keepAlive() {
        return !close && (chunked || contentLength >= 0);
    }

    /** Whether a whole response is here; {@code closed}: the peer has closed, which ends a close-delimited body. */
    boolean complete(boolean closed) {
        if (bodyStart < 0 && !readHead()) return false;
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) return true;
        if (chunked) return chunksComplete();
        if (contentLength >= 0) return length - bodyStart >= contentLength;
        return closed;
    }

    private boolean readHead() {
        int end = indexOf("\r\n\r\n", 0);
        if (end < 0) return false;
        String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        status = Integer.parseInt(statusLine[1]);
        close = statusLine[0].equals("HTTP/1.0");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) continue;
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                default -> { }
            }
        }
        bodyStart = end + 4;
        chunkScan = bodyStart;
        return true;
    }

    /** Walks the chunks from where it stopped last time; the last chunk (size 0) and its trailer end the body. */
    private boolean chunksComplete() {
        while (true) {
            int lineEnd = indexOf("\r\n", chunkScan);
            if (lineEnd < 0) return false;
            String sizeField = new String(bytes, chunkScan, lineEnd - chunkScan, StandardCharsets.ISO_8859_1);
            int semicolon = sizeField.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
            if (size == 0) return indexOf("\r\n\r\n", lineEnd) >= 0;
            int next = lineEnd + 2 + size + 2;
            if (next > length) return false;
            chunkScan = next;
        }
    }

    private int indexOf(String what, int from) {
        byte[] needle = what.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (bytes[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}

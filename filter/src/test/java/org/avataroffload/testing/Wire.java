package org.avataroffload.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 framing on a raw stream, for peers that must see the exact bytes: a head is kept byte for byte, a body is
 * read by Content-Length, chunked (de-chunked) or to the close, piece by piece into a {@link Sink}, never whole.
 */
public final class Wire {
    /** More than any head a test sends or scripts (the largest are ~40 KB); a bigger one is a runaway peer. */
    static final int MAX_HEAD = 1 << 20;
    private static final int BUFFER = 64 * 1024;

    private Wire() {
    }

    /** Receives a body as it is read, piece by piece. */
    public interface Sink {
        void piece(byte[] buffer, int offset, int length) throws IOException;
    }

    /** A request or response head: the bytes as received, the start line and the header lines verbatim. */
    public record Head(byte[] bytes, String startLine, List<String> headerLines) {
        public static Head parse(byte[] bytes) {
            String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r?\n");
            List<String> headerLines = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) if (!lines[i].isEmpty()) headerLines.add(lines[i]);
            return new Head(bytes, lines[0], List.copyOf(headerLines));
        }

        /** Values of the header lines named {@code name} (any case), trimmed. */
        public List<String> values(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim()).toList();
        }

        public boolean chunked() {
            return values("Transfer-Encoding").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).endsWith("chunked"));
        }

        /** The Content-Length, or -1 without one. */
        public long contentLength() {
            List<String> lengths = values("Content-Length");
            return lengths.isEmpty() ? -1 : Long.parseLong(lengths.get(0));
        }

        /** The status of a response head. */
        public int status() {
            return Integer.parseInt(startLine.split(" ", 3)[1]);
        }
    }

    /** The next head, or null when the peer closed cleanly before sending a byte of it. */
    public static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        while (newlines < 2) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) return null;
                throw new EOFException("closed mid-head after " + head.size() + " bytes");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) throw new IOException("head longer than " + MAX_HEAD + " bytes");
            if (b == '\n') newlines++;
            else if (b != '\r') newlines = 0;
        }
        return Head.parse(head.toByteArray());
    }

    /** Reads {@code length} bytes; false when the peer closed first. */
    public static boolean readFixed(InputStream in, long length, Sink sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) return false;
            sink.piece(buffer, 0, n);
            left -= n;
        }
        return true;
    }

    /** De-chunks a chunked body, trailers included; false when the peer closed before the last chunk. */
    public static boolean readChunked(InputStream in, Sink sink) throws IOException {
        try {
            for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                if (!readFixed(in, size, sink)) return false;
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailer fields: read and dropped, as both fronts are compared on what they pass on
            }
            return true;
        } catch (EOFException closed) {
            return false;
        }
    }

    /** Reads until the peer closes: a body delimited by the end of the connection. */
    public static void readToClose(InputStream in, Sink sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) sink.piece(buffer, 0, n);
    }

    private static long chunkSize(String line) throws IOException {
        int semicolon = line.indexOf(';');
        try {
            return Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line '" + line + "'");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new EOFException("closed mid-line after: " + line);
            if (line.size() > MAX_HEAD) throw new IOException("line longer than " + MAX_HEAD + " bytes");
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}

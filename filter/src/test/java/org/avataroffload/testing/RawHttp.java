package org.avataroffload.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what a library client hides or forbids: the exact bytes of each response header
 * line, and request headers such as {@code Host} that java.net.http will not send.
 */
public final class RawHttp {
    private static final int TIMEOUT_MS = 20_000;

    private RawHttp() {}

    /** A response as it crossed the wire: status line, header lines verbatim, body de-chunked. */
    public record Exchange(String statusLine, List<String> headerLines, byte[] body) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** Header lines whose name is {@code name}, ignoring case, each line exactly as received. */
        public List<String> lines(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
        }
    }

    /** Sends {@code GET target} with the given header lines (plus {@code Connection: close}) and reads to the end. */
    public static Exchange get(int port, String target, List<String> headerLines) throws IOException {
        return getFrom("127.0.0.1", port, target, headerLines);
    }

    /**
     * As {@link #get}, from a local address of the caller's choosing ({@code 127.0.0.2}: the whole of 127/8 is this
     * host's, so a test can be a caller the server does not know), to 127.0.0.1.
     */
    public static Exchange getFrom(String localAddress, int port, String target, List<String> headerLines)
            throws IOException {
        StringBuilder head = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Sends any request line (an absolute URI, {@code CONNECT host:port}, bytes a client library refuses) with the
     * given header lines, plus {@code Connection: close}, and reads the answer to the end.
     */
    public static Exchange send(int port, String requestLine, List<String> headerLines) throws IOException {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Exchange read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        List<String> headerLines = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) headerLines.add(line);
        boolean chunked = headerLines.stream()
                .anyMatch(l -> l.toLowerCase(Locale.ROOT).matches("transfer-encoding:\\s*chunked\\s*"));
        byte[] body = chunked ? readChunked(in) : in.readAllBytes();
        return new Exchange(statusLine, List.copyOf(headerLines), body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
            body.write(in.readNBytes(size));
            readLine(in);
        }
        return body.toByteArray();
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = readLine(in);
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("connection closed mid-line after: " + line);
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}

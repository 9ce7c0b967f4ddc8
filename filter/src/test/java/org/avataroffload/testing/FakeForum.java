package org.avataroffload.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A stand-in for Discourse on a real Jetty server (127.0.0.1, port 0), answering as the forum does:
 * <ul>
 *   <li>{@code /user_avatar/{host}/{user}/{size}/{id}[_{version}].png} for a known user (any letter case): an image of
 *       that size in the user's colour (PNG, or JPEG for a JPEG user), {@code max-age=31556952, public, immutable};</li>
 *   <li>for an unknown user, or a version other than 2: the blank avatar, 250×250, {@code max-age=600}, 1990;</li>
 *   <li>for a user marked stale: 302 to the current avatar URL; for an SVG user: the SVG with
 *       {@code Content-Disposition: attachment} and {@code Content-Security-Policy: sandbox}, as newer Discourse sends;</li>
 *   <li>{@code /letter_avatar/{user}/{size}/{version}.png} and
 *       {@code /letter_avatar_proxy/{v}/letter/{l}/{rrggbb}/{size}.png}: long-lived PNGs (grey, or that colour);</li>
 *   <li>anything else: an echo of what arrived (method, path, query, headers, body length and SHA-256) as text,
 *       with a quoted and a plain Set-Cookie when the query asks for {@code cookies}.</li>
 * </ul>
 * It counts the requests it saw per path, so tests can tell how often the proxy went to the forum.
 */
public final class FakeForum implements AutoCloseable {
    public static final String FOREVER = "max-age=31556952, public, immutable";
    public static final String BLANK_CACHE_CONTROL = "max-age=600, public";
    public static final String BLANK_LAST_MODIFIED = "Mon, 01 Jan 1990 00:00:00 GMT";
    public static final String QUOTED_COOKIE = "_t=\"a b=c\"; Path=/; HttpOnly";
    public static final String PLAIN_COOKIE = "theme=dark; Path=/; Max-Age=3600";

    private final Map<String, Color> users = new ConcurrentHashMap<>();
    private final Map<String, String> staleUsers = new ConcurrentHashMap<>();
    private final Map<String, byte[]> rawAvatars = new ConcurrentHashMap<>();
    private final Map<String, Boolean> jpegUsers = new ConcurrentHashMap<>();
    private final Map<String, byte[]> svgUsers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Server server;

    private FakeForum() {
        server = LoopbackServer.of(this::handle);
    }

    public static FakeForum start() {
        FakeForum forum = new FakeForum();
        try {
            forum.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake forum", e);
        }
        return forum;
    }

    /** The same forum, on a unix-domain socket too ({@code upstream.url: unix:/path}); see {@link UnixSockets}. */
    public static FakeForum startOnSocket(java.nio.file.Path socket) {
        FakeForum forum = new FakeForum();
        UnixSockets.listen(forum.server, socket);
        try {
            forum.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake forum on " + socket, e);
        }
        return forum;
    }

    public FakeForum withUser(String username, Color color) {
        users.put(username.toLowerCase(java.util.Locale.ROOT), color);
        return this;
    }

    /** A user whose avatar is a JPEG, as Discourse sends it: {@code image/jpeg} behind a {@code .png} URL. */
    public FakeForum withJpegUser(String username, Color color) {
        withUser(username, color);
        jpegUsers.put(username.toLowerCase(java.util.Locale.ROOT), true);
        return this;
    }

    /** A user whose avatar is an SVG, sent the way newer Discourse sends one. */
    public FakeForum withSvgUser(String username, byte[] svg) {
        svgUsers.put(username.toLowerCase(java.util.Locale.ROOT), svg.clone());
        return this;
    }

    /** This user's avatar, at any size, is exactly these bytes, sent as a long-lived image (broken ones too). */
    public FakeForum withAvatarBytes(String username, byte[] bytes) {
        rawAvatars.put(username, bytes.clone());
        return this;
    }

    /** Requests for this user's avatar get a 302 to the same size at {@code currentVersion}. */
    public FakeForum withStaleUser(String username, String currentVersion) {
        staleUsers.put(username, currentVersion);
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    /** How many requests for exactly this path the forum has seen. */
    public int requestsFor(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    public int avatarRequests() {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith("/user_avatar/"))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the fake forum", e);
        }
    }

    private void handle(Request request, Response response, Callback callback) throws IOException {
        String path = request.getHttpURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String[] parts = path.split("/");
        if (parts.length == 6 && parts[1].equals("user_avatar") && parts[5].endsWith(".png")) {
            avatar(parts, response, callback);
        } else if (parts.length == 5 && parts[1].equals("letter_avatar") && parts[4].endsWith(".png")) {
            image(response, callback, png(Integer.parseInt(parts[3]), Color.GRAY));
        } else if (parts.length == 7 && parts[1].equals("letter_avatar_proxy") && parts[6].endsWith(".png")) {
            image(response, callback, png(Integer.parseInt(parts[6].replace(".png", "")), Color.decode("#" + parts[5])));
        } else {
            echo(request, response, callback);
        }
    }

    private void avatar(String[] parts, Response response, Callback callback) {
        String username = java.net.URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
        String stale = staleUsers.get(username);
        if (stale != null) {
            response.setStatus(302);
            response.getHeaders().put(HttpHeader.LOCATION,
                    "/user_avatar/" + parts[2] + "/" + parts[3] + "/" + parts[4] + "/" + stale + ".png");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        byte[] raw = rawAvatars.get(username);
        if (raw != null) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/png");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, FOREVER);
            response.write(true, ByteBuffer.wrap(raw), callback);
            return;
        }
        String user = username.toLowerCase(java.util.Locale.ROOT);
        byte[] svg = svgUsers.get(user);
        if (svg != null) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/svg+xml");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, FOREVER);
            response.getHeaders().put("Content-Disposition", "attachment");
            response.getHeaders().put("Content-Security-Policy", "sandbox;");
            response.write(true, ByteBuffer.wrap(svg), callback);
            return;
        }
        Color color = users.get(user);
        String[] upload = parts[5].substring(0, parts[5].length() - ".png".length()).split("_");
        // "_.png" splits into nothing: no upload id, the blank avatar as for any other bad one
        boolean currentVersion = upload.length == 1 || upload.length > 1 && upload[1].equals("2");
        if (color == null || !currentVersion || upload.length == 0 || !parts[4].matches("[0-9]{1,4}")) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/png");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, BLANK_CACHE_CONTROL);
            response.getHeaders().put(HttpHeader.LAST_MODIFIED, BLANK_LAST_MODIFIED);
            response.write(true, ByteBuffer.wrap(blankAvatar()), callback);
            return;
        }
        int size = Integer.parseInt(parts[4]);
        if (jpegUsers.containsKey(user)) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/jpeg");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, FOREVER);
            response.write(true, ByteBuffer.wrap(jpeg(size, color)), callback);
            return;
        }
        image(response, callback, png(size, color));
    }

    private static void image(Response response, Callback callback, byte[] png) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/png");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, FOREVER);
        response.getHeaders().put(HttpHeader.LAST_MODIFIED, "Tue, 03 Nov 2026 08:00:00 GMT");
        response.write(true, ByteBuffer.wrap(png), callback);
    }

    private void echo(Request request, Response response, Callback callback) throws IOException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        StringBuilder text = new StringBuilder();
        text.append("method: ").append(request.getMethod()).append('\n');
        text.append("path: ").append(request.getHttpURI().getPath()).append('\n');
        text.append("query: ").append(request.getHttpURI().getQuery()).append('\n');
        for (HttpField field : request.getHeaders()) {
            text.append("header ").append(field.getName()).append(": ").append(field.getValue()).append('\n');
        }
        text.append("body-length: ").append(body.length).append('\n');
        text.append("body-sha256: ").append(sha256(body)).append('\n');
        String query = request.getHttpURI().getQuery();
        if (query != null && query.contains("cookies")) {
            response.getHeaders().add(HttpHeader.SET_COOKIE, QUOTED_COOKIE);
            response.getHeaders().add(HttpHeader.SET_COOKIE, PLAIN_COOKIE);
        }
        response.setStatus(path(request).startsWith("/missing") ? 404 : 200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put("X-Forum", "fake");
        response.write(true, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String path(Request request) {
        return request.getHttpURI().getPath();
    }

    /** A square PNG filled with one colour. */
    public static byte[] png(int size, Color color) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, size, size);
        g.dispose();
        return encode(image);
    }

    /** A square JPEG filled with one colour. */
    public static byte[] jpeg(int size, Color color) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, size, size);
        g.dispose();
        return encode(image, "jpeg");
    }

    static byte[] blankAvatar() {
        return encode(new BufferedImage(250, 250, BufferedImage.TYPE_INT_ARGB));
    }

    private static byte[] encode(BufferedImage image) {
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.avataroffload.testing;

import static org.avataroffload.testing.RequestShape.HOST;
import static org.avataroffload.testing.RequestShape.marks;
import static org.avataroffload.testing.RequestShape.of;
import static org.avataroffload.testing.RequestShape.request;
import static org.avataroffload.testing.RequestShape.streamedAnswer;
import static org.avataroffload.testing.RequestShape.withBody;
import static org.avataroffload.testing.RequestShapes.api;
import static org.avataroffload.testing.RequestShapes.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * The forum's answers a front must pass on unchanged: big and odd headers, every status, interim responses, streams
 * (message-bus long polls, server-sent events) whose pieces must not wait in the front, and a forum that fails midway.
 */
final class ResponseShapes {
    private static final RawClient.Request LATEST = request("GET /latest.json HTTP/1.1", api());
    /** Message-bus answers: pieces of a few hundred bytes, 1.5 s apart, as a long poll delivers them. */
    private static final List<String> POLL_PIECES = List.of(bus(0), bus(1), bus(2));
    private static final List<String> EVENTS = List.of("event: ping\ndata: " + "a".repeat(200) + "\n\n",
            "event: update\ndata: {\"n\":2}\n\n", "event: update\ndata: {\"n\":3," + "\"pad\":\"" + "b".repeat(300) + "\"}\n\n");

    private ResponseShapes() {
    }

    static List<RequestShape> all() {
        List<RequestShape> shapes = new ArrayList<>(headers());
        shapes.addAll(statuses());
        shapes.addAll(bodies());
        shapes.addAll(streams());
        return shapes;
    }

    private static List<RequestShape> headers() {
        return List.of(
                of("response-link-20k-several-lines", LATEST, json("HTTP/1.1 200 OK", "{}", links(4, 5 * 1024))),
                of("response-link-20k-one-line", LATEST, json("HTTP/1.1 200 OK", "{}", links(1, 20 * 1024))),
                of("response-csp-6k", LATEST, json("HTTP/1.1 200 OK", "{}", "Content-Security-Policy: script-src 'self' "
                        + IntStream.range(0, 300).mapToObj(i -> "https://cdn" + i + ".example.net").collect(Collectors.joining(" "))
                        .substring(0, 6 * 1024) + "; object-src 'none'")),
                of("response-set-cookie-quoted-expires", LATEST, json("HTTP/1.1 200 OK", "{}",
                        "Set-Cookie: theme=\"dark, wide\"; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/")),
                of("response-set-cookie-several", LATEST, json("HTTP/1.1 200 OK", "{}",
                        "Set-Cookie: _t=abc; path=/; expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly; SameSite=Lax",
                        "Set-Cookie: _forum_session=c2Vzc2lvbg%3D%3D--a1b2; path=/; secure; HttpOnly; SameSite=Lax",
                        "Set-Cookie: __profilin=p%3Dt; path=/", "Set-Cookie: dosp=1; Max-Age=60; path=/")),
                of("response-content-type-html-charset", LATEST, Answer.fixed("HTTP/1.1 200 OK",
                        List.of("Content-Type: text/html; charset=utf-8"), "<p>hi</p>".getBytes(StandardCharsets.UTF_8))),
                of("response-content-type-no-space", LATEST, Answer.fixed("HTTP/1.1 200 OK",
                        List.of("Content-Type: application/json;charset=UTF-8"), "{}".getBytes(StandardCharsets.UTF_8))),
                of("response-header-name-case", LATEST, json("HTTP/1.1 200 OK", "{}", "x-discourse-route: list/latest",
                        "X-DISCOURSE-USERNAME: bob", "x-runtime: 0.041")),
                of("response-repeated-vary-and-cache", LATEST, json("HTTP/1.1 200 OK", "{}", "Vary: Accept",
                        "Vary: Accept-Encoding", "Cache-Control: private", "X-Frame-Options: SAMEORIGIN")));
    }

    private static List<RequestShape> statuses() {
        return List.of(
                of("status-204", withBody("POST /topics/timings HTTP/1.1", "x=1", api()),
                        Answer.of(Answer.write("HTTP/1.1 204 No Content\r\nCache-Control: no-cache\r\n\r\n"))),
                of("redirect-301", request("GET /t/7 HTTP/1.1", api()), Answer.fixed("HTTP/1.1 301 Moved Permanently",
                        List.of("Location: /t/welcome-to-discourse/7", "Content-Type: text/html; charset=utf-8"),
                        "<html><body>You are being <a href=\"/t/welcome-to-discourse/7\">redirected</a>.</body></html>"
                                .getBytes(StandardCharsets.UTF_8))),
                of("redirect-302-absolute", request("GET /login HTTP/1.1", api()), Answer.fixed("HTTP/1.1 302 Found",
                        List.of("Location: https://forum.example.com/session/sso?return_path=%2Ft%2F7"), new byte[0])),
                of("forum-404-with-body", LATEST, Answer.fixed("HTTP/1.1 404 Not Found",
                        List.of("Content-Type: text/html; charset=utf-8"), "<h1>Oops! That page doesn’t exist.</h1>"
                                .getBytes(StandardCharsets.UTF_8))),
                of("forum-500-with-body", LATEST, json("HTTP/1.1 500 Internal Server Error", "{\"errors\":[\"boom\"]}")),
                of("reason-phrase-okay", LATEST, json("HTTP/1.1 200 Okay", "{}")),
                of("reason-phrase-429-custom", LATEST, json("HTTP/1.1 429 Slow Down Please", "{\"extras\":{\"wait_seconds\":9}}",
                        "Retry-After: 9")),
                of("early-hints-103", request("GET / HTTP/1.1", HOST, RequestShapes.USER_AGENT, "Accept: text/html"),
                        Answer.of(Answer.write("HTTP/1.1 103 Early Hints\r\nLink: </assets/app.js>; rel=preload; as=script\r\n\r\n"),
                                Answer.pause(300), Answer.write("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                        + "Link: </assets/app.js>; rel=preload; as=script\r\nContent-Length: 5\r\n\r\n<p>ok"))),
                of("unsolicited-100-continue", LATEST, Answer.of(Answer.write("HTTP/1.1 100 Continue\r\n\r\n"),
                        Answer.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"))),
                // the forum takes the request and closes: the front answers with its own 502 page
                of("forum-closes-without-answer", LATEST, Answer.of(Answer.close())).answeredByFront());
    }

    private static List<RequestShape> bodies() {
        byte[] megabyte = new byte[1 << 20];
        Arrays.fill(megabyte, (byte) 'm');
        byte[] partial = new byte[40_000];
        Arrays.fill(partial, (byte) 'p');
        return List.of(
                of("response-gzip-passed-as-is", request("GET /latest.json HTTP/1.1", api()), Answer.fixed("HTTP/1.1 200 OK",
                        List.of("Content-Type: application/json; charset=utf-8", "Content-Encoding: gzip", "Vary: Accept-Encoding"),
                        gzip("{\"topic_list\":{\"topics\":[" + "{\"id\":1},".repeat(300) + "{}]}}"))),
                of("response-1mb-fixed-length", LATEST, Answer.fixed("HTTP/1.1 200 OK",
                        List.of("Content-Type: application/octet-stream"), megabyte)),
                of("response-chunked-json", LATEST, streamedAnswer("HTTP/1.1 200 OK\r\nContent-Type: application/json; "
                        + "charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n", List.of("{\"a\":", "[1,2,3]", "}"), 0, true)),
                of("response-close-delimited", request("GET /about.json HTTP/1.1", api()), streamedAnswer(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
                        List.of("{\"about\":", "{}}"), 0, false)),
                of("forum-closes-mid-body", LATEST, Answer.of(Answer.write("HTTP/1.1 200 OK\r\nContent-Type: application/"
                        + "octet-stream\r\nContent-Length: 100000\r\n\r\n"), Answer.write(partial), Answer.close())),
                of("forum-closes-mid-chunked", LATEST, Answer.of(Answer.write("HTTP/1.1 200 OK\r\nContent-Type: application/"
                        + "json\r\nTransfer-Encoding: chunked\r\n\r\n9c40\r\n"), Answer.write(partial), Answer.write("\r\n"),
                        Answer.close())));
    }

    private static List<RequestShape> streams() {
        String sseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n";
        return List.of(
                of("message-bus-long-poll", withBody("POST /message-bus/9f3c2a1b0e/poll HTTP/1.1",
                        "/__status=0&/latest=-1", api("Content-Type: application/x-www-form-urlencoded; charset=UTF-8",
                                "X-SILENCE-LOGGER: true", "Dont-Chunk: false")),
                        streamedAnswer("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: "
                                + "must-revalidate, private, max-age=0\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: "
                                + "chunked\r\n\r\n", POLL_PIECES, 1_500, true)).streamed(marks(POLL_PIECES)),
                of("sse-chunked", request("GET /live/events HTTP/1.1", HOST, "Accept: text/event-stream", "Cache-Control: no-cache"),
                        streamedAnswer(sseHead + "Transfer-Encoding: chunked\r\n\r\n", EVENTS, 1_000, true)).streamed(marks(EVENTS)),
                of("sse-close-delimited", request("GET /live/events HTTP/1.1", HOST, "Accept: text/event-stream"),
                        streamedAnswer(sseHead + "Connection: close\r\n\r\n", EVENTS, 1_000, false)).streamed(marks(EVENTS)));
    }

    /** Message-bus framing: JSON, then the separator it puts between messages. */
    private static String bus(int n) {
        return "[{\"global_id\":" + (100 + n) + ",\"message_id\":" + n + ",\"channel\":\"/latest\",\"data\":{\"topic_id\":"
                + (7 + n) + ",\"message_type\":\"latest\",\"payload\":{\"title\":\"" + "t".repeat(180) + "\"}}}]\r\n|\r\n";
    }

    /** {@code lines} Link header lines of about {@code size} bytes each, preloads as Discourse sends them. */
    private static String[] links(int lines, int size) {
        String[] result = new String[lines];
        for (int l = 0; l < lines; l++) {
            int line = l;
            String preloads = IntStream.range(0, size / 60 + 1).mapToObj(i -> "</assets/chunk." + line + "-" + i
                    + ".js>; rel=preload; as=script").collect(Collectors.joining(", "));
            result[l] = "Link: " + preloads.substring(0, preloads.lastIndexOf(", ", size));
        }
        return result;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

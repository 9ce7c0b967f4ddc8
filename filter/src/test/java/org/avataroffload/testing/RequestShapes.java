package org.avataroffload.testing;

import static org.avataroffload.testing.RequestShape.HOST;
import static org.avataroffload.testing.RequestShape.of;
import static org.avataroffload.testing.RequestShape.request;
import static org.avataroffload.testing.RequestShape.upload;
import static org.avataroffload.testing.RequestShape.withBody;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The requests a Discourse forum sees, each with a plain answer from the forum: page loads, API calls with odd
 * targets, every method, cookies up to the size nginx's Discourse config accepts, uploads up to 200 MB. The forum's
 * odd answers are in {@link ResponseShapes}. Names are stable: reports and commits refer to them.
 */
public final class RequestShapes {
    static final String USER_AGENT = "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36";
    private static final String[] CHROME_PAGE = {HOST, "Connection: keep-alive",
            "sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"",
            "sec-ch-ua-mobile: ?0", "sec-ch-ua-platform: \"Linux\"", "Upgrade-Insecure-Requests: 1", USER_AGENT,
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
                    + "application/signed-exchange;v=b3;q=0.7",
            "Sec-Fetch-Site: none", "Sec-Fetch-Mode: navigate", "Sec-Fetch-User: ?1", "Sec-Fetch-Dest: document",
            "Accept-Encoding: gzip, deflate, br, zstd", "Accept-Language: en-US,en;q=0.9,de;q=0.8",
            "Cookie: _t=5f2e1c0a9b; _forum_session=c2Vzc2lvbg%3D%3D--a1b2c3"};
    private static final Answer PAGE = Answer.fixed("HTTP/1.1 200 OK", List.of("Content-Type: text/html; charset=utf-8",
            "Cache-Control: no-cache, no-store", "Vary: Accept", "X-Discourse-Route: list/latest",
            "Referrer-Policy: strict-origin-when-cross-origin", "X-Frame-Options: SAMEORIGIN"),
            "<!DOCTYPE html><html><head><title>Forum</title></head><body>Grüße</body></html>".getBytes(StandardCharsets.UTF_8));
    /** Echoes nothing: the upstream's record is what counts for these shapes. */
    private static final Answer JSON = json("HTTP/1.1 200 OK", "{\"topic_list\":{\"topics\":[]}}");

    private RequestShapes() {
    }

    /** Every shape, requests first, then the forum's odd answers. */
    public static List<RequestShape> all() {
        return Stream.of(pages(), targets(), methods(), headers(), uploads(), ResponseShapes.all())
                .flatMap(List::stream).toList();
    }

    static Answer json(String statusLine, String body, String... more) {
        List<String> lines = new ArrayList<>(List.of("Content-Type: application/json; charset=utf-8",
                "Cache-Control: no-cache, no-store"));
        lines.addAll(List.of(more));
        return Answer.fixed(statusLine, lines, body.getBytes(StandardCharsets.UTF_8));
    }

    static String[] api(String... more) {
        return Stream.concat(Stream.of(HOST, USER_AGENT, "Accept: application/json, text/javascript, */*; q=0.01",
                "X-Requested-With: XMLHttpRequest", "Discourse-Present: true", "Accept-Encoding: gzip, deflate, br",
                "Cookie: _t=5f2e1c0a9b; _forum_session=c2Vzc2lvbg%3D%3D--a1b2c3"), Stream.of(more))
                .toArray(String[]::new);
    }

    private static List<RequestShape> pages() {
        return List.of(
                of("page-home-chrome", request("GET / HTTP/1.1", CHROME_PAGE), PAGE),
                of("page-topic-chrome", request("GET /t/welcome-to-discourse/7 HTTP/1.1", CHROME_PAGE), PAGE),
                of("page-latest-json", request("GET /latest.json?no_definitions=true&page=1 HTTP/1.1", api()), JSON),
                of("http10-with-host", request("GET /about HTTP/1.0", HOST, USER_AGENT), PAGE),
                of("http10-without-host", request("GET /about HTTP/1.0", USER_AGENT), PAGE),
                of("http10-keep-alive", request("GET /about HTTP/1.0", HOST, "Connection: keep-alive"), PAGE),
                of("client-connection-close", request("GET /latest.json HTTP/1.1", api("Connection: close")), JSON));
    }

    private static List<RequestShape> targets() {
        return List.of(
                of("query-bad-percent", request("GET /search.json?x=%zz HTTP/1.1", api()), JSON),
                of("query-plus-for-space", request("GET /search.json?q=a+b HTTP/1.1", api()), JSON),
                of("query-encoded-unicode", request("GET /search?q=%E6%97%A5%E6%9C%AC&page=2 HTTP/1.1", api()), JSON),
                of("query-raw-brackets", request("GET /tags.json?tags[]=a&tags[]=b HTTP/1.1", api()), JSON),
                of("query-empty", request("GET /latest.json? HTTP/1.1", api()), JSON),
                of("query-6k", request("GET /search.json?q=" + "x".repeat(6 * 1024) + " HTTP/1.1", api()), JSON),
                of("path-semicolon", request("GET /t/topic;jsessionid=1/12.json HTTP/1.1", api()), JSON),
                of("path-encoded-slash", request("GET /t/a%2Fb/1 HTTP/1.1", api()), JSON),
                of("path-unicode-slug", request("GET /t/%E6%97%A5%E6%9C%AC/12 HTTP/1.1", api()), JSON),
                of("path-umlaut-user", request("GET /u/J%C3%BCrgen HTTP/1.1", api()), JSON),
                of("path-double-slash", request("GET //latest HTTP/1.1", api()), JSON),
                of("path-dot-segment", request("GET /t/x/../latest HTTP/1.1", api()), JSON),
                of("path-encoded-space", request("GET /tag/hello%20world HTTP/1.1", api()), JSON),
                of("path-letter-avatar-proxy",
                        request("GET /letter_avatar_proxy/v4/letter/j/8e7dd6/48.png HTTP/1.1", HOST, USER_AGENT,
                                "Accept: image/avif,image/webp,*/*"),
                        Answer.fixed("HTTP/1.1 200 OK", List.of("Content-Type: image/png",
                                "Cache-Control: max-age=31556952, public, immutable"), new byte[] {(byte) 0x89, 'P', 'N', 'G'})));
    }

    private static List<RequestShape> methods() {
        String form = "login=j%C3%BCrgen&password=s3cr%26t&second_factor_method=1";
        String post = "{\"raw\":\"Grüße aus Köln 🎉\",\"topic_id\":12}";
        return List.of(
                of("post-form-login", withBody("POST /session HTTP/1.1", form, api("Content-Type: application/x-www-form-urlencoded; charset=UTF-8",
                        "X-CSRF-Token: k1xGq-3fQ", "Origin: https://forum.example.com")), json("HTTP/1.1 200 OK", "{\"user\":{}}",
                        "Set-Cookie: _t=abc; path=/; expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly; SameSite=Lax")),
                of("post-json-utf8", withBody("POST /posts.json HTTP/1.1", post, api("Content-Type: application/json; charset=UTF-8")), JSON),
                of("post-empty-body", withBody("POST /topics/timings HTTP/1.1", "", api()), JSON),
                of("put-json", withBody("PUT /t/12.json HTTP/1.1", "{\"title\":\"New\"}", api("Content-Type: application/json")), JSON),
                of("patch-json", withBody("PATCH /u/bob.json HTTP/1.1", "{\"name\":\"Bob\"}", api("Content-Type: application/json")), JSON),
                of("delete-no-body", request("DELETE /posts/5 HTTP/1.1", api()), JSON),
                of("options-cors-preflight", request("OPTIONS /latest.json HTTP/1.1", HOST, "Origin: https://app.example.org",
                        "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: content-type,x-csrf-token"),
                        Answer.of(Answer.write("HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: https://app.example.org\r\n"
                                + "Access-Control-Allow-Methods: GET, POST, PUT, DELETE\r\nAccess-Control-Max-Age: 7200\r\n\r\n"))),
                of("head-topic", request("HEAD /t/welcome/7 HTTP/1.1", HOST, USER_AGENT), Answer.of(Answer.write(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5120\r\n\r\n"))),
                of("conditional-304", request("GET /site.json HTTP/1.1", api("If-None-Match: W/\"5a1b\"",
                        "If-Modified-Since: Wed, 21 Oct 2015 07:28:00 GMT")), Answer.of(Answer.write(
                        "HTTP/1.1 304 Not Modified\r\nETag: W/\"5a1b\"\r\nCache-Control: no-cache\r\n\r\n"))));
    }

    private static List<RequestShape> headers() {
        return List.of(
                of("client-x-real-ip-and-xff", request("GET /latest.json HTTP/1.1", api("X-Real-IP: 203.0.113.9",
                        "X-Forwarded-For: 198.51.100.7, 10.0.0.1")), JSON),
                of("client-via", request("GET /latest.json HTTP/1.1", api("Via: 1.1 corporate-proxy")), JSON),
                of("client-forwarded", request("GET /latest.json HTTP/1.1", api("Forwarded: for=192.0.2.60;proto=https")), JSON),
                of("client-te-trailers", request("GET /latest.json HTTP/1.1", api("TE: trailers")), JSON),
                of("client-upgrade-h2c", request("GET /latest.json HTTP/1.1", api("Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__")), JSON),
                of("header-name-case", request("GET /latest.json HTTP/1.1", api("x-CUSTOM-header: Value", "discourse-logged-in: true")), JSON),
                of("header-value-spaces", request("GET /latest.json HTTP/1.1", api("X-Padded:    spaced  value   ")), JSON),
                of("header-repeated", request("GET /latest.json HTTP/1.1", api("Accept-Language: de", "Accept-Language: en;q=0.5")), JSON),
                of("header-utf8-value", request("GET /latest.json HTTP/1.1", api("X-User-Name: Jürgen Ørsted")), JSON),
                of("header-80-lines", request("GET /latest.json HTTP/1.1", api(IntStream.range(0, 80)
                        .mapToObj(i -> "X-Extra-" + i + ": value-" + i).toArray(String[]::new))), JSON),
                of("cookie-4k", request("GET /latest.json HTTP/1.1", api(cookie(4 * 1024))), JSON),
                of("cookie-8k", request("GET /latest.json HTTP/1.1", api(cookie(8 * 1024))), JSON),
                of("cookie-16k", request("GET /latest.json HTTP/1.1", api(cookie(16 * 1024))), JSON),
                of("cookie-3-lines-of-10k", request("GET /latest.json HTTP/1.1",
                        api(cookie(10 * 1024), cookie(10 * 1024), cookie(10 * 1024))), JSON),
                // beyond large_client_header_buffers 4 32k: nginx answers with its own 400 page
                of("cookie-40k", request("GET /latest.json HTTP/1.1", api(cookie(40 * 1024))), JSON).answeredByFront());
    }

    private static List<RequestShape> uploads() {
        String multipart = "Content-Type: multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";
        Answer accepted = json("HTTP/1.1 200 OK", "{\"id\":42,\"url\":\"/uploads/default/original/1X/a.png\"}");
        Answer continueThenRead = Answer.of(Answer.write("HTTP/1.1 100 Continue\r\n\r\n"), Answer.readBody(),
                Answer.write("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 8\r\n\r\n{\"id\":1}"));
        Answer refuseUnread = Answer.of(Answer.leaveBodyUnread(), Answer.write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json; "
                + "charset=utf-8\r\nContent-Length: 27\r\nConnection: close\r\n\r\n{\"errors\":[\"too big\"]}     "), Answer.close());
        return List.of(
                of("upload-2mb", upload("POST /uploads.json?client_id=abc HTTP/1.1", 2 << 20, false, false, api(multipart)), accepted),
                of("upload-200mb", upload("POST /uploads.json HTTP/1.1", 200L << 20, false, false, api(multipart)), accepted)
                        .patience(Duration.ofSeconds(30)),
                of("upload-chunked-300k", upload("POST /uploads.json HTTP/1.1", 300 * 1024, true, false, api(multipart)), accepted),
                of("upload-expect-continue", upload("POST /uploads.json HTTP/1.1", 2 << 20, false, true, api(multipart)), continueThenRead),
                of("upload-expect-continue-413-unread",
                        upload("POST /uploads.json HTTP/1.1", 2 << 20, false, true, api(multipart)), refuseUnread),
                of("upload-413-unread", upload("POST /uploads.json HTTP/1.1", 2 << 20, false, false, api(multipart)), refuseUnread));
    }

    /** One Cookie line of about {@code size} bytes, made of name=value pairs like a forum's domain collects. */
    static String cookie(int size) {
        String pairs = IntStream.range(0, size / 64 + 1).mapToObj(i -> "c" + i + "=" + "v".repeat(56))
                .collect(Collectors.joining("; "));
        return "Cookie: " + pairs.substring(0, Math.min(pairs.length(), size - 8));
    }
}

package org.avataroffload.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ExchangeDiffTest {
    private static final String HEAD = "GET /t/a%2Fb/1 HTTP/1.1\r\nHost: forum.example.com\r\nCookie: _t=1\r\n"
            + "X-Forwarded-For: 127.0.0.1\r\n\r\n";

    @Test
    void sameExchanges_differOnlyInSetAsideHeaders_reportNothing() {
        ExchangeDiff.Exchange nginx = exchange(HEAD, "HTTP/1.1 200 OK", List.of("Server: nginx", "Date: Mon, 01 Jan 2024",
                "Content-Type: text/html; charset=utf-8", "Connection: keep-alive", "X-Accel-Buffering: no"), 10);
        ExchangeDiff.Exchange ours = exchange(HEAD.replace("127.0.0.1", "127.0.0.1, 10.0.0.1"), "HTTP/1.1 200 OK",
                List.of("Date: Tue, 02 Jan 2024", "Content-Type: text/html; charset=utf-8"), 10);

        assertThat(ExchangeDiff.differences("same", ExchangeDiff.Check.FULL, nginx, ours, List.of(), 100)).isEmpty();
    }

    @Test
    void differentExchanges_reportEveryDifference_namedByShapeAndSide() {
        ExchangeDiff.Exchange nginx = exchange(HEAD, "HTTP/1.1 200 Okay",
                List.of("Content-Type: text/html; charset=utf-8", "Set-Cookie: a=1", "Set-Cookie: b=2"), 10);
        ExchangeDiff.Exchange ours = exchange(HEAD.replace("Cookie: _t=1\r\n", "").replace("%2F", "/"), "HTTP/1.1 200 OK",
                List.of("Content-Type: text/html;charset=utf-8", "Set-Cookie: a=1", "Via: 1.1 jetty"), 12);

        assertThat(ExchangeDiff.differences("cookie-16k", ExchangeDiff.Check.FULL, nginx, ours, List.of(), 100))
                .containsExactly(
                        "shape 'cookie-16k': upstream request line nginx 'GET /t/a%2Fb/1 HTTP/1.1' vs ours 'GET /t/a/b/1 HTTP/1.1'",
                        "shape 'cookie-16k': upstream request header 'Cookie' missing in ours: nginx ['Cookie: _t=1']",
                        "shape 'cookie-16k': client status line nginx 'HTTP/1.1 200 Okay' vs ours 'HTTP/1.1 200 OK'",
                        "shape 'cookie-16k': client header line nginx 'Content-Type: text/html; charset=utf-8' vs ours "
                                + "'Content-Type: text/html;charset=utf-8'",
                        "shape 'cookie-16k': client header 'Set-Cookie': nginx 2 line(s) ['Set-Cookie: a=1', 'Set-Cookie: b=2'] "
                                + "vs ours 1 line(s) ['Set-Cookie: a=1']",
                        "shape 'cookie-16k': client header 'Via' only in ours: ['Via: 1.1 jetty']",
                        "shape 'cookie-16k': client body nginx 10 bytes starting 'xxxxxxxxxx' vs ours 12 bytes starting "
                                + "'xxxxxxxxxxxx'");
    }

    @Test
    void theOrderOfOneNamesLines_counts_theOrderOfDifferentNamesDoesNot() {
        ExchangeDiff.Exchange nginx = exchange(HEAD, "HTTP/1.1 200 OK", List.of("A: 1", "B: 2", "A: 3"), 0);
        ExchangeDiff.Exchange reordered = exchange(HEAD, "HTTP/1.1 200 OK", List.of("B: 2", "A: 1", "A: 3"), 0);
        ExchangeDiff.Exchange swapped = exchange(HEAD, "HTTP/1.1 200 OK", List.of("A: 3", "B: 2", "A: 1"), 0);

        assertThat(ExchangeDiff.differences("order", ExchangeDiff.Check.FULL, nginx, reordered, List.of(), 100))
                .isEmpty();
        assertThat(ExchangeDiff.differences("order", ExchangeDiff.Check.FULL, nginx, swapped, List.of(), 100))
                .containsExactly("shape 'order': client header line nginx 'A: 1' vs ours 'A: 3'",
                        "shape 'order': client header line nginx 'A: 3' vs ours 'A: 1'");
    }

    @Test
    void streamedPieceLaterThanTheSlack_isReported_earlierIsNot() {
        ExchangeDiff.Exchange nginx = streamed(List.of(new BodyDigest.Piece(5, 100), new BodyDigest.Piece(1500, 200)));
        ExchangeDiff.Exchange late = streamed(List.of(new BodyDigest.Piece(1601, 200)));
        ExchangeDiff.Exchange early = streamed(List.of(new BodyDigest.Piece(3, 150), new BodyDigest.Piece(1400, 200)));

        assertThat(ExchangeDiff.differences("poll", ExchangeDiff.Check.FULL, nginx, late, List.of(100L, 200L), 100))
                .containsExactly("shape 'poll': streamed body byte 100 reached the client 5 ms after the request through "
                                + "nginx, 1601 ms through ours (allowed: 100 ms later)",
                        "shape 'poll': streamed body byte 200 reached the client 1500 ms after the request through "
                                + "nginx, 1601 ms through ours (allowed: 100 ms later)");
        assertThat(ExchangeDiff.differences("poll", ExchangeDiff.Check.FULL, nginx, early, List.of(100L, 200L), 100))
                .isEmpty();
    }

    @Test
    void frontsOwnAnswers_compareTheStatusClassAndThatNothingWentUpstream() {
        ExchangeDiff.Exchange nginx = new ExchangeDiff.Exchange(List.of(), response("HTTP/1.1 400 Bad Request", List.of(), 0, List.of()));
        ExchangeDiff.Exchange ours431 = new ExchangeDiff.Exchange(List.of(), response("HTTP/1.1 431 Too Large", List.of(), 0, List.of()));
        ExchangeDiff.Exchange ours200 = exchange(HEAD, "HTTP/1.1 200 OK", List.of(), 0);

        assertThat(ExchangeDiff.differences("big", ExchangeDiff.Check.FRONT_ANSWERS, nginx, ours431, List.of(), 100)).isEmpty();
        assertThat(ExchangeDiff.differences("big", ExchangeDiff.Check.FRONT_ANSWERS, nginx, ours200, List.of(), 100))
                .containsExactly("shape 'big': upstream received 0 request(s) through nginx, 1 through ours: ours "
                                + "['GET /t/a%2Fb/1 HTTP/1.1']",
                        "shape 'big': client status class nginx 4xx ('HTTP/1.1 400 Bad Request') vs ours 2xx ('HTTP/1.1 200 OK')");
    }

    @Test
    void noFinalAnswerThroughOurs_isReportedEvenWhenNginxHasNoneEither_andNginxsHangIsNotCopied() {
        RawClient.Response none = new RawClient.Response(List.of(), null, List.of(), 0, "x", new byte[0], List.of(),
                "no more bytes within the idle bound");
        ExchangeDiff.Exchange nginxHangs = new ExchangeDiff.Exchange(List.of(), none);
        ExchangeDiff.Exchange oursHangs = new ExchangeDiff.Exchange(List.of(), none);
        ExchangeDiff.Exchange oursAnswers = new ExchangeDiff.Exchange(List.of(), response("HTTP/1.1 200 OK", List.of(), 2, List.of()));

        assertThat(ExchangeDiff.differences("103", ExchangeDiff.Check.FULL, nginxHangs, oursHangs, List.of(), 100))
                .containsExactly("shape '103': client got no final answer through ours (no more bytes within the idle "
                        + "bound), nor through nginx");
        assertThat(ExchangeDiff.differences("103", ExchangeDiff.Check.FULL, nginxHangs, oursAnswers, List.of(), 100)).isEmpty();
        assertThat(ExchangeDiff.nginxAnswered(nginxHangs)).isFalse();
    }

    private static ExchangeDiff.Exchange streamed(List<BodyDigest.Piece> pieces) {
        return new ExchangeDiff.Exchange(List.of(), response("HTTP/1.1 200 OK", List.of(), 0, pieces));
    }

    private static ExchangeDiff.Exchange exchange(String upstreamHead, String statusLine, List<String> headerLines,
                                                  int bodyLength) {
        Wire.Head head = Wire.Head.parse(upstreamHead.getBytes(StandardCharsets.ISO_8859_1));
        RecordingUpstream.Received upstreamRequest = new RecordingUpstream.Received(1, 0, head, 0, "e3b0c44298fc1c149afb", true);
        return new ExchangeDiff.Exchange(List.of(upstreamRequest), response(statusLine, headerLines, bodyLength, List.of()));
    }

    private static RawClient.Response response(String statusLine, List<String> headerLines, int bodyLength,
                                               List<BodyDigest.Piece> pieces) {
        byte[] body = "x".repeat(bodyLength).getBytes(StandardCharsets.US_ASCII);
        return new RawClient.Response(List.of(), statusLine, headerLines, bodyLength, "sha-of-" + bodyLength, body, pieces,
                "complete");
    }
}

package org.avataroffload.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One kind of request a forum sees, with the forum's answer to it: sent through two fronts and compared.
 *
 * @param streamedMarks body offsets at which the forum paused: when each reaches the client is compared
 * @param patience      how long the client waits for the next byte before calling the front stuck
 */
public record RequestShape(String name, RawClient.Request clientRequest, Answer upstreamAnswer,
                           ExchangeDiff.Check check, List<Long> streamedMarks, Duration patience) {
    static final String HOST = "Host: forum.example.com";
    private static final Duration PATIENCE = Duration.ofSeconds(3);
    /** Longer than the longest scripted stream (3 pieces 1.5 s apart), so a front that buffers it still answers. */
    private static final Duration STREAM_PATIENCE = Duration.ofSeconds(5);

    static RequestShape of(String name, RawClient.Request clientRequest, Answer upstreamAnswer) {
        return new RequestShape(name, clientRequest, upstreamAnswer, ExchangeDiff.Check.FULL, List.of(), PATIENCE);
    }

    /** The front answers itself (its own error page): compared on the status class and that nothing went upstream. */
    RequestShape answeredByFront() {
        return new RequestShape(name, clientRequest, upstreamAnswer, ExchangeDiff.Check.FRONT_ANSWERS, streamedMarks,
                patience);
    }

    /** Checks when each mark arrives; the client waits out a whole stream held back by a buffering front. */
    RequestShape streamed(List<Long> marks) {
        return new RequestShape(name, clientRequest, upstreamAnswer, check, List.copyOf(marks), STREAM_PATIENCE);
    }

    RequestShape patience(Duration longer) {
        return new RequestShape(name, clientRequest, upstreamAnswer, check, streamedMarks, longer);
    }

    /** A request head: the request line, the given header lines, CRLF after each, the empty line. */
    static String head(String requestLine, List<String> headerLines) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        return head.append("\r\n").toString();
    }

    static RawClient.Request request(String requestLine, String... headerLines) {
        return RawClient.Request.of(head(requestLine, List.of(headerLines)));
    }

    /** A request with a generated body of {@code length} bytes, sent with Content-Length or chunked. */
    static RawClient.Request upload(String requestLine, long length, boolean chunked, boolean expectContinue,
                                    String... headerLines) {
        List<String> lines = new ArrayList<>(List.of(headerLines));
        lines.add(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + length);
        if (expectContinue) lines.add("Expect: 100-continue");
        return new RawClient.Request(head(requestLine, lines).getBytes(StandardCharsets.UTF_8), length, chunked,
                expectContinue);
    }

    /** A request with a small literal body and its Content-Length. */
    static RawClient.Request withBody(String requestLine, String body, String... headerLines) {
        List<String> lines = new ArrayList<>(List.of(headerLines));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        lines.add("Content-Length: " + bytes.length);
        return RawClient.Request.of(head(requestLine, lines) + body);
    }

    /** A streamed answer: the head, then each piece (chunked or close-delimited) with a pause before all but the first. */
    static Answer streamedAnswer(String head, List<String> pieces, long pauseMillis, boolean chunked) {
        List<Answer.Step> steps = new ArrayList<>();
        steps.add(Answer.write(head));
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) steps.add(Answer.pause(pauseMillis));
            byte[] piece = pieces.get(i).getBytes(StandardCharsets.UTF_8);
            steps.add(Answer.write(chunked ? Integer.toHexString(piece.length) + "\r\n" + pieces.get(i) + "\r\n"
                    : pieces.get(i)));
        }
        steps.add(chunked ? Answer.write("0\r\n\r\n") : Answer.close());
        return new Answer(steps);
    }

    /** Body offsets at which each piece ends. */
    static List<Long> marks(List<String> pieces) {
        List<Long> marks = new ArrayList<>();
        long end = 0;
        for (String piece : pieces) marks.add(end += piece.getBytes(StandardCharsets.UTF_8).length);
        return marks;
    }
}

package org.avataroffload.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@link RecordingUpstream} does with one request, step by step: the bytes it writes are written verbatim (the
 * test controls status line, header lines, framing, interim responses), so the forum can answer any way a real one
 * might. Without a {@link ReadBody} (or {@link LeaveBodyUnread}) step the request body is read before the first step.
 */
public record Answer(List<Step> steps) {
    public sealed interface Step permits Write, Pause, ReadBody, LeaveBodyUnread, Close {
    }

    /** Writes these bytes and flushes. */
    public record Write(byte[] bytes) implements Step {
    }

    /** Waits, as a forum thinking or a long poll holding its answer does. */
    public record Pause(long millis) implements Step {
    }

    /** Reads the request body here, not before the first step (to answer before reading an upload). */
    public record ReadBody() implements Step {
    }

    /** Marks an answer that never reads the request body (it answers and closes, as a forum refusing an upload). */
    public record LeaveBodyUnread() implements Step {
    }

    /** Ends the connection: output shut, what the front still sends drained for a bounded while, then closed. */
    public record Close() implements Step {
    }

    public Answer {
        steps = List.copyOf(steps);
    }

    public static Answer of(Step... steps) {
        return new Answer(List.of(steps));
    }

    public static Write write(String text) {
        return new Write(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Write write(byte[] bytes) {
        return new Write(bytes.clone());
    }

    public static Pause pause(long millis) {
        return new Pause(millis);
    }

    public static ReadBody readBody() {
        return new ReadBody();
    }

    public static LeaveBodyUnread leaveBodyUnread() {
        return new LeaveBodyUnread();
    }

    public static Close close() {
        return new Close();
    }

    /** A complete response: the head as given (CRLF after each line) plus Content-Length, then the body. */
    public static Answer fixed(String statusLine, List<String> headerLines, byte[] body) {
        StringBuilder head = new StringBuilder(statusLine).append("\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return of(new Write(all));
    }

    boolean readsBodyInAStep() {
        return steps.stream().anyMatch(s -> s instanceof ReadBody || s instanceof LeaveBodyUnread);
    }
}

package org.avataroffload.proxy;

import java.io.IOException;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes one piece of the forum's body at a time to the client by non-blocking I/O, and flushes it, so it leaves now
 * rather than when the container's buffer fills or the answer ends. The next piece is asked of the forum only once
 * this one is out (the callback), so a slow client slows the forum's stream instead of filling memory.
 */
final class FlushingWriter implements WriteListener {
    private enum Step { IDLE, WRITE, FLUSH, DONE }

    private final HttpServletRequest clientRequest;
    private final Response upstreamResponse;
    private Step step = Step.IDLE;
    private byte[] buffer;
    private int offset;
    private int length;
    private Callback callback;

    FlushingWriter(HttpServletRequest clientRequest, Response upstreamResponse) {
        this.clientRequest = clientRequest;
        this.upstreamResponse = upstreamResponse;
    }

    void data(byte[] bytes, int from, int count, Callback done) {
        if (step != Step.IDLE) throw new IllegalStateException("a piece is still being written: " + step);
        buffer = bytes;
        offset = from;
        length = count;
        callback = done;
        step = Step.WRITE;
    }

    /** Each step runs once the output is ready; where it is not, the container calls again when it is. */
    @Override
    public void onWritePossible() throws IOException {
        ServletOutputStream clientOutput = clientRequest.getAsyncContext().getResponse().getOutputStream();
        if (step == Step.WRITE) {
            step = Step.FLUSH;
            clientOutput.write(buffer, offset, length);
            if (!clientOutput.isReady()) return;
        }
        if (step == Step.FLUSH) {
            step = Step.DONE;
            clientOutput.flush();
            if (!clientOutput.isReady()) return;
        }
        if (step == Step.DONE) {
            Callback done = callback;
            buffer = null;
            callback = null;
            step = Step.IDLE; // before the callback, which may hand over the next piece at once
            done.succeeded();
        }
    }

    @Override
    public void onError(Throwable failure) {
        upstreamResponse.abort(failure);
    }
}

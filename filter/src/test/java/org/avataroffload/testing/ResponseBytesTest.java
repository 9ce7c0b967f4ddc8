package org.avataroffload.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The load tools' response framing: whole only once the body's last byte is in, however the bytes arrive. */
class ResponseBytesTest {
    @Test
    void contentLength_wholeOnlyWithTheLastByte() {
        ResponseBytes response = arrived("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc");
        assertThat(response.complete(false)).isFalse();
        append(response, "de");
        assertThat(response.complete(false)).isTrue();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.keepAlive()).isTrue();
    }

    @Test
    void chunked_wholeAtTheLastChunk_evenWhenASizeLineIsSplit() {
        ResponseBytes response = arrived("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[{}]\r\n1");
        assertThat(response.complete(false)).isFalse();
        append(response, "0\r\n0123456789abcdef\r\n0\r\n");
        assertThat(response.complete(false)).isFalse();
        append(response, "\r\n");
        assertThat(response.complete(false)).isTrue();
        assertThat(response.keepAlive()).isTrue();
    }

    @Test
    void noLength_wholeWhenThePeerCloses_andNotKeptAlive() {
        ResponseBytes response = arrived("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n<html>");
        assertThat(response.complete(false)).isFalse();
        assertThat(response.complete(true)).isTrue();
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.keepAlive()).isFalse();
    }

    @Test
    void noContent_wholeAtTheHead() {
        assertThat(arrived("HTTP/1.1 204 No Content\r\n\r\n").complete(false)).isTrue();
    }

    private static ResponseBytes arrived(String bytes) {
        ResponseBytes response = new ResponseBytes();
        append(response, bytes);
        return response;
    }

    private static void append(ResponseBytes response, String bytes) {
        response.append(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }
}

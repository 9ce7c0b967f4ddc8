package org.avataroffload.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamResponseTest {
    private final UpstreamResponse response = new UpstreamResponse(200, List.of(
            Map.entry("Set-Cookie", "a=1"),
            Map.entry("Content-Type", "image/png"),
            Map.entry("set-cookie", "b=2")), new byte[] {1, 2});

    @Test
    void header_isTheFirstValue_caseInsensitive() {
        assertThat(response.header("SET-COOKIE")).contains("a=1");
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void headers_keepsEveryValueInOrder() {
        assertThat(response.headers("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.headers("ETag")).isEmpty();
    }

    @Test
    void equality_comparesBodyBytes() {
        UpstreamResponse same = new UpstreamResponse(200, response.headers(), new byte[] {1, 2});

        assertThat(same).isEqualTo(response).hasSameHashCodeAs(response);
        assertThat(same.toString()).contains("2 bytes");
    }
}

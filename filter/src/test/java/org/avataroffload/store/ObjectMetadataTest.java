package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectMetadataTest {

    @Test
    void builders_addWithoutChangingTheOriginal() {
        ObjectMetadata plain = ObjectMetadata.of("image/png");

        ObjectMetadata full = plain.withCacheControl("max-age=60").withUser("b", "2").withUser("a", "1").withUser("b", "3");

        assertThat(plain).isEqualTo(new ObjectMetadata("image/png", Optional.empty(), Map.of()));
        assertThat(full.cacheControl()).contains("max-age=60");
        assertThat(full.user()).containsExactly(Map.entry("a", "1"), Map.entry("b", "3"));
        assertThatThrownBy(() -> full.user().put("c", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void userKeys_atTheLimits_areAccepted() {
        String longest = "k".repeat(ObjectMetadata.MAX_USER_KEY);

        assertThat(ObjectMetadata.of("image/png").withUser(longest, "v").withUser("0-9", "").user())
                .containsOnlyKeys(longest, "0-9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "tab\there", "caf\u00e9", " leading", "trailing ", "nul\0"})
    void userValues_thatAreNotPrintableAscii_areRefused(String value) {
        assertThatThrownBy(() -> ObjectMetadata.of("image/png").withUser("k", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user metadata value of k")
                .hasMessageNotContaining("\n");
    }

    @Test
    void userValues_over512_areRefused_512IsAccepted() {
        assertThat(ObjectMetadata.of("image/png").withUser("k", "v".repeat(512)).user().get("k")).hasSize(512);
        assertThatThrownBy(() -> ObjectMetadata.of("image/png").withUser("k", "v".repeat(513)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512");
    }

    @Test
    void userMetadata_over2KbInAll_isRefused_2KbIsAccepted() {
        ObjectMetadata metadata = ObjectMetadata.of("image/png");
        for (int i = 0; i < 4; i++) metadata = metadata.withUser("k" + i, "v".repeat(510)); // 2048 exactly
        ObjectMetadata full = metadata;

        assertThatThrownBy(() -> full.withUser("x", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2048");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " image/png", "image/png\r\nX-Evil: 1", "image/\u00e9"})
    void contentTypes_thatCannotBeAHeader_areRefused(String contentType) {
        assertThatThrownBy(() -> ObjectMetadata.of(contentType)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectMetadata.of("image/png").withCacheControl(contentType))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullContentType_isRefused() {
        assertThatThrownBy(() -> ObjectMetadata.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("content type");
    }

    @Test
    void lenient_keepsWhatFits_andDropsWhatAnotherWriterLeftOutsideTheRules() {
        Map<String, String> user = new HashMap<>();
        user.put("Mixed-Case", "kept, lower-cased");
        user.put("under_score", "dropped");
        user.put("accent", "caf\u00e9");

        ObjectMetadata read = ObjectMetadata.lenient(null, "bad\nvalue", user);

        assertThat(read).isEqualTo(ObjectMetadata.of("application/octet-stream").withUser("mixed-case", "kept, lower-cased"));
    }

    @Test
    void sidecarFormat_roundTrips_andSkipsLinesItDoesNotKnow() {
        ObjectMetadata metadata = ObjectMetadata.of("image/png").withCacheControl("a=b, c=d").withUser("x", "1=2")
                .withUser("empty", "");

        String text = new String(MetadataSidecar.format(metadata, "0123456789abcdef0123456789abcdef"),
                java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(MetadataSidecar.parse(text)).isEqualTo(metadata);
        assertThat(MetadataSidecar.parse("future-field=1\n" + text + "garbage\n")).isEqualTo(metadata);
        assertThat(MetadataSidecar.parse("")).isEqualTo(ObjectMetadata.of("application/octet-stream"));
    }
}

package org.avataroffload.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.ValueKind;
import org.avataroffload.image.Encoding;
import org.avataroffload.image.ImageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Discourse's URL semantics, as the value kinds of conf/discourse.yml give them. */
class ValueKindsTest {
    static final RouteConfig DISCOURSE = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96, 144, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png",
            Map.of("hostname", ValueKind.HOSTNAME, "username", ValueKind.USERNAME, "version", ValueKind.UPLOAD),
            OutputFormat.SOURCE, OptionalInt.empty(), false, Optional.empty());
    static final RouteConfig LETTER_PROXY = new RouteConfig("letter_avatar_proxy",
            "/letter_avatar_proxy/{v}/letter/{letter}/{color}/{size}.png", "{v}/{letter}/{color}", List.of(24, 48, 360),
            "/letter_avatar_proxy/{v}/letter/{letter}/{color}/{size}.png",
            Map.of("letter", ValueKind.USERNAME, "color", ValueKind.HEX), OutputFormat.SOURCE, OptionalInt.empty(), false, Optional.empty());
    private final Routes routes = new Routes(List.of(DISCOURSE, LETTER_PROXY));

    private String keyOf(String path) {
        return routes.match(path, null).orElseThrow(() -> new AssertionError(path + " did not match")).key();
    }

    @Test
    void anUploadWithoutVersion_andWithTheCurrentOne_shareOneMaster() {
        assertThat(keyOf("/user_avatar/h/sam/48/42.png")).isEqualTo("h/sam/42_2");
        assertThat(keyOf("/user_avatar/h/sam/48/42_2.png")).isEqualTo("h/sam/42_2");
        assertThat(keyOf("/user_avatar/h/sam/48/042_2.png")).isEqualTo("h/sam/42_2");
    }

    @Test
    void theSourceAndRedirects_useTheNormalisedForm_asTheForumsOwnRedirectDoes() {
        AvatarRequest request = routes.match("/user_avatar/Forum.Example.com/SAM/50/42.png", null).orElseThrow();

        assertThat(request.route().sourcePath(request)).isEqualTo("/user_avatar/forum.example.com/sam/288/42_2.png");
        assertThat(request.route().pathAt(request, 48)).isEqualTo("/user_avatar/forum.example.com/sam/48/42_2.png");
    }

    @ParameterizedTest(name = "version {0} goes to the forum")
    @ValueSource(strings = {"42_3", "42_1", "42_", "42_x", "x_2", "_2", "42_2_2", "1234567890123456789_2"})
    void anyOtherVersionOrForm_goesToTheForum(String version) {
        assertThat(routes.match("/user_avatar/h/sam/48/" + version + ".png", null)).isEmpty();
    }

    @Test
    void usernames_areDecodedOnceAndLowerCased() {
        assertThat(keyOf("/user_avatar/h/Sam/48/1.png")).isEqualTo(keyOf("/user_avatar/h/sam/48/1.png"))
                .isEqualTo(keyOf("/user_avatar/h/SAM/48/1.png")).isEqualTo("h/sam/1_2");
        AvatarRequest unicode = routes.match("/user_avatar/h/L%C3%96WE/48/1.png", null).orElseThrow();
        assertThat(unicode.values().get("username")).isEqualTo("löwe");
        assertThat(unicode.key()).isEqualTo("h/l%C3%B6we/1_2");
        assertThat(keyOf("/user_avatar/h/L%C3%B6we/48/1.png")).isEqualTo(unicode.key());
        // combining marks are word characters in Discourse's alphabet (e + U+0301)
        assertThat(keyOf("/user_avatar/h/e%CC%81mile/48/1.png")).isEqualTo("h/e%CC%81mile/1_2");
    }

    @ParameterizedTest(name = "username {0} goes to the forum")
    @ValueSource(strings = {"sam%20smith", "sam+smith", "sam%40home", "sam~", "%F0%9F%98%80", ".sam", "sa..m",
        "a123456789012345678901234567890123456789012345678901234567890"})
    void usernamesOutsideDiscoursesAlphabet_goToTheForum(String username) {
        assertThat(routes.match("/user_avatar/h/" + username + "/48/1.png", null)).isEmpty();
    }

    @Test
    void hostnames_areAsciiAndLowerCased() {
        assertThat(keyOf("/user_avatar/Forum.EXAMPLE.com/sam/48/1.png")).isEqualTo("forum.example.com/sam/1_2");
        assertThat(routes.match("/user_avatar/f%C3%B6rum.example/sam/48/1.png", null)).isEmpty();
    }

    @CsvSource({"8C91F0, 8c91f0", "abc, abc"})
    @ParameterizedTest
    void colours_areHexAndLowerCased(String color, String normalised) {
        assertThat(keyOf("/letter_avatar_proxy/v4/letter/S/" + color + "/48.png")).isEqualTo("v4/s/" + normalised);
    }

    @Test
    void aColourThatIsNotHex_goesToTheForum() {
        assertThat(routes.match("/letter_avatar_proxy/v4/letter/s/xyz/48.png", null)).isEmpty();
        assertThat(routes.match("/letter_avatar_proxy/v4/letter/s/123456789/48.png", null)).isEmpty();
    }

    @Test
    void webp_isNegotiatedOnlyWhereTheRouteSaysSo_andOnlyWhenAcceptNamesIt() {
        RouteConfig negotiating = new RouteConfig("n", "/n/{id}/{size}.png", "{id}", List.of(48), "/n/{id}/{size}.png",
                Map.of(), OutputFormat.SOURCE, OptionalInt.of(75), true, Optional.empty());
        Routes both = new Routes(List.of(negotiating, DISCOURSE));
        String browser = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";

        assertThat(both.match("/n/a/48.png", browser).orElseThrow().encoding())
                .isEqualTo(Encoding.of(ImageFormat.WEBP).withQuality(75));
        assertThat(both.match("/n/a/48.png", "image/*,*/*").orElseThrow().encoding()).isEqualTo(Encoding.SOURCE.withQuality(75));
        assertThat(both.match("/n/a/48.png", "image/webp;q=0").orElseThrow().encoding()).isEqualTo(Encoding.SOURCE.withQuality(75));
        assertThat(both.match("/n/a/48.png", null).orElseThrow().route().variesByAccept()).isTrue();
        AvatarRequest plain = both.match("/user_avatar/h/sam/48/1.png", browser).orElseThrow();
        assertThat(plain.encoding()).isEqualTo(Encoding.SOURCE);
        assertThat(plain.route().variesByAccept()).isFalse();
    }

    @Test
    void theEncoding_isPartOfTheSizeKey() {
        RouteConfig negotiating = new RouteConfig("n", "/n/{id}/{size}.png", "{id}", List.of(48), "/n/{id}/{size}.png",
                Map.of(), OutputFormat.JPEG, OptionalInt.empty(), true, Optional.empty());
        Routes one = new Routes(List.of(negotiating));

        assertThat(one.match("/n/a/48.png", "image/webp").orElseThrow().sizeKey()).isEqualTo("n/a/48/webp");
        assertThat(one.match("/n/a/48.png", "*/*").orElseThrow().sizeKey()).isEqualTo("n/a/48/jpg");
    }
}

package org.avataroffload.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Import's view of a route: key values given as text (a manifest cell, a file name), and file paths read by a pattern. */
class KeyPatternTest {
    private final Route route = new Route(ValueKindsTest.DISCOURSE);

    @Test
    void keyFor_normalisesAsAUrlDoes_soAnImportLandsWhereRequestsLook() {
        String fromUrl = new Routes(java.util.List.of(ValueKindsTest.DISCOURSE))
                .match("/user_avatar/Forum.Example.com/Sam/48/42.png", null).orElseThrow().key();

        assertThat(route.keyFor(Map.of("hostname", "Forum.Example.com", "username", "Sam", "version", "42")))
                .isEqualTo(fromUrl).isEqualTo("forum.example.com/sam/42_2");
    }

    @Test
    void keyFor_takesUnicodeTextAsItIs_andPercentEncodedAsciiAsAUrlValue() {
        String unicode = route.keyFor(Map.of("hostname", "h", "username", "Löwe", "version", "7"));
        String encoded = route.keyFor(Map.of("hostname", "h", "username", "L%C3%B6we", "version", "7"));

        assertThat(unicode).isEqualTo(encoded).isEqualTo("h/l%C3%B6we/7_2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "..", ".hidden", "x/y", "Lö%41we", "", "%2e%2e"})
    void keyFor_refusesAValueThatFitsNoKind_namingThePlaceholder(String username) {
        assertThatThrownBy(() -> route.keyFor(Map.of("hostname", "h", "username", username, "version", "7")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{username}");
    }

    @Test
    void keyFor_refusesAMissingValue() {
        assertThatThrownBy(() -> route.keyFor(Map.of("hostname", "h", "version", "7")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value for {username}");
    }

    @Test
    void match_readsDirectoriesAndTheFileName_withAnyExtension() {
        KeyPattern pattern = KeyPattern.parse("{hostname}/{username}/{version}.{ext}", route);

        assertThat(pattern.match("forum.example.com/sam/42_2.png")).hasValue(
                Map.of("hostname", "forum.example.com", "username", "sam", "version", "42_2"));
        assertThat(pattern.match("h/sam/42.jpeg")).hasValue(Map.of("hostname", "h", "username", "sam", "version", "42"));
        assertThat(pattern.match("h/john.smith/42.tar.gz")).hasValue(
                Map.of("hostname", "h", "username", "john.smith", "version", "42.tar"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h/sam/42", "h/sam/.png", "h/sam/42.", "sam/42.png", "a/h/sam/42.png", "h/sam/x/42.png"})
    void match_isEmptyForAPathThatDoesNotFit(String path) {
        KeyPattern pattern = KeyPattern.parse("{hostname}/{username}/{version}.{ext}", route);

        assertThat(pattern.match(path)).isEmpty();
    }

    @Test
    void match_withAFixedExtension_takesOnlyThat() {
        KeyPattern pattern = KeyPattern.parse("{hostname}/{username}_{version}.png", route);

        assertThat(pattern.match("h/sam_42.png")).hasValue(Map.of("hostname", "h", "username", "sam", "version", "42"));
        assertThat(pattern.match("h/sam_42.jpg")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{hostname}/{username}.{ext}", "{hostname}/{username}/{version}/{size}.{ext}",
            "{hostname}/{username}/{ext}/{version}", "/{hostname}/{username}/{version}.png",
            "{hostname}/{username}{version}.png", "{hostname}/{username}/{version}/{username}.png", ""})
    void parse_refusesAPatternThatDoesNotNameExactlyTheKey(String pattern) {
        assertThatThrownBy(() -> KeyPattern.parse(pattern, route)).isInstanceOf(IllegalArgumentException.class);
    }
}

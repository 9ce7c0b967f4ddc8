package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AdminTokenTest {
    private static final String TOKEN = "0123456789abcdef-token";
    private final AdminToken token = AdminToken.of(Optional.of(TOKEN));

    @Test
    void noToken_admitsEveryone() {
        AdminToken none = AdminToken.of(Optional.empty());

        assertThat(none.required()).isFalse();
        assertThat(none.admits(null)).isTrue();
        assertThat(none.admits("Bearer anything")).isTrue();
    }

    @Test
    void theRightBearerToken_isAdmitted_schemeInAnyCase() {
        assertThat(token.required()).isTrue();
        assertThat(token.admits("Bearer " + TOKEN)).isTrue();
        assertThat(token.admits("bearer " + TOKEN)).isTrue();
        assertThat(token.admits("Bearer  " + TOKEN + " ")).isTrue();
    }

    @Test
    void anythingElse_isNot() {
        assertThat(token.admits(null)).isFalse();
        assertThat(token.admits("")).isFalse();
        assertThat(token.admits("Bearer ")).isFalse();
        assertThat(token.admits(TOKEN)).isFalse();
        assertThat(token.admits("Basic " + TOKEN)).isFalse();
        assertThat(token.admits("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(token.admits("Bearer " + TOKEN + "x")).isFalse();
        assertThat(token.admits("Bearer " + TOKEN.toUpperCase())).isFalse();
    }
}

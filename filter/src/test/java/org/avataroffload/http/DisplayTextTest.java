package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayTextTest {
    @Test
    void utf8Escapes_areDecoded() {
        assertThat(DisplayText.decoded("forum.example.com/chlo%C3%A9/42_2")).isEqualTo("forum.example.com/chloé/42_2");
        assertThat(DisplayText.decoded("a%20b+c")).as("a plus stays a plus in a path").isEqualTo("a b+c");
    }

    @Test
    void plainText_isAsItIs() {
        assertThat(DisplayText.decoded("forum.example.com/sam/42_2")).isEqualTo("forum.example.com/sam/42_2");
        assertThat(DisplayText.decoded("chloé")).isEqualTo("chloé");
    }

    @Test
    void whatWouldNotBeFaithful_staysEscaped() {
        assertThat(DisplayText.decoded("bad%E9name")).as("Latin-1, not UTF-8").isEqualTo("bad%E9name");
        assertThat(DisplayText.decoded("cut%C3")).isEqualTo("cut%C3");
        assertThat(DisplayText.decoded("50%")).isEqualTo("50%");
        assertThat(DisplayText.decoded("x%zz")).isEqualTo("x%zz");
        assertThat(DisplayText.decoded("line%0Abreak")).isEqualTo("line%0Abreak");
        assertThat(DisplayText.decoded("rtl%E2%80%AEgnp")).as("a bidi override").isEqualTo("rtl%E2%80%AEgnp");
    }

    @Test
    void decodedMarkup_isStillEscapedByThePage() {
        assertThat(StatusPage.escape(DisplayText.decoded("%3Cscript%3E"))).isEqualTo("&lt;script&gt;");
    }
}

package org.avataroffload.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamTargetTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:3000/t/some%20topic/12?q=a%20b&x=%E2%9C%93&empty=&flag",
            "http://127.0.0.1:3000/search?q=a+b&tags[]=x&page=2",
            "http://127.0.0.1:3000/u/sam;x=1/activity?a=b?c:d@e/f",
            "http://[::1]:3000/",
            "http://127.0.0.1:3000/"})
    void aValidTarget_passesByteForByte(String target) {
        assertThat(UpstreamTarget.escapeIllegal(target)).isSameAs(target);
    }

    @Test
    void whatUriRefuses_isPercentEncoded_asABrowserWould() {
        assertThat(UpstreamTarget.escapeIllegal("http://h:1/j/fxg?;a\"b^c`d<e>f{g}h|i\\j"))
                .isEqualTo("http://h:1/j/fxg?;a%22b%5Ec%60d%3Ce%3Ef%7Bg%7Dh%7Ci%5Cj");
        assertThat(UpstreamTarget.escapeIllegal("http://h:1/p[1]/ü?x=%&y=%4&z=%41%zz"))
                .isEqualTo("http://h:1/p%5B1%5D/%C3%BC?x=%25&y=%254&z=%41%25zz");
        assertThat(UpstreamTarget.escapeIllegal("http://h:1/a#b?c#d")).isEqualTo("http://h:1/a%23b?c%23d");
        assertThat(UpstreamTarget.escapeIllegal("http://h:1/😀")).isEqualTo("http://h:1/%F0%9F%98%80");
    }

    @Test
    void theResult_isAlwaysAUri() {
        String nasty = "http://h:1/j/fxg?;hm%2e%2e\"%CC%81İX1^1K2>..]d1b`.%2et%%% \t\u0000";
        assertThatCode(() -> new URI(UpstreamTarget.escapeIllegal(nasty))).doesNotThrowAnyException();
    }
}

package org.avataroffload.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressFormatTest {
    private final Progress halfway = new Progress("import", 1000, 450, 2, Duration.ofSeconds(10));

    @Test
    void bar_showsTheBarCountsRateAndEta_withinTheWidth() {
        String line = ProgressFormat.bar(halfway, 80);

        assertThat(line).isEqualTo("import [############----------------]  450/1000  45%  2 failed  45.0/s  ETA 0:12");
        assertThat(line.length()).isLessThanOrEqualTo(80);
    }

    @Test
    void bar_onANarrowTerminal_dropsTheBar() {
        assertThat(ProgressFormat.bar(halfway, 50)).doesNotContain("[").hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void plain_isOneLineForALog() {
        assertThat(ProgressFormat.plain(halfway)).isEqualTo("import: 450/1000 (45%), 2 failed, 45.0/s, ETA 0:12");
    }

    @Test
    void beforeTheFirstItem_thereIsNoEta_andAtTheEndItIsZero() {
        assertThat(ProgressFormat.plain(new Progress("warm", 10, 0, 0, Duration.ZERO))).endsWith("0.0/s, ETA -");
        assertThat(ProgressFormat.plain(new Progress("warm", 10, 10, 0, Duration.ofSeconds(1)))).endsWith("ETA 0:00");
    }

    @Test
    void duration_inSecondsUnderAMinute_elseAsAClock() {
        assertThat(ProgressFormat.duration(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
        assertThat(ProgressFormat.duration(Duration.ofSeconds(3 * 3600 + 65))).isEqualTo("3:01:05");
    }
}

package org.avataroffload.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopAvatarsTest {
    @Test
    void top_isMostRequestedFirst_tiesInKeyOrder_boundedByN() {
        TopAvatars top = new TopAvatars(100);
        for (int i = 0; i < 5; i++) top.count("user_avatar/h/alice/1_2/48/source");
        for (int i = 0; i < 2; i++) top.count("user_avatar/h/bob/2_2/48/source");
        for (int i = 0; i < 2; i++) top.count("user_avatar/h/anna/3_2/96/source");
        top.count("user_avatar/h/carol/4_2/48/source");

        assertThat(top.top(3)).containsExactly(
                new TopAvatars.Entry("user_avatar/h/alice/1_2/48/source", 5),
                new TopAvatars.Entry("user_avatar/h/anna/3_2/96/source", 2),
                new TopAvatars.Entry("user_avatar/h/bob/2_2/48/source", 2));
    }

    @Test
    void aFullCounter_keepsTheFrequentKey() {
        TopAvatars top = new TopAvatars(50);
        for (int round = 0; round < 20; round++) {
            top.count("frequent");
            for (int i = 0; i < 50; i++) top.count("once-" + round + "-" + i);
        }

        assertThat(top.top(1)).extracting(TopAvatars.Entry::sizeKey).containsExactly("frequent");
    }

    @Test
    void capacity_mustBePositive() {
        assertThatThrownBy(() -> new TopAvatars(0)).hasMessageContaining("capacity must be at least 1, got 0");
    }
}

package org.avataroffload.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The labels are what access logs, dashboards and alerts already match on: they never change. */
class LabelsTest {
    @Test
    void tiers() {
        assertThat(Arrays.stream(Tier.values()).map(Tier::label))
                .containsExactly("memory", "disk", "store", "generated", "located");
    }

    @Test
    void requestOutcomes() {
        assertThat(Arrays.stream(RequestOutcome.values()).map(RequestOutcome::label))
                .containsExactly("hit", "miss", "redirect", "relay", "passthrough", "busy", "admin");
    }

    @Test
    void masterSources() {
        assertThat(Arrays.stream(MasterSource.values()).map(MasterSource::label))
                .containsExactly("upstream", "store", "fallback");
    }

    @Test
    void aSizeMadeHereIsAMiss_everyOtherTierAHit() {
        assertThat(Tier.GENERATED.outcome()).isEqualTo(RequestOutcome.MISS);
        assertThat(Tier.MEMORY.outcome()).isEqualTo(RequestOutcome.HIT);
        assertThat(Tier.STORE.outcome()).isEqualTo(RequestOutcome.HIT);
    }
}

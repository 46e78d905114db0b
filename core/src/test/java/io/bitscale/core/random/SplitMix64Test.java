package io.bitscale.core.random;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitMix64Test {

    @Test
    void splitMix64MatchesTheReferenceAndSplittableRandom() {
        // First output of Vigna's splitmix64.c from state 0.
        assertThat(new SplitMix64(0).nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            SplitMix64 ours = new SplitMix64(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(ours.nextLong()).as("seed %d draw %d", seed, i).isEqualTo(jdk.nextLong());
            }
        }
    }

    @Test
    void boundedDrawsStayInRange() {
        SplitMix64 random = new SplitMix64(3);
        for (int bound : new int[] {1, 2, 3, 1000, Integer.MAX_VALUE}) {
            for (int i = 0; i < 1000; i++) {
                assertThat(random.nextInt(bound)).isBetween(0, bound - 1);
            }
        }
        assertThatThrownBy(() -> random.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void doublesAreUniformOnTheUnitInterval() {
        SplitMix64 random = new SplitMix64(9);
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {
            double u = random.nextDouble();
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            sum += u;
        }
        assertThat(sum / 100_000).isBetween(0.495, 0.505);
    }
}

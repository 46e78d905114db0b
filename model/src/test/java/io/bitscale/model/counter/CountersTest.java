package io.bitscale.model.counter;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CountersTest {

    private static double cost(int p1, int bit) {
        return -Math.log((bit != 0 ? p1 : 65536 - p1) / 65536.0) / Math.log(2);
    }

    @Test
    void ktAndLaplaceStayWithinTheirRegretBounds() {
        Random random = new Random(11);
        for (double theta : new double[] {0.02, 0.3, 0.5, 0.9}) {
            int n = 20000;
            long zeros = 0;
            long ones = 0;
            double kt = 0;
            double laplace = 0;
            for (int i = 0; i < n; i++) {
                int bit = random.nextDouble() < theta ? 1 : 0;
                kt += cost(Estimators.kt(zeros, ones), bit);
                laplace += cost(Estimators.laplace(zeros, ones), bit);
                if (bit != 0) {
                    ones++;
                } else {
                    zeros++;
                }
            }
            double q = ones / (double) n;
            double best = n * (q == 0 || q == 1 ? 0 : -(q * Math.log(q) + (1 - q) * Math.log(1 - q)) / Math.log(2));
            // 16-bit rounding adds a little; allow 0.5% of n on top of the theoretical bound
            assertThat(kt - best).as("KT regret at theta %s", theta).isLessThan(0.5 * Math.log(n) / Math.log(2) + 1 + 0.005 * n);
            assertThat(laplace - best).as("Laplace regret at theta %s", theta).isLessThan(Math.log(n + 1) / Math.log(2) + 0.005 * n);
        }
    }

    @Test
    void shiftBitTracksTheRate() {
        int p = ShiftBit.INITIAL;
        for (int i = 0; i < 200; i++) {
            p = ShiftBit.update(p, 1, 4);
        }
        assertThat(ShiftBit.p1(p)).isGreaterThan(65000);
        for (int i = 0; i < 200; i++) {
            p = ShiftBit.update(p, 0, 4);
        }
        assertThat(ShiftBit.p1(p)).isLessThan(600).isGreaterThanOrEqualTo(1);
    }

    @Test
    void bitHistoriesCountAndStayInAByte() {
        assertThat(BitHistory.STATES).isLessThanOrEqualTo(256);
        int state = 0;
        for (int i = 0; i < 5; i++) {
            state = BitHistory.next(state, 1);
        }
        assertThat(BitHistory.ones(state)).isEqualTo(5);
        assertThat(BitHistory.zeros(state)).isZero();
        state = BitHistory.next(state, 0);
        assertThat(BitHistory.zeros(state)).isEqualTo(1);
        assertThat(BitHistory.ones(state)).isEqualTo(3);   // 5 halved: n/2 + 1
        for (int s = 0; s < BitHistory.STATES; s++) {
            for (int bit = 0; bit < 2; bit++) {
                assertThat(BitHistory.next(s, bit)).isBetween(1, BitHistory.STATES - 1);
            }
        }
    }
}

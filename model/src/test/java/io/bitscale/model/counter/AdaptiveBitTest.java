package io.bitscale.model.counter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.data.Offset.offset;

/** The count-adaptive counter: always a legal probability, counting to its limit, converging to the frequency. */
class AdaptiveBitTest {

    @Provide
    Arbitrary<List<Integer>> bitSequences() {
        Arbitrary<List<Integer>> random = Arbitraries.integers().between(0, 1).list().ofMaxSize(5000);
        Arbitrary<List<Integer>> runs = Arbitraries.integers().between(0, 1)
                .flatMap(bit -> Arbitraries.just(bit).list().ofMinSize(1000).ofMaxSize(5000));
        return Arbitraries.oneOf(random, runs);
    }

    @Property(tries = 300)
    void p1StaysInRangeAndCountsToTheLimit(@ForAll("bitSequences") List<Integer> bits,
                                           @ForAll @IntRange(min = 1, max = 1023) int limit) {
        int cell = AdaptiveBit.INITIAL;
        assertThat(AdaptiveBit.p1(cell)).isEqualTo(32768);
        int updates = 0;
        for (int bit : bits) {
            cell = AdaptiveBit.update(cell, bit, limit);
            updates++;
            int p1 = AdaptiveBit.p1(cell);
            int p22 = AdaptiveBit.p22(cell);
            if (p1 < 1 || p1 > 65535 || p22 < 0 || p22 >= 1 << 22 || AdaptiveBit.count(cell) != Math.min(updates, limit)) {
                fail("after %d updates: p1 %d, p22 %d, count %d (limit %d)", updates, p1, p22,
                        AdaptiveBit.count(cell), limit);
            }
        }
    }

    @Property(tries = 50)
    void convergesTowardTheEmpiricalFrequency(@ForAll @DoubleRange(min = 0.02, max = 0.98) double q,
                                              @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int cell = AdaptiveBit.INITIAL;
        int ones = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            int bit = random.nextDouble() < q ? 1 : 0;
            ones += bit;
            cell = AdaptiveBit.update(cell, bit, 1023);
        }
        double estimate = AdaptiveBit.p22(cell) / (double) (1 << 22);
        // After the cap the counter is a moving average over ~1000 bits: std <= 0.016.
        assertThat(estimate).isCloseTo(ones / (double) n, offset(0.07));
    }

    /**
     * Before the cap, rate {@code 1/(n + 1.5)} from 1/2 makes the estimate exactly (up to integer
     * rounding) the additive estimator {@code (ones + 1/4) / (n + 1/2)}: Dirichlet(1/4, 1/4).
     * (The class Javadoc calls it "close to the KT estimator", which is Dirichlet(1/2, 1/2).)
     */
    @Property(tries = 100)
    void beforeTheCapTheEstimateIsAnAdditiveEstimator(@ForAll("bitSequences") List<Integer> bits) {
        int cell = AdaptiveBit.INITIAL;
        int ones = 0;
        int n = 0;
        for (int bit : bits) {
            if (n == 1023) {
                break;
            }
            cell = AdaptiveBit.update(cell, bit, 1023);
            ones += bit;
            n++;
            double expected = (ones + 0.25) / (n + 0.5);
            double actual = AdaptiveBit.p22(cell) / (double) (1 << 22);
            if (Math.abs(actual - expected) > 1e-3) {
                fail("after %d bits, %d ones: %f, expected %f", n, ones, actual, expected);
            }
        }
    }

    @Example
    void aSmallLimitTracksChangesFaster() {
        int slow = AdaptiveBit.INITIAL;
        int fast = AdaptiveBit.INITIAL;
        for (int i = 0; i < 2000; i++) {
            slow = AdaptiveBit.update(slow, 1, 1023);
            fast = AdaptiveBit.update(fast, 1, 20);
        }
        for (int i = 0; i < 40; i++) {
            slow = AdaptiveBit.update(slow, 0, 1023);
            fast = AdaptiveBit.update(fast, 0, 20);
        }
        assertThat(AdaptiveBit.p1(fast)).isLessThan(AdaptiveBit.p1(slow) / 2);
        assertThat(AdaptiveBit.p1(fast)).isLessThan(32768);
        assertThat(AdaptiveBit.p1(slow)).isGreaterThan(60000);
    }

    /**
     * Long runs push the counter to the ends of the scale without leaving it. The ends are not
     * symmetric: the update rounds toward minus infinity, so a run of zeros reaches p1 = 1
     * while a run of ones stops where {@code (target - p) · rate < 2^16}, at p1 = 65519 with the
     * largest limit (a 0 then costs 11.9 bits rather than 16; a run of ones 0.0004 bits a bit).
     */
    @Example
    void longRunsSaturateWithoutLeavingTheRange() {
        int zeros = AdaptiveBit.INITIAL;
        int ones = AdaptiveBit.INITIAL;
        for (int i = 0; i < 100_000; i++) {
            zeros = AdaptiveBit.update(zeros, 0, 1023);
            ones = AdaptiveBit.update(ones, 1, 1023);
        }
        assertThat(AdaptiveBit.p1(zeros)).isEqualTo(1);
        assertThat(AdaptiveBit.p1(ones)).isEqualTo(65519);
        int fastOnes = AdaptiveBit.INITIAL;
        for (int i = 0; i < 10_000; i++) {
            fastOnes = AdaptiveBit.update(fastOnes, 1, 1);
        }
        assertThat(AdaptiveBit.p1(fastOnes)).isBetween(65500, 65535);
    }
}

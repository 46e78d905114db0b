package io.bitscale.core.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Cdf}: exact totals, no zero widths, shares in proportion, and validation. */
class CdfTest {

    @Provide
    Arbitrary<List<Long>> frequencies() {
        Arbitrary<Long> one = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 10)),
                Tuple.of(3, Arbitraries.longs().between(0, 1L << 20)),
                Tuple.of(1, Arbitraries.longs().between(0, 1L << 40)),
                Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)),
                Tuple.of(1, Arbitraries.just(0L)));
        return one.list().ofMinSize(1).ofMaxSize(600);
    }

    @Property(tries = 250)
    void fromFrequenciesHitsTheTotalExactlyWithNoZeroWidths(@ForAll("frequencies") List<Long> counts,
                                                             @ForAll @IntRange(min = 0, max = 24) int totalBits,
                                                             @ForAll @IntRange(min = 0, max = 1 << 24) int extra) {
        int n = counts.size();
        long[] frequencies = counts.stream().mapToLong(Long::longValue).toArray();
        int total = (int) Math.min(1 << 24, Math.max(n, (1L << totalBits) - (extra % 2 == 0 ? 0 : extra % (1 << totalBits))));
        int[] cdf = new int[n + 1];
        Cdf.fromFrequencies(frequencies, n, total, cdf);
        assertThat(cdf[0]).isZero();
        assertThat(cdf[n]).as("exact total").isEqualTo(total);
        for (int s = 0; s < n; s++) {
            assertThat(cdf[s + 1] - cdf[s]).as("width of symbol %d", s).isPositive();
        }
        Cdf.validate(cdf, n);
        // Shares: every symbol but the one receiving the rounding remainder gets exactly
        // 1 + floor(f · (total - n) / Σf); the remainder goes to one symbol of largest frequency.
        BigInteger sum = counts.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
        long maxFrequency = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        long spare = total - n;
        int favoured = 0;
        for (int s = 0; s < n; s++) {
            long expected = sum.signum() == 0 ? spare / n
                    : BigInteger.valueOf(frequencies[s]).multiply(BigInteger.valueOf(spare)).divide(sum).longValueExact();
            long width = cdf[s + 1] - cdf[s];
            if (width != 1 + expected) {
                favoured++;
                assertThat(width).as("symbol %d gets the remainder", s).isGreaterThan(1 + expected);
                assertThat(frequencies[s]).as("only a most frequent symbol gets the remainder").isEqualTo(maxFrequency);
            }
        }
        assertThat(favoured).isLessThanOrEqualTo(1);
    }

    @Example
    void fromFrequenciesHandlesCountsWhoseSumOverflowsALong() {
        long[] frequencies = {Long.MAX_VALUE, Long.MAX_VALUE, 1};
        int[] cdf = new int[4];
        Cdf.fromFrequencies(frequencies, 3, 1 << 16, cdf);
        Cdf.validate(cdf, 3);
        assertThat(cdf[3]).isEqualTo(1 << 16);
        assertThat(cdf[1]).as("the two huge counts share the table").isBetween(32760, 32770);
    }

    @Example
    void fromFrequenciesRejectsBadArguments() {
        int[] cdf = new int[4];
        assertThatThrownBy(() -> Cdf.fromFrequencies(new long[] {1, 2, 3}, 3, 2, cdf)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cdf.fromFrequencies(new long[] {1, 2, 3}, 3, (1 << 24) + 1, cdf))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cdf.fromFrequencies(new long[] {1, -2, 3}, 3, 100, cdf))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    }

    @Property(tries = 300)
    void fromProbabilitiesIsExactAndComplete(@ForAll("probabilities") List<Double> weights,
                                             @ForAll @IntRange(min = 10, max = 24) int totalBits) {
        int n = weights.size();
        double[] probabilities = weights.stream().mapToDouble(Double::doubleValue).toArray();
        int[] cdf = new int[n + 1];
        Cdf.fromProbabilities(probabilities, n, totalBits, cdf);
        Cdf.validate(cdf, n);
        assertThat(cdf[n]).isEqualTo(1 << totalBits);
    }

    @Provide
    Arbitrary<List<Double>> probabilities() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.doubles().between(0, 1)),
                Tuple.of(1, Arbitraries.just(0.0)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1e300))).list().ofMinSize(1).ofMaxSize(300);
    }

    @Example
    void fromProbabilitiesRejectsNonProbabilities() {
        int[] cdf = new int[3];
        for (double bad : new double[] {Double.NaN, -0.5, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Cdf.fromProbabilities(new double[] {0.5, bad}, 2, 16, cdf))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Cdf.fromProbabilities(new double[] {0.5, 0.5}, 2, 25, cdf))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void validateNamesTheFirstViolation() {
        assertThatThrownBy(() -> Cdf.validate(new int[] {1, 2, 3}, 2)).hasMessageContaining("cdf[0] = 1");
        assertThatThrownBy(() -> Cdf.validate(new int[] {0, 2, 2, 5}, 3)).hasMessageContaining("symbol 1 has width 0");
        assertThatThrownBy(() -> Cdf.validate(new int[] {0, 5, 3}, 2)).hasMessageContaining("symbol 1 has width -2");
        assertThatThrownBy(() -> Cdf.validate(new int[] {0, 1, (1 << 24) + 1}, 2)).hasMessageContaining("exceeds 2^24");
        assertThatThrownBy(() -> Cdf.validate(new int[] {0, 1}, 2)).hasMessageContaining("needs 3");
        Cdf.validate(new int[] {0, 1, 1 << 24}, 2);
    }

    @Example
    void probabilityConversionIsTheOnePlaceFloatsBecomeFixedPoint() {
        assertThat(Probability.fromDouble(0.5)).isEqualTo(32768);
        assertThat(Probability.fromDouble(0)).isEqualTo(1);
        assertThat(Probability.fromDouble(1)).isEqualTo(65535);
        assertThat(Probability.fromDouble(-3)).isEqualTo(1);
        assertThat(Probability.fromDouble(Double.NaN)).isEqualTo(Probability.HALF);
        assertThat(Probability.fromDouble(1.5 / 65536)).as("round half to even").isEqualTo(2);
        assertThat(Probability.clamp(0)).isEqualTo(1);
        assertThat(Probability.clamp(70000)).isEqualTo(65535);
        assertThat(Probability.toDouble(16384)).isEqualTo(0.25);
    }
}

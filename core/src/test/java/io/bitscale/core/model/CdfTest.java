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

    /**
     * The definition {@link Cdf#fromProbabilities} had before its shares were computed with a
     * reciprocal: scale by {@code floor(p / Σp · 2^30)}, then {@link Cdf#fromFrequencies}.
     */
    private static void referenceFromProbabilities(double[] probabilities, int n, int totalBits, int[] cdf) {
        if (totalBits < 1 || totalBits > 24) {
            throw new IllegalArgumentException("totalBits " + totalBits + " outside [1, 24]");
        }
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double p = probabilities[s];
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("probability " + p + " for symbol " + s);
            }
            sum += p;
        }
        long[] scaled = new long[n];
        for (int s = 0; s < n; s++) {
            scaled[s] = sum > 0 ? (long) Math.floor(probabilities[s] / sum * (1 << 30)) : 1;
        }
        Cdf.fromFrequencies(scaled, n, 1 << totalBits, cdf);
    }

    /** Weight vectors that stress the scaling: softmax-like, sparse, one-hot, ties, tiny, huge. */
    @Provide
    Arbitrary<double[]> weightVectors() {
        Arbitrary<Double> one = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.doubles().between(0, 1)),
                Tuple.of(3, Arbitraries.doubles().between(-60, 0).map(Math::exp)),
                Tuple.of(2, Arbitraries.just(0.0)),
                Tuple.of(1, Arbitraries.of(1.0, 0.5, 0.25, 1.0 / 3, Math.ulp(1.0), Double.MIN_VALUE,
                        Double.MIN_NORMAL, 0x1p-30, 0x1p-31, 1 - 0x1p-53)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1e308)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1).map(x -> x * 1e-300)));
        Arbitrary<double[]> mixed = one.list().ofMinSize(1).ofMaxSize(600)
                .map(list -> list.stream().mapToDouble(Double::doubleValue).toArray());
        Arbitrary<double[]> softmax = Arbitraries.floats().between(-30, 30).list().ofSize(256).map(logits -> {
            double[] p = new double[256];
            double sum = 0;
            for (int s = 0; s < 256; s++) {
                p[s] = Math.exp(logits.get(s));
                sum += p[s];
            }
            for (int s = 0; s < 256; s++) {
                p[s] /= sum;
            }
            return p;
        });
        Arbitrary<double[]> oneHot = Arbitraries.integers().between(1, 300).flatMap(n -> Arbitraries.integers()
                .between(0, n - 1).map(hot -> {
                    double[] p = new double[n];
                    p[hot] = 1;
                    return p;
                }));
        Arbitrary<double[]> ties = Arbitraries.integers().between(1, 600).flatMap(n -> Arbitraries.of(1.0, 1e-3, 7.0,
                Double.MIN_VALUE, 1e308).map(v -> {
                    double[] p = new double[n];
                    java.util.Arrays.fill(p, v);
                    return p;
                }));
        return Arbitraries.frequencyOf(Tuple.of(5, mixed), Tuple.of(4, softmax), Tuple.of(1, oneHot),
                Tuple.of(1, ties));
    }

    @Property(tries = 2000)
    void fromProbabilitiesEqualsItsDefinition(@ForAll("weightVectors") double[] probabilities,
                                              @ForAll @IntRange(min = 1, max = 24) int totalBits) {
        int n = probabilities.length;
        int[] actual = new int[n + 1];
        int[] expected = new int[n + 1];
        IllegalArgumentException expectedError = null;
        try {
            referenceFromProbabilities(probabilities, n, totalBits, expected);
        } catch (IllegalArgumentException e) {
            expectedError = e;
        }
        if (expectedError != null) {
            assertThatThrownBy(() -> Cdf.fromProbabilities(probabilities, n, totalBits, actual))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(expectedError.getMessage());
            return;
        }
        Cdf.fromProbabilities(probabilities, n, totalBits, actual);
        assertThat(actual).as("the same table as the definition").containsExactly(expected);
    }

    @Example
    void fromProbabilitiesEqualsItsDefinitionAtTheEdges() {
        double[][] cases = {
            {1}, {0}, {0, 0, 0}, {1e308, 1e308, 1}, {Double.MIN_VALUE}, {Double.MIN_VALUE, 1},
            {1, 1, 1}, {1 - 0x1p-53, 0x1p-53}, {0.1, 0.2, 0.3, 0.4}, {Double.MAX_VALUE, Double.MAX_VALUE},
        };
        for (double[] p : cases) {
            for (int totalBits : new int[] {1, 2, 8, 16, 24}) {
                int n = p.length;
                if (n > 1 << totalBits) {
                    continue;
                }
                int[] actual = new int[n + 1];
                int[] expected = new int[n + 1];
                referenceFromProbabilities(p, n, totalBits, expected);
                Cdf.fromProbabilities(p, n, totalBits, actual);
                assertThat(actual).as("%s at %d bits", java.util.Arrays.toString(p), totalBits).containsExactly(expected);
            }
        }
        // Every table size that forces the smallest spare: n = total.
        double[] uniform = new double[256];
        java.util.Arrays.fill(uniform, 1.0 / 256);
        int[] actual = new int[257];
        int[] expected = new int[257];
        referenceFromProbabilities(uniform, 256, 8, expected);
        Cdf.fromProbabilities(uniform, 256, 8, actual);
        assertThat(actual).containsExactly(expected);
    }

    @Property(tries = 300)
    void fromProbabilitiesOfRowsEqualsOneCallPerRow(@ForAll @IntRange(min = 0, max = 11) int rows,
                                                    @ForAll @IntRange(min = 1, max = 300) int n,
                                                    @ForAll @IntRange(min = 9, max = 24) int totalBits,
                                                    @ForAll @IntRange(min = -1, max = 40) int badCell,
                                                    @ForAll long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[][] probabilities = new double[rows + 2][n];
        for (double[] row : probabilities) {
            for (int s = 0; s < n; s++) {
                int kind = random.nextInt(10);
                row[s] = kind == 0 ? 0 : kind == 1 ? random.nextDouble() * 1e300 : Math.exp(-40 * random.nextDouble());
            }
        }
        // Sometimes one invalid weight: both forms must fail on it, with the same rows filled before.
        if (badCell >= 0 && rows > 0) {
            double[] bad = {Double.NaN, -1e-9, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            probabilities[1 + badCell % rows][random.nextInt(n)] = bad[badCell % bad.length];
        }
        int[][] expected = new int[rows + 2][n + 1];
        int[][] actual = new int[rows + 2][n + 1];
        String expectedError = null;
        try {
            for (int r = 1; r <= rows; r++) {
                Cdf.fromProbabilities(probabilities[r], n, totalBits, expected[r]);
            }
        } catch (IllegalArgumentException e) {
            expectedError = e.getMessage();
        }
        String actualError = null;
        try {
            Cdf.fromProbabilities(probabilities, 1, rows + 1, n, totalBits, actual);
        } catch (IllegalArgumentException e) {
            actualError = e.getMessage();
        }
        assertThat(actualError).isEqualTo(expectedError);
        for (int r = 0; r < rows + 2; r++) {
            assertThat(actual[r]).as("row %d (rows outside [1, rows] untouched)", r).containsExactly(expected[r]);
        }
    }

    @Provide
    Arbitrary<long[]> shareArguments() {
        Arbitrary<Long> sums = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(1, 1000)),
                Tuple.of(3, Arbitraries.longs().between(1, 1L << 40)),
                Tuple.of(3, Arbitraries.longs().between(1L << 40, 1L << 55)),
                Tuple.of(1, Arbitraries.of(1L << 55, (1L << 54) + 1, (1L << 38) - 1, 3L)));
        return sums.flatMap(sum -> Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.longs().between(0, Math.min(sum, 1L << 31))),
                        Tuple.of(1, Arbitraries.just(Math.min(sum, 1L << 31))))
                .flatMap(f -> Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.longs().between(0, (1L << 24) - 1)),
                                Tuple.of(1, Arbitraries.of(0L, 1L, (1L << 24) - 1, (1L << 24) - 256)))
                        .map(spare -> new long[] {f, spare, sum})));
    }

    @Property(tries = 5000)
    void shareByReciprocalIsTheExactQuotient(@ForAll("shareArguments") long[] arguments) {
        long f = arguments[0];
        long spare = arguments[1];
        long sum = arguments[2];
        long exact = BigInteger.valueOf(f).multiply(BigInteger.valueOf(spare)).divide(BigInteger.valueOf(sum))
                .longValueExact();
        assertThat(Cdf.shareOf(f, spare, sum, 1.0 / sum)).isEqualTo(exact);
    }

    @Example
    void shareByReciprocalIsExactWhereTheQuotientIsNearAnInteger() {
        // Where f · spare / sum lies just below or just above an integer k, the rounded product
        // lands on the other side of k: both corrections of shareOf are needed there.
        java.util.SplittableRandom random = new java.util.SplittableRandom(15);
        int below = 0;
        int above = 0;
        for (int i = 0; i < 200_000; i++) {
            // Half of the cases with f · spare above 2^51, where one rounding can cross an integer.
            boolean large = random.nextBoolean();
            long f = large ? random.nextLong(1L << 29, (1L << 31) + 1) : 1 + random.nextLong(1L << (1 + random.nextInt(31)));
            long spare = large ? random.nextLong(1L << 22, 1L << 24) : 1 + random.nextLong((1L << 24) - 1);
            long x = f * spare;
            long k = 1 + random.nextLong(large ? Math.min(spare, 4) : spare); // small k: a gap of a few ulps
            long sum = random.nextBoolean() ? (x + k - 1) / k : x / k; // t = x / sum just below or above k
            if (sum < f || sum < 1 || sum > 1L << 55) {
                continue;
            }
            long exact = BigInteger.valueOf(x).divide(BigInteger.valueOf(sum)).longValueExact();
            long share = Cdf.shareOf(f, spare, sum, 1.0 / sum);
            assertThat(share).as("f=%d spare=%d sum=%d", f, spare, sum).isEqualTo(exact);
            long truncated = (long) (x * (1.0 / sum));
            below += truncated > exact ? 1 : 0;
            above += truncated < exact ? 1 : 0;
        }
        assertThat(below).as("cases where the product alone overshoots").isPositive();
        assertThat(above).as("cases where the product alone falls short").isPositive();
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

    @Example
    void aRowBuilderBuildsEveryCheckedRowFromItsIndexOrderSumAndNeverSeesABadOne() {
        double[][] rows = {{0.1, 0.2, 0.3}, {1, 2, 3}, {0.5, 0.25, 0.25}, {3, 0, 1}, {1e-300, 1, 1e300}, {2, -1, 1}};
        int[][] viaBuilder = new int[rows.length][4];
        int[][] direct = new int[rows.length][4];
        java.util.List<Double> sums = new java.util.ArrayList<>();
        Cdf.RowBuilder recording = (p, sum, n, bits, cdf) -> {
            sums.add(sum);
            Cdf.ROWS.build(p, sum, n, bits, cdf);
        };
        Cdf.fromProbabilities(rows, 0, 5, 3, 16, viaBuilder, recording);
        Cdf.fromProbabilities(rows, 0, 5, 3, 16, direct);
        assertThat(viaBuilder).isDeepEqualTo(direct);
        assertThat(sums).containsExactly(0.1 + 0.2 + 0.3, 6.0, 1.0, 4.0, 1e-300 + 1 + 1e300);
        sums.clear();
        assertThatThrownBy(() -> Cdf.fromProbabilities(rows, 2, 6, 3, 16, viaBuilder, recording))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("probability -1.0 for symbol 1");
        assertThat(sums).as("the rows before the bad one, in order").containsExactly(1.0, 4.0, 1e-300 + 1 + 1e300);
    }
}

package io.bitscale.core.huffman;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HuffmanCodeTest {

    /** The example in the class Javadoc, compiled. */
    @Test
    void javadocExample() {
        byte[] data = "abracadabra".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long[] counts = new long[256];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        long payloadBits = code.encodedBits(counts);
        double bitsPerByte = code.averageLength(counts);
        // a:5 b:2 r:2 c:1 d:1 -> lengths 1,3,3,3,3 (or an equivalent tree) cost 23 bits.
        assertThat(payloadBits).isEqualTo(23);
        assertThat(bitsPerByte).isCloseTo(23.0 / 11, within(1e-12));
    }

    @Test
    void emptyFrequenciesGiveTheEmptyCode() {
        HuffmanCode code = HuffmanCode.fromFrequencies(new long[256]);
        assertThat(code.symbolCount()).isZero();
        assertThat(code.maxLength()).isZero();
        assertThat(code.encodedBits(new long[256])).isZero();
        assertThat(code.averageLength(new long[256])).isZero();
    }

    @Test
    void singleSymbolGetsLengthOne() {
        long[] counts = new long[256];
        counts[200] = 1_000_000;
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        assertThat(code.length(200)).isEqualTo(1);
        assertThat(code.code(200)).isZero();
        assertThat(code.symbolCount()).isEqualTo(1);
        assertThat(code.encodedBits(counts)).isEqualTo(1_000_000);
        assertThat(HuffmanCode.fromLengths(code.lengths())).isEqualTo(code);
    }

    @Test
    void uniformFrequenciesGiveEightBitsEach() {
        long[] counts = new long[256];
        Arrays.fill(counts, 7);
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        for (int s = 0; s < 256; s++) {
            assertThat(code.length(s)).isEqualTo(8);
            assertThat(code.code(s)).isEqualTo(s);
        }
    }

    /** The textbook example (Cormen et al., 16.3): a:45 b:13 c:12 d:16 e:9 f:5 costs 224 bits. */
    @Test
    void textbookExample() {
        long[] counts = new long[256];
        counts['a'] = 45;
        counts['b'] = 13;
        counts['c'] = 12;
        counts['d'] = 16;
        counts['e'] = 9;
        counts['f'] = 5;
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        assertThat(code.encodedBits(counts)).isEqualTo(224);
        assertThat(new int[] {code.length('a'), code.length('b'), code.length('c'), code.length('d'),
                code.length('e'), code.length('f')}).containsExactly(1, 3, 3, 3, 4, 4);
        // Canonical: a=0, then the 3-bit codes in symbol order b,c,d = 100,101,110, then e,f.
        assertThat(new long[] {code.code('a'), code.code('b'), code.code('c'), code.code('d'),
                code.code('e'), code.code('f')}).containsExactly(0b0, 0b100, 0b101, 0b110, 0b1110, 0b1111);
    }

    @Test
    void tiesAreBrokenDeterministically() {
        long[] counts = new long[256];
        counts[10] = 1;
        counts[20] = 1;
        counts[30] = 2;
        counts[40] = 2;
        // 10 and 20 merge into a node of weight 2. Leaves win ties, so 30 and 40 merge next and
        // every length is 2; internal-first would give the equally cheap but deeper 3, 3, 2, 1.
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        assertThat(new int[] {code.length(10), code.length(20), code.length(30), code.length(40)})
                .containsExactly(2, 2, 2, 2);
        assertThat(HuffmanCode.fromFrequencies(counts)).isEqualTo(code);
    }

    /** Fibonacci counts give the deepest possible tree: 34 symbols would need 33 bits. */
    @Test
    void fibonacciFrequenciesAreLengthLimited() {
        long[] counts = fibonacciCounts(34);
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        assertThat(code.lengthLimited()).isTrue();
        // Halving the counts once breaks the Fibonacci chain: the rebuilt tree is 30 deep.
        assertThat(code.maxLength()).isBetween(20, HuffmanCode.MAX_LENGTH);
        assertThat(kraftSum(code)).isEqualTo(1.0);
        assertThat(code.symbolCount()).isEqualTo(34);
        // One symbol fewer fits exactly: depth 32, no rescaling.
        HuffmanCode fits = HuffmanCode.fromFrequencies(fibonacciCounts(33));
        assertThat(fits.lengthLimited()).isFalse();
        assertThat(fits.maxLength()).isEqualTo(32);
    }

    @Property(tries = 200)
    void anyLimitIsRespected(@ForAll("skewedCounts") long[] counts, @ForAll @IntRange(min = 8, max = 32) int limit) {
        HuffmanCode code = HuffmanCode.fromFrequencies(counts, limit);
        assertThat(code.maxLength()).isLessThanOrEqualTo(limit);
        if (code.symbolCount() >= 2) {
            assertThat(kraftSum(code)).isEqualTo(1.0);
        }
        for (int s = 0; s < 256; s++) {
            assertThat(code.length(s) > 0).isEqualTo(counts[s] > 0);
        }
    }

    @Test
    void hugeFrequenciesDoNotOverflow() {
        long[] counts = new long[256];
        Arrays.fill(counts, Long.MAX_VALUE / 3);
        counts[0] = Long.MAX_VALUE;
        counts[1] = 1;
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        assertThat(code.lengthLimited()).isTrue();
        assertThat(code.symbolCount()).isEqualTo(256);
        assertThat(kraftSum(code)).isEqualTo(1.0);
    }

    @Property(tries = 300)
    void kraftEqualityForTwoOrMoreSymbols(@ForAll("counts") long[] counts) {
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        if (code.symbolCount() >= 2) {
            assertThat(kraftSum(code)).isEqualTo(1.0);
        }
    }

    /** Entropy bound of an optimal prefix code: H <= L < H + 1, for two or more symbols. */
    @Property(tries = 300)
    void averageLengthIsWithinOneBitOfEntropy(@ForAll("counts") long[] counts) {
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        if (code.symbolCount() < 2) {
            return;
        }
        double entropy = entropy(counts);
        double average = code.averageLength(counts);
        assertThat(average).isGreaterThanOrEqualTo(entropy - 1e-9).isLessThan(entropy + 1);
    }

    /** Against every prefix code (all length vectors with Kraft sum <= 1) for up to 7 symbols. */
    @Property(tries = 200)
    void optimalAgainstBruteForce(@ForAll @Size(min = 2, max = 7) List<@IntRange(min = 1, max = 60) Integer> weights) {
        long[] counts = new long[256];
        for (int i = 0; i < weights.size(); i++) {
            counts[37 * i + 3] = weights.get(i);
        }
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        long best = bruteForceCost(weights.stream().mapToLong(Integer::longValue).toArray());
        assertThat(code.encodedBits(counts)).isEqualTo(best);
    }

    @Test
    void canonicalCodesArePrefixFreeAndOrdered() {
        long[] counts = new long[256];
        for (int s = 0; s < 256; s++) {
            counts[s] = 1 + (s * 7919L) % 1000;
        }
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        // Left-justified to 32 bits, codes sorted by (length, symbol) strictly increase and
        // each code's interval ends where the next one starts (complete and prefix-free).
        Integer[] order = new Integer[256];
        for (int s = 0; s < 256; s++) {
            order[s] = s;
        }
        Arrays.sort(order, (a, b) -> code.length(a) != code.length(b)
                ? Integer.compare(code.length(a), code.length(b)) : Integer.compare(a, b));
        long expectedStart = 0;
        for (int s : order) {
            long start = code.code(s) << (32 - code.length(s));
            assertThat(start).isEqualTo(expectedStart);
            expectedStart = start + (1L << (32 - code.length(s)));
        }
        assertThat(expectedStart).isEqualTo(1L << 32);
    }

    @Test
    void fromLengthsRejectsCodesThatAreNotComplete() {
        int[] lengths = new int[256];
        lengths[0] = 1;
        lengths[1] = 1;
        lengths[2] = 1;
        assertThatThrownBy(() -> HuffmanCode.fromLengths(lengths))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Kraft");
        lengths[2] = 0;
        lengths[1] = 2;
        assertThatThrownBy(() -> HuffmanCode.fromLengths(lengths))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below 1");
        lengths[1] = 0;
        lengths[0] = 2;
        assertThatThrownBy(() -> HuffmanCode.fromLengths(lengths))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single symbol");
        lengths[0] = 33;
        assertThatThrownBy(() -> HuffmanCode.fromLengths(lengths)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HuffmanCode.fromLengths(new int[255])).isInstanceOf(IllegalArgumentException.class);
        assertThat(HuffmanCode.fromLengths(new int[256]).symbolCount()).isZero();
    }

    @Test
    void rejectsBadFrequencies() {
        long[] counts = new long[256];
        counts[5] = -1;
        assertThatThrownBy(() -> HuffmanCode.fromFrequencies(counts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> HuffmanCode.fromFrequencies(new long[10])).isInstanceOf(IllegalArgumentException.class);
        long[] other = new long[256];
        other[1] = 3;
        HuffmanCode code = HuffmanCode.fromFrequencies(other);
        long[] unseen = new long[256];
        unseen[2] = 1;
        assertThatThrownBy(() -> code.encodedBits(unseen)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no code word");
    }

    // ---- helpers ---------------------------------------------------------------------------

    @Provide
    Arbitrary<long[]> counts() {
        Arbitrary<Long> count = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 20)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 100_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 1L << 40)));
        return count.array(long[].class).ofSize(256);
    }

    @Provide
    Arbitrary<long[]> skewedCounts() {
        // Geometric-ish counts: 2^e for random exponents, so deep trees are common.
        Arbitrary<Long> count = Arbitraries.integers().between(-10, 50)
                .map(e -> e < 0 ? 0L : 1L << e);
        return count.array(long[].class).ofSize(256);
    }

    static long[] fibonacciCounts(int symbols) {
        long[] counts = new long[256];
        long a = 1;
        long b = 1;
        for (int s = 0; s < symbols; s++) {
            counts[s] = a;
            long next = a + b;
            a = b;
            b = next;
        }
        return counts;
    }

    static double kraftSum(HuffmanCode code) {
        double sum = 0;
        for (int s = 0; s < 256; s++) {
            if (code.length(s) > 0) {
                sum += Math.scalb(1.0, -code.length(s));
            }
        }
        return sum;
    }

    static double entropy(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double bits = 0;
        for (long c : counts) {
            if (c > 0) {
                bits -= c * (Math.log(c / total) / Math.log(2));
            }
        }
        return bits / total;
    }

    /** Minimum of Σ w·L over all length vectors with Σ 2^-L <= 1 and L in [1, n - 1]. */
    private static long bruteForceCost(long[] weights) {
        return search(weights, 0, 0.0, 0);
    }

    private static long search(long[] weights, int index, double kraft, long cost) {
        if (kraft > 1.0) {
            return Long.MAX_VALUE;
        }
        if (index == weights.length) {
            return cost;
        }
        long best = Long.MAX_VALUE;
        for (int length = 1; length <= weights.length - 1; length++) {
            best = Math.min(best, search(weights, index + 1,
                    kraft + Math.scalb(1.0, -length), cost + weights[index] * length));
        }
        return best;
    }
}

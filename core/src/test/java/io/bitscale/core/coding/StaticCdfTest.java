package io.bitscale.core.coding;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The static-table fast path is a different way to compute the same thing: it must write the
 * bytes {@code codeSymbol(int[], int, int)} writes, and each decoder must read the other's output.
 */
class StaticCdfTest {

    private static final int ROUNDS = 300;
    private static final int SYMBOLS_PER_ROUND = 5_000;
    /** Every BIT_EVERY-th symbol is preceded by one binary decision, to vary the ranges seen. */
    private static final int BIT_EVERY = 7;

    @Test
    void staticPathWritesTheGeneralPathsBytesAndBothDecodersReadThem() {
        SplittableRandom random = new SplittableRandom(20240607);
        for (int round = 0; round < ROUNDS; round++) {
            int symbolCount = round % 3 == 0 ? 256 : 2 + random.nextInt(255);
            int minBits = 32 - Integer.numberOfLeadingZeros(symbolCount - 1);
            int totalBits = Math.max(minBits, Math.min(StaticCdf.MAX_TOTAL_BITS, 1 + random.nextInt(16)));
            int[] cdf = randomCdf(random, symbolCount, totalBits);
            StaticCdf table = StaticCdf.of(cdf, symbolCount);
            int[] symbols = drawSymbols(random, cdf, symbolCount, SYMBOLS_PER_ROUND);
            int[] p1s = new int[SYMBOLS_PER_ROUND / BIT_EVERY + 1];
            int[] bits = new int[p1s.length];
            for (int i = 0; i < p1s.length; i++) {
                p1s[i] = 1 + random.nextInt(65535);
                bits[i] = random.nextInt(65536) < p1s[i] ? 1 : 0;
            }
            String what = "round " + round + ": " + symbolCount + " symbols, total 2^" + totalBits;

            ArithmeticEncoder general = new ArithmeticEncoder();
            ArithmeticEncoder fast = new ArithmeticEncoder();
            for (int i = 0; i < symbols.length; i++) {
                if (i % BIT_EVERY == 0) {
                    general.codeBit(p1s[i / BIT_EVERY], bits[i / BIT_EVERY]);
                    fast.codeBit(p1s[i / BIT_EVERY], bits[i / BIT_EVERY]);
                }
                general.codeSymbol(cdf, symbolCount, symbols[i]);
                fast.codeSymbol(table, symbols[i]);
            }
            byte[] expected = general.finish();
            assertThat(fast.finish()).as(what).isEqualTo(expected);

            assertDecodes(what + ", static decoder", expected, symbols, p1s, bits,
                    decoder -> decoder.codeSymbol(table, 0));
            assertDecodes(what + ", general decoder", expected, symbols, p1s, bits,
                    decoder -> decoder.codeSymbol(cdf, symbolCount, 0));
        }
    }

    @Test
    void rejectsTablesItCannotServe() {
        assertThatThrownBy(() -> StaticCdf.of(new int[] {0, 3, 6}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> StaticCdf.of(new int[] {1, 3, 4}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cdf[0]");
        assertThatThrownBy(() -> StaticCdf.of(new int[] {0, 5, 3, 8}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decreases at symbol 1");
        assertThatThrownBy(() -> StaticCdf.of(new int[] {0, 1 << 16, 1 << 17}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> StaticCdf.of(new int[258], 257))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolCount");

        StaticCdf table = StaticCdf.of(new int[] {0, 2, 2, 4}, 3);
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        assertThatThrownBy(() -> encoder.codeSymbol(table, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no probability");
        assertThatThrownBy(() -> encoder.codeSymbol(table, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void copiesTheTable() {
        int[] cdf = {0, 1, 4};
        StaticCdf table = StaticCdf.of(cdf, 2);
        cdf[1] = 3;
        assertThat(table.cdf()).containsExactly(0, 1, 4);
        assertThat(table.total()).isEqualTo(4);
        assertThat(table.totalBits()).isEqualTo(2);
        assertThat(table.symbolCount()).isEqualTo(2);
    }

    private interface SymbolStep {
        int decode(ArithmeticDecoder decoder);
    }

    private static void assertDecodes(String what, byte[] payload, int[] symbols, int[] p1s, int[] bits,
                                      SymbolStep step) {
        ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
        for (int i = 0; i < symbols.length; i++) {
            if (i % BIT_EVERY == 0) {
                int bit = decoder.codeBit(p1s[i / BIT_EVERY], 0);
                if (bit != bits[i / BIT_EVERY]) {
                    throw new AssertionError(what + ": bit before symbol " + i + " decoded as " + bit);
                }
            }
            int decoded = step.decode(decoder);
            if (decoded != symbols[i]) {
                throw new AssertionError(what + ": symbol " + i + " decoded as " + decoded + ", expected " + symbols[i]);
            }
        }
        assertThat(decoder.bytesRead()).as(what).isGreaterThanOrEqualTo(payload.length);
    }

    /** A random table with total 2^totalBits, some zero-width symbols and one dominant symbol. */
    private static int[] randomCdf(SplittableRandom random, int symbolCount, int totalBits) {
        int total = 1 << totalBits;
        long[] weights = new long[symbolCount];
        for (int s = 0; s < symbolCount; s++) {
            weights[s] = random.nextInt(5) == 0 ? 0 : 1L << random.nextInt(20);
        }
        weights[random.nextInt(symbolCount)] += 1L << 24;
        long sum = Arrays.stream(weights).sum();
        int[] cdf = new int[symbolCount + 1];
        int cumulative = 0;
        int lastNonEmpty = 0;
        for (int s = 0; s < symbolCount; s++) {
            cumulative += (int) (weights[s] * total / sum);
            cdf[s + 1] = cumulative;
            if (weights[s] > 0) {
                lastNonEmpty = s;
            }
        }
        // The rounding remainder goes to the last non-empty symbol, so the total is exact.
        for (int s = lastNonEmpty + 1; s <= symbolCount; s++) {
            cdf[s] += total - cumulative;
        }
        assertThat(cdf[symbolCount]).isEqualTo(total);
        return cdf;
    }

    /** Mostly drawn from the table's distribution; one in 50 uniform over the codable symbols. */
    private static int[] drawSymbols(SplittableRandom random, int[] cdf, int symbolCount, int count) {
        int total = cdf[symbolCount];
        int[] symbols = new int[count];
        for (int i = 0; i < count; i++) {
            int s;
            if (random.nextInt(50) == 0) {
                do {
                    s = random.nextInt(symbolCount);
                } while (cdf[s + 1] == cdf[s]);
            } else {
                int slot = random.nextInt(total);
                s = 0;
                while (cdf[s + 1] <= slot) {
                    s++;
                }
            }
            symbols[i] = s;
        }
        return symbols;
    }
}

package io.bitscale.core.coding;

import java.util.Arrays;

/**
 * A fixed cumulative frequency table prepared for fast multi-symbol coding: a total that is a
 * power of two, and a lookup table from every slot {@code [0, total)} to the symbol that owns
 * it, so the decoder finds a symbol with one load instead of a binary search.
 *
 * <pre>{@code
 * int[] cdf = new int[257];
 * Cdf.fromFrequencies(byteCounts, 256, 1 << 15, cdf);     // total 2^15
 * StaticCdf table = StaticCdf.of(cdf, 256);
 * encoder.codeSymbol(table, symbol);
 * int decoded = decoder.codeSymbol(table, 0);
 * }</pre>
 *
 * <p><b>Same code as the general table.</b> Coding a symbol with a {@code StaticCdf} produces
 * exactly the bytes {@link ArithmeticCoder#codeSymbol(int[], int, int)} produces with the same
 * {@code cdf} array, and either decoder reads the other's output: the interval split is the
 * same {@code floor(range * cum / total)} (a shift, since the total is a power of two). Only the
 * decoder's search differs; see {@link ArithmeticDecoder#codeSymbol(StaticCdf, int)}.
 *
 * <p><b>Guarantees.</b> Immutable after construction (the {@code cdf} is copied): 2 to 256
 * symbols, {@code cdf[0] == 0}, non-decreasing, total {@code 2^totalBits} with
 * {@code totalBits} in {@code [1, }{@value #MAX_TOTAL_BITS}{@code ]}. A symbol of zero width is
 * allowed in the table but cannot be coded.
 *
 * <p><b>Cost.</b> {@code 2^totalBits} bytes for the lookup table (32 KiB at the usual
 * {@code 2^15}), built once in {@code O(total)}; intended for distributions that do not change
 * per symbol (a static order-0 table, a Huffman-baseline comparison, a pretrained prior).
 */
public final class StaticCdf {

    /** Largest {@code log2(total)}: the lookup table has {@code 2^totalBits} entries. */
    public static final int MAX_TOTAL_BITS = 16;
    /** Largest alphabet: the lookup table stores a symbol in one byte. */
    public static final int MAX_SYMBOLS = 256;

    /** {@code cdf[0..symbolCount]}, private copy. */
    final int[] cdf;
    final int symbolCount;
    final int totalBits;
    /** {@code symbolAt[slot] = s} with {@code cdf[s] <= slot < cdf[s + 1]}, as an unsigned byte. */
    final byte[] symbolAt;
    /** Per symbol, {@code (freq - 1) << 16 | cum} for {@link StaticRans}'s decoder: one load per symbol. */
    final int[] ransEntry;

    private StaticCdf(int[] cdf, int symbolCount, int totalBits, byte[] symbolAt) {
        this.cdf = cdf;
        this.symbolCount = symbolCount;
        this.totalBits = totalBits;
        this.symbolAt = symbolAt;
        this.ransEntry = new int[symbolCount];
        for (int s = 0; s < symbolCount; s++) {
            int freq = cdf[s + 1] - cdf[s];
            ransEntry[s] = freq == 0 ? 0 : (freq - 1) << 16 | (cdf[s] & 0xFFFF);
        }
    }

    /**
     * Prepares a table.
     *
     * @param cdf         cumulative frequencies, at least {@code symbolCount + 1} entries; copied
     * @param symbolCount alphabet size, 2..256
     * @throws IllegalArgumentException if {@code cdf[0] != 0}, the table decreases somewhere, or
     *     the total is not a power of two in {@code [2, 2^16]}
     */
    public static StaticCdf of(int[] cdf, int symbolCount) {
        if (symbolCount < 2 || symbolCount > MAX_SYMBOLS) {
            throw new IllegalArgumentException("symbolCount " + symbolCount + " outside [2, " + MAX_SYMBOLS + "]");
        }
        if (cdf.length < symbolCount + 1) {
            throw new IllegalArgumentException("cdf has " + cdf.length + " entries, needs " + (symbolCount + 1));
        }
        if (cdf[0] != 0) {
            throw new IllegalArgumentException("cdf[0] = " + cdf[0] + ", must be 0");
        }
        for (int s = 0; s < symbolCount; s++) {
            if (cdf[s + 1] < cdf[s]) {
                throw new IllegalArgumentException("cdf decreases at symbol " + s + ": " + cdf[s] + " > " + cdf[s + 1]);
            }
        }
        int total = cdf[symbolCount];
        if (total < 2 || total > 1 << MAX_TOTAL_BITS || (total & (total - 1)) != 0) {
            throw new IllegalArgumentException("total " + total + " must be a power of two in [2, 2^"
                    + MAX_TOTAL_BITS + "]");
        }
        int[] copy = Arrays.copyOf(cdf, symbolCount + 1);
        byte[] symbolAt = new byte[total];
        for (int s = 0; s < symbolCount; s++) {
            Arrays.fill(symbolAt, copy[s], copy[s + 1], (byte) s);
        }
        return new StaticCdf(copy, symbolCount, Integer.numberOfTrailingZeros(total), symbolAt);
    }

    /** Alphabet size. */
    public int symbolCount() {
        return symbolCount;
    }

    /** {@code log2} of the total. */
    public int totalBits() {
        return totalBits;
    }

    /** The total, {@code 2^totalBits}. */
    public int total() {
        return 1 << totalBits;
    }

    /** A copy of the cumulative table, {@code symbolCount + 1} entries. */
    public int[] cdf() {
        return cdf.clone();
    }
}

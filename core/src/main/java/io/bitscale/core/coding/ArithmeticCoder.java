package io.bitscale.core.coding;

/**
 * One step of exact arithmetic (range) coding, shared by the encoder and the decoder so that
 * compression and decompression run the very same loop:
 *
 * <pre>{@code
 * int p1 = model.p1();
 * bit = coder.codeBit(p1, bit);   // the encoder codes `bit`, the decoder returns the decoded one
 * model.update(bit);
 * }</pre>
 *
 * <p><b>Interval arithmetic.</b> The state is an interval of width {@code range}, kept in
 * {@code [2^24, 2^32)} between steps by shifting out whole bytes. A step splits it exactly in
 * proportion to the given probabilities with a 64-bit product,
 * {@code bound = floor(range * cum / total)}; the only loss against the ideal code length is that
 * one floor per step, less than {@code 2^-24} of the interval, so the payload stays within
 * 0.0001% of {@code Σ -log2 p} plus at most about 40 bits of flush (measured in the tests).
 *
 * <p><b>Probabilities.</b> {@link #codeBit} takes {@code p1 = P(bit = 1) · 2^16} in
 * {@code [1, 65535]}; {@link #codeSymbol} takes a cumulative frequency table whose total is at
 * most {@link #MAX_TOTAL}. Any value outside those ranges is a bug in the model and raises
 * {@link IllegalArgumentException} on the encoder side, before a single wrong bit is written.
 *
 * <p>Instances are not thread-safe; one coder serves one stream.
 */
public abstract class ArithmeticCoder {

    /** Resolution of {@link #codeBit} probabilities: {@code p1} is in units of {@code 2^-16}. */
    public static final int PROB_BITS = 16;
    /** {@code 2^16}: the probability one in {@link #codeBit} units (never a legal {@code p1}). */
    public static final int PROB_ONE = 1 << PROB_BITS;
    /** Largest total of a cumulative frequency table accepted by {@link #codeSymbol}. */
    public static final int MAX_TOTAL = 1 << 24;

    /** Below this the interval is renormalized by shifting out a byte. */
    static final long RANGE_FLOOR = 1L << 24;
    static final long RANGE_INITIAL = 0xFFFF_FFFFL;

    ArithmeticCoder() {
    }

    /**
     * Codes one binary decision.
     *
     * @param p1  probability that the bit is 1, times {@code 2^16}, in {@code [1, 65535]}
     * @param bit for the encoder, the bit to code (0 or 1); ignored by the decoder
     * @return the bit coded: {@code bit} itself when encoding, the decoded bit when decoding
     */
    public abstract int codeBit(int p1, int bit);

    /**
     * Codes one symbol of an alphabet described by a cumulative frequency table.
     *
     * <p>Symbol {@code s} owns {@code [cdf[s], cdf[s+1])}; {@code cdf[0] == 0},
     * {@code cdf[symbolCount]} is the total, at most {@link #MAX_TOTAL}. Every symbol that can
     * occur must have a non-zero width; the decoder assumes the table is non-decreasing.
     *
     * @param cdf         cumulative frequencies, at least {@code symbolCount + 1} entries
     * @param symbolCount size of the alphabet, at least 2
     * @param symbol      for the encoder, the symbol to code; ignored by the decoder
     * @return the symbol coded
     */
    public abstract int codeSymbol(int[] cdf, int symbolCount, int symbol);

    /**
     * Codes one symbol of a fixed, prepared table: the same interval as
     * {@link #codeSymbol(int[], int, int)} with {@code table.cdf()}, hence the same bytes, with
     * no per-call validation of the table and a table lookup instead of a search on decode.
     *
     * @param table  the distribution, prepared once
     * @param symbol for the encoder, the symbol to code (non-zero width); ignored by the decoder
     * @return the symbol coded
     */
    public abstract int codeSymbol(StaticCdf table, int symbol);

    /** {@code floor(range * cum / total)} without overflow: range < 2^32, cum <= total <= 2^24. */
    static long split(long range, long cum, int total) {
        long product = range * cum;
        return (total & (total - 1)) == 0
                ? product >>> Integer.numberOfTrailingZeros(total)
                : product / total;
    }

    static void checkTotal(int total) {
        if (total < 2 || total > MAX_TOTAL) {
            throw new IllegalArgumentException(
                    "cumulative frequency total " + total + " outside [2, " + MAX_TOTAL + "]");
        }
    }
}

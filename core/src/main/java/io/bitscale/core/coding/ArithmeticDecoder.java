package io.bitscale.core.coding;

/**
 * The decoding side of {@link ArithmeticCoder}: reads the payload of one block from a byte array.
 *
 * <pre>{@code
 * ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
 * for (int i = 0; i < bitCount; i++) {
 *     int bit = decoder.codeBit(model.p1(), 0);
 *     model.update(bit);
 * }
 * }</pre>
 *
 * <p>Bytes past the end of the payload read as zero, mirroring the encoder, which never writes
 * trailing zeros. {@link #bytesRead()} counts every byte asked for, so a caller can check that a
 * block consumed its whole payload ({@code bytesRead() >= length}); a shorter read means the
 * payload carries bytes no encoder wrote.
 */
public final class ArithmeticDecoder extends ArithmeticCoder {

    private byte[] input;
    private int start;
    private int end;
    private int position;
    /** Zero bytes supplied past the end of the payload. */
    private long overrun;

    private long range;
    /** Offset of the coded value above the low end of the interval; always below range. */
    private long code;

    /** A decoder for {@code length} payload bytes of {@code input} starting at {@code offset}. */
    public ArithmeticDecoder(byte[] input, int offset, int length) {
        reset(input, offset, length);
    }

    /**
     * Starts decoding a new block.
     *
     * @throws IllegalArgumentException if the slice is out of bounds
     */
    public void reset(byte[] input, int offset, int length) {
        if (offset < 0 || length < 0 || offset > input.length - length) {
            throw new IllegalArgumentException("slice [" + offset + ", +" + length + ") outside "
                    + input.length + " bytes");
        }
        this.input = input;
        this.start = offset;
        this.end = offset + length;
        this.position = offset;
        this.overrun = 0;
        this.range = RANGE_INITIAL;
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | nextByte();
        }
        // The encoder's interval starts as [0, 2^32 - 1): a first word of all ones was never
        // written by it. Keep the invariant code < range so every later step stays in bounds.
        this.code = Math.min(value, RANGE_INITIAL - 1);
        this.validStart = value < RANGE_INITIAL;
    }

    private boolean validStart;

    /** False if the first four bytes could not have been written by an encoder. */
    public boolean validStart() {
        return validStart;
    }

    private int nextByte() {
        if (position < end) {
            return input[position++] & 0xFF;
        }
        position++;
        overrun++;
        return 0;
    }

    @Override
    public int codeBit(int p1, int ignored) {
        long bound = (range * p1) >>> PROB_BITS;
        // Branch-free form of: if (code < bound) { range = bound; bit = 1 }
        // else { code -= bound; range -= bound; bit = 0 }. code and bound are below 2^32, so the
        // sign of their difference is the bit; a branch would mispredict with the data.
        long diff = code - bound;
        long one = diff >> 63;                          // all ones when the bit is 1, else 0
        long rest = range - bound;
        code = diff + (bound & one);
        range = rest + ((bound - rest) & one);
        int bit = (int) (diff >>> 63);
        while (range < RANGE_FLOOR) {
            range <<= 8;
            code = (code << 8) | nextByte();
        }
        return bit;
    }

    @Override
    public int codeSymbol(int[] cdf, int symbolCount, int ignored) {
        int total = cdf[symbolCount];
        checkTotal(total);
        // Largest c with floor(range * c / total) <= code, i.e. range * c < (code + 1) * total.
        long target = ((code + 1) * total - 1) / range;
        int lowIndex = 0;
        int highIndex = symbolCount;
        while (highIndex - lowIndex > 1) {
            int middle = (lowIndex + highIndex) >>> 1;
            if (cdf[middle] <= target) {
                lowIndex = middle;
            } else {
                highIndex = middle;
            }
        }
        int symbol = lowIndex;
        long lowBound = split(range, cdf[symbol], total);
        long highBound = cdf[symbol + 1] >= total ? range : split(range, cdf[symbol + 1], total);
        code -= lowBound;
        range = highBound - lowBound;
        if (range <= 0 || code < 0 || code >= range) {
            // Only a table that is not non-decreasing can get here; keep the decoder in bounds.
            throw new IllegalStateException("cumulative frequency table is not non-decreasing at symbol " + symbol);
        }
        while (range < RANGE_FLOOR) {
            range <<= 8;
            code = (code << 8) | nextByte();
        }
        return symbol;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The same {@code target = ((code + 1) * total - 1) / range} as the general method (a
     * 64-bit division, exact), then the symbol from the lookup table instead of a binary search
     * over the cumulative table: the eight search steps branch on the data and mispredict, the
     * lookup is one load. The division stays: the interval is split by {@code range}, which
     * changes every symbol, so no reciprocal can be prepared. An exact double-division form
     * ({@code (int) ((double) n / range)} is exact here because {@code n < 2^48} and the quotient
     * is below {@code 2^16}) was measured slower on the development machine (Ice Lake-class Xeon:
     * two conversions plus {@code divsd} against a 64-bit {@code idiv}); see
     * {@code docs/benchmarks.md}.
     */
    @Override
    public int codeSymbol(StaticCdf table, int ignored) {
        int bits = table.totalBits;
        int target = (int) ((((code + 1) << bits) - 1) / range);
        int symbol = table.symbolAt[target] & 0xFF;
        int[] cdf = table.cdf;
        // split(range, cum, 2^bits) is this shift, and split(range, total, total) == range.
        long lowBound = (range * cdf[symbol]) >>> bits;
        long highBound = (range * cdf[symbol + 1]) >>> bits;
        code -= lowBound;
        range = highBound - lowBound;
        while (range < RANGE_FLOOR) {
            range <<= 8;
            code = (code << 8) | nextByte();
        }
        return symbol;
    }

    /** Bytes consumed so far, counting the zeros supplied past the end of the payload. */
    public long bytesRead() {
        return position - start;
    }

    /** Zero bytes supplied past the end of the payload so far. */
    public long overrun() {
        return overrun;
    }

    /** Payload bytes not yet consumed. */
    public int remaining() {
        return Math.max(0, end - position);
    }
}

package io.bitscale.core.coding;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The encoding side of {@link ArithmeticCoder}: collects the payload of one coded block in
 * memory.
 *
 * <pre>{@code
 * ArithmeticEncoder encoder = new ArithmeticEncoder();
 * for (int bit : bits) {
 *     encoder.codeBit(model.p1(), bit);
 *     model.update(bit);
 * }
 * byte[] payload = encoder.finish();
 * }</pre>
 *
 * <p>Carries are propagated exactly (a run of {@code 0xFF} bytes waits until it is known
 * whether a carry reaches it). {@link #finish()} picks the value in the final interval with the
 * most trailing zero bits, and trailing zero bytes are never written: the decoder reads zeros
 * past the end of its input, so they cost nothing. After {@code finish()} the encoder can be
 * {@link #reset()} for another block.
 */
public final class ArithmeticEncoder extends ArithmeticCoder {

    /** Low end of the interval: 32 bits in view plus bit 32 for a pending carry. */
    private long low;
    private long range = RANGE_INITIAL;
    /** The last byte shifted out that a carry may still change; -1 before the first. */
    private int cache = -1;
    /** Number of 0xFF bytes after {@link #cache}, also waiting for a possible carry. */
    private long pendingFF;

    private byte[] buffer;
    private int length;
    /** Zero bytes written since the last non-zero byte; held back so a payload never ends in 0. */
    private long heldZeros;
    private boolean finished;

    /** An encoder with a small initial buffer that grows as needed. */
    public ArithmeticEncoder() {
        this(4096);
    }

    /** An encoder whose buffer starts at {@code initialCapacity} bytes. */
    public ArithmeticEncoder(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * A copy of {@code from}'s interval and pending bytes with an empty scratch buffer: finishing
     * it writes only what finishing {@code from} would write after its {@code length} bytes (the
     * cache, the pending 0xFF run, held zeros and the tail), never more than the buffer holds.
     */
    private ArithmeticEncoder(ArithmeticEncoder from) {
        buffer = new byte[(int) Math.min(Integer.MAX_VALUE - 16, from.pendingFF + from.heldZeros + 16)];
        low = from.low;
        range = from.range;
        cache = from.cache;
        pendingFF = from.pendingFF;
        heldZeros = from.heldZeros;
        finished = from.finished;
    }

    @Override
    public int codeBit(int p1, int bit) {
        if (p1 <= 0 || p1 >= PROB_ONE) {
            throw new IllegalArgumentException("p1 " + p1 + " outside [1, 65535]");
        }
        long bound = (range * p1) >>> PROB_BITS;
        // Branch-free: a 1 keeps [low, low + bound), a 0 keeps [low + bound, low + range). The
        // bit is as unpredictable as the data, so a branch on it mispredicts about as often as
        // the model is unsure; the masks measured 20-35% faster (docs/benchmarks.md).
        long zero = ~(long) ((bit | -bit) >> 31);       // all ones when coding a 0, else 0
        // range' = bit ? bound : range - bound, written as (range & zero) - zero + (bound ^ zero):
        // the first half does not depend on bound, so only an xor and an add follow the multiply
        // on the loop-carried chain (with zero = -1, ~bound = -bound - 1 cancels the + 1).
        long base = (range & zero) - zero;
        low += bound & zero;
        range = base + (bound ^ zero);
        while (range < RANGE_FLOOR) {
            range <<= 8;
            shiftLow();
        }
        return bit;
    }

    @Override
    public int codeSymbol(int[] cdf, int symbolCount, int symbol) {
        if (symbol < 0 || symbol >= symbolCount) {
            throw new IllegalArgumentException("symbol " + symbol + " outside [0, " + symbolCount + ")");
        }
        int total = cdf[symbolCount];
        checkTotal(total);
        int cumLow = cdf[symbol];
        int cumHigh = cdf[symbol + 1];
        if (cdf[0] != 0 || cumLow < 0 || cumHigh <= cumLow || cumHigh > total) {
            throw new IllegalArgumentException("symbol " + symbol + " has no probability: cdf ["
                    + cumLow + ", " + cumHigh + ") of " + total + " (cdf[0] = " + cdf[0] + ")");
        }
        long lowBound = split(range, cumLow, total);
        long highBound = cumHigh == total ? range : split(range, cumHigh, total);
        low += lowBound;
        range = highBound - lowBound;
        while (range < RANGE_FLOOR) {
            range <<= 8;
            shiftLow();
        }
        return symbol;
    }

    @Override
    public int codeSymbol(StaticCdf table, int symbol) {
        if (symbol < 0 || symbol >= table.symbolCount) {
            throw new IllegalArgumentException("symbol " + symbol + " outside [0, " + table.symbolCount + ")");
        }
        int[] cdf = table.cdf;
        int cumLow = cdf[symbol];
        int cumHigh = cdf[symbol + 1];
        if (cumHigh == cumLow) {
            throw new IllegalArgumentException("symbol " + symbol + " has no probability in the static table");
        }
        // split(range, cum, 2^bits) is this shift; split(range, total, total) == range, so the
        // general method's special case for the last symbol gives the same value.
        int bits = table.totalBits;
        long lowBound = (range * cumLow) >>> bits;
        long highBound = (range * cumHigh) >>> bits;
        low += lowBound;
        range = highBound - lowBound;
        while (range < RANGE_FLOOR) {
            range <<= 8;
            shiftLow();
        }
        return symbol;
    }

    /** Moves the top byte of {@link #low} out, resolving pending carries when it can. */
    private void shiftLow() {
        if (low < 0xFF00_0000L || low > 0xFFFF_FFFFL) {
            int carry = (int) (low >>> 32);
            if (cache >= 0) {
                put(cache + carry);
            }
            for (; pendingFF > 0; pendingFF--) {
                put(0xFF + carry);
            }
            cache = (int) (low >>> 24) & 0xFF;
        } else {
            pendingFF++;
        }
        low = (low & 0x00FF_FFFFL) << 8;
    }

    private void put(int value) {
        if ((value & 0xFF) == 0) {
            heldZeros++;
            return;
        }
        for (; heldZeros > 0; heldZeros--) {
            append(0);
        }
        append(value);
    }

    private void append(int value) {
        if (length == buffer.length) {
            if (buffer.length >= Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("coded block exceeds 2 GiB; use smaller frames");
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8, buffer.length * 2L));
        }
        buffer[length++] = (byte) value;
    }

    /**
     * Ends the block: writes the shortest tail that identifies a value inside the final interval.
     *
     * @return the number of payload bytes
     */
    public int finishBlock() {
        if (!finished) {
            // The value in [low, low + range) with the most trailing zeros: range >= 2^24, so at
            // least 24 of its 32 visible bits are zero and get dropped with the held zeros.
            long high = low + range;
            for (int k = 32; k >= 0; k--) {
                long mask = (1L << k) - 1;
                long candidate = (low + mask) & ~mask;
                if (candidate < high) {
                    low = candidate;
                    break;
                }
            }
            for (int i = 0; i < 5; i++) {
                shiftLow();
            }
            heldZeros = 0;
            finished = true;
        }
        return length;
    }

    /**
     * The payload length {@link #finishBlock()} would return if the block ended here, leaving this
     * encoder untouched so coding can go on. For a model that learns as it codes, this is exactly
     * the payload a separate run over just the bytes coded so far would produce, so one pass
     * gives the code length of every prefix (the scaling harness measures all data sizes of an
     * online sweep this way).
     */
    public int lengthIfFinished() {
        return finished ? length : length + new ArithmeticEncoder(this).finishBlock();
    }

    /** Ends the block and returns a copy of its payload. */
    public byte[] finish() {
        finishBlock();
        return Arrays.copyOf(buffer, length);
    }

    /** Writes the payload of a {@link #finishBlock() finished} block. */
    public void writeTo(OutputStream out) throws IOException {
        if (!finished) {
            throw new IllegalStateException("finishBlock() first");
        }
        out.write(buffer, 0, length);
    }

    /** Payload bytes so far (final once the block is finished). */
    public int length() {
        return length;
    }

    /** Starts a new block, keeping the buffer. */
    public void reset() {
        low = 0;
        range = RANGE_INITIAL;
        cache = -1;
        pendingFF = 0;
        length = 0;
        heldZeros = 0;
        finished = false;
    }
}

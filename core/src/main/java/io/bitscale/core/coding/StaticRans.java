package io.bitscale.core.coding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Range asymmetric numeral systems (rANS) for a fixed table: the fastest exact way to code
 * symbols whose distribution does not change while they are coded, such as a semi-static
 * order-0 block or a pretrained prior.
 *
 * <pre>{@code
 * StaticCdf table = StaticCdf.of(cdf, 256);
 * byte[] payload = StaticRans.encode(table, data, 0, data.length);
 * byte[] restored = new byte[data.length];
 * if (!StaticRans.decode(table, payload, 0, payload.length, restored, 0, restored.length)) {
 *     throw new IOException("corrupted block");
 * }
 * }</pre>
 *
 * <p><b>Why a second coder.</b> The range decoder must divide to find a symbol in an exactly
 * split interval, and that division sits on the chain every symbol waits for. rANS decodes with
 * a table lookup, one multiply and an add, so it runs several times faster when the table is
 * fixed. It cannot replace the range coder for adaptive models: the encoder runs backwards, so
 * it would have to buffer a whole block of model probabilities. The container therefore keeps
 * the range coder; this class is the coder for static tables.
 *
 * <p><b>Layout.</b> Two interleaved 31-bit states (symbol {@code i} uses state {@code i & 1}, so
 * the processor overlaps two independent decode chains), normalized a 32-bit word at a time to
 * {@code [2^31, 2^63)} (so the states are 2^15 times the largest table total, and rounding
 * costs nothing measurable). The payload is the two final 64-bit encoder states, big-endian, followed by the
 * renormalization bytes in the order the decoder reads them. A table of total {@code 2^b} codes
 * each symbol {@code s} in {@code b - log2(freq(s))} bits; the only overhead is the 16 state bytes
 * (less whatever the final states hold) — no flush tail.
 *
 * <p><b>Guarantees.</b> {@link #decode} recovers exactly the encoded symbols given the same table
 * and count, and says whether the payload was well formed: it never reads outside its slice,
 * never writes outside {@code out[outOffset, outOffset + count)}, and always terminates
 * (at most one word is read per symbol). A corrupted payload, a different table or a
 * different count is reported by a {@code false} result in all but rare collisions — pair it with
 * a checksum where silent damage matters, as the container does for the range coder.
 * Stateless and thread-safe.
 */
public final class StaticRans {

    /** Lower bound of a normalized state. */
    private static final long LOWER = 1L << 31;
    /** Bytes of flushed state at the start of every payload. */
    public static final int HEADER_BYTES = 16;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private StaticRans() {
    }

    /**
     * Encodes {@code data[offset, offset + length)}, each byte a symbol of {@code table}.
     *
     * @return the payload, {@link #HEADER_BYTES} bytes for an empty input
     * @throws IllegalArgumentException if a byte is not a symbol of the table or has zero width,
     *     or if the slice lies outside {@code data}
     */
    public static byte[] encode(StaticCdf table, byte[] data, int offset, int length) {
        checkSlice(data.length, offset, length, "data");
        int bits = table.totalBits;
        int[] cdf = table.cdf;
        // At most one 32-bit word per symbol; the buffer grows from the back.
        byte[] buffer = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length / 2L + 64)];
        int position = buffer.length;
        long x0 = LOWER;
        long x1 = LOWER;
        for (int i = offset + length - 1; i >= offset; i--) {
            int symbol = data[i] & 0xFF;
            if (symbol >= table.symbolCount || cdf[symbol + 1] == cdf[symbol]) {
                throw new IllegalArgumentException("byte " + symbol + " at index " + i
                        + " has no probability in the table");
            }
            int cum = cdf[symbol];
            int freq = cdf[symbol + 1] - cum;
            if (position < 4) {
                byte[] grown = new byte[(int) Math.min(Integer.MAX_VALUE - 8, buffer.length * 2L)];
                if (grown.length == buffer.length) {
                    throw new IllegalStateException("rANS payload exceeds 2 GiB; code smaller blocks");
                }
                int used = buffer.length - position;
                System.arraycopy(buffer, position, grown, grown.length - used, used);
                position = grown.length - used;
                buffer = grown;
            }
            boolean even = ((i - offset) & 1) == 0;
            long x = even ? x0 : x1;
            // x stays below 2^63, so one word out always brings it under freq << (63 - bits).
            if (x >= (long) freq << (63 - bits)) {
                position -= 4;
                INT_BE.set(buffer, position, (int) x);
                x >>>= 32;
            }
            x = ((x / freq) << bits) + (x % freq) + cum;
            if (even) {
                x0 = x;
            } else {
                x1 = x;
            }
        }
        byte[] payload = new byte[HEADER_BYTES + buffer.length - position];
        LONG_BE.set(payload, 0, x0);
        LONG_BE.set(payload, 8, x1);
        System.arraycopy(buffer, position, payload, HEADER_BYTES, buffer.length - position);
        return payload;
    }

    /**
     * Decodes {@code count} symbols of {@code table} from {@code payload[offset, offset + length)}
     * into {@code out[outOffset, outOffset + count)}.
     *
     * @return {@code true} if the payload is a well-formed encoding of exactly {@code count}
     *     symbols (every byte used, both states back at their start); {@code false} if it is
     *     corrupted, truncated, too long, or was written with another table or count — the
     *     output is then meaningless
     * @throws IllegalArgumentException if a slice lies outside its array
     */
    public static boolean decode(StaticCdf table, byte[] payload, int offset, int length,
                                 byte[] out, int outOffset, int count) {
        checkSlice(payload.length, offset, length, "payload");
        checkSlice(out.length, outOffset, count, "out");
        if (length < HEADER_BYTES) {
            Arrays.fill(out, outOffset, outOffset + count, (byte) 0);
            return false;
        }
        long x0 = (long) LONG_BE.get(payload, offset);
        long x1 = (long) LONG_BE.get(payload, offset + 8);
        if (x0 < LOWER || x1 < LOWER) {      // also rejects states of 2^63 and more (negative)
            Arrays.fill(out, outOffset, outOffset + count, (byte) 0);
            return false;
        }
        int bits = table.totalBits;
        int mask = (1 << bits) - 1;
        byte[] symbolAt = table.symbolAt;
        int[] entry = table.ransEntry;
        int position = offset + HEADER_BYTES;
        int end = offset + length;
        int i = outOffset;
        int last = outOffset + count;
        // Fast loop: a pair of symbols reads at most two words, so with eight bytes left no read
        // needs a check, and renormalization is branch-free (whether a word is due is as
        // unpredictable as the data). x' = freq * (x >> bits) + (x & mask) - cum stays in
        // [freq * 2^(31 - bits), 2^63): never zero, so one word always restores x >= 2^31.
        while (last - i >= 2 && end - position >= 8) {
            int slot0 = (int) x0 & mask;
            int e0 = entry[symbolAt[slot0] & 0xFF];
            x0 = ((e0 >>> 16) + 1L) * (x0 >>> bits) + slot0 - (e0 & 0xFFFF);
            out[i] = symbolAt[slot0];
            long due0 = (x0 - LOWER) >> 63;
            long word0 = (int) INT_BE.get(payload, position) & 0xFFFF_FFFFL;
            x0 = (x0 << (32 & due0)) | (word0 & due0);
            position += (int) (4 & due0);

            int slot1 = (int) x1 & mask;
            int e1 = entry[symbolAt[slot1] & 0xFF];
            x1 = ((e1 >>> 16) + 1L) * (x1 >>> bits) + slot1 - (e1 & 0xFFFF);
            out[i + 1] = symbolAt[slot1];
            long due1 = (x1 - LOWER) >> 63;
            long word1 = (int) INT_BE.get(payload, position) & 0xFFFF_FFFFL;
            x1 = (x1 << (32 & due1)) | (word1 & due1);
            position += (int) (4 & due1);
            i += 2;
        }
        boolean overrun = false;
        for (; i < last; i++) {
            boolean even = ((i - outOffset) & 1) == 0;
            long x = even ? x0 : x1;
            int slot = (int) x & mask;
            int e = entry[symbolAt[slot] & 0xFF];
            x = ((e >>> 16) + 1L) * (x >>> bits) + slot - (e & 0xFFFF);
            out[i] = symbolAt[slot];
            if (x < LOWER) {
                if (end - position >= 4) {
                    x = (x << 32) | ((int) INT_BE.get(payload, position) & 0xFFFF_FFFFL);
                    position += 4;
                } else {
                    x <<= 32;
                    overrun = true;
                }
            }
            if (even) {
                x0 = x;
            } else {
                x1 = x;
            }
        }
        return !overrun && position == end && x0 == LOWER && x1 == LOWER;
    }

    private static void checkSlice(int arrayLength, int offset, int length, String what) {
        if (offset < 0 || length < 0 || offset > arrayLength - length) {
            throw new IllegalArgumentException(what + " slice [" + offset + ", +" + length + ") outside "
                    + arrayLength + " bytes");
        }
    }
}

package io.bitscale.core.huffman;

import io.bitscale.core.stream.CorruptedInputException;

/**
 * Table-driven decoding of a canonical {@link HuffmanCode}.
 *
 * <p>A lookup table indexed by the next {@code tableBits = min(maxLength, 11)} bits gives the
 * symbol and length of every code word of at most that length in one step. Longer code words,
 * rare by construction (probability below about {@code 2^-10} each), fall back to canonical
 * decoding: with codes assigned in (length, symbol) order, left-justified code words grow with
 * their length, so the length of the next code word is the smallest {@code l} whose
 * {@code limit[l]} lies above the next {@code maxLength} bits.
 *
 * <p>Memory: {@code 4 · 2^tableBits} bytes (8 KiB) plus a few small arrays.
 */
final class CanonicalDecoder {

    private static final int MAX_TABLE_BITS = 11;

    private final int maxLength;
    private final long windowMask;
    private final int tableBits;
    private final int tableMask;
    /** {@code symbol << 8 | length}, or 0 where the code word is longer than tableBits (or none). */
    private final int[] table;
    /** Left-justified to maxLength bits: the first value past every code word of length <= l. */
    private final long[] limit;
    /** Canonical code word of the first symbol of length l. */
    private final long[] firstCode;
    /** Index in {@link #sorted} of that symbol. */
    private final int[] firstIndex;
    /** Present symbols ordered by (length, symbol): canonical order. */
    private final int[] sorted;

    /** @param code a code with at least one symbol */
    CanonicalDecoder(HuffmanCode code) {
        int[] lengths = code.lengthTable();
        long[] codes = code.codeTable();
        maxLength = code.maxLength();
        windowMask = (1L << maxLength) - 1;
        tableBits = Math.min(maxLength, MAX_TABLE_BITS);
        tableMask = (1 << tableBits) - 1;
        table = new int[1 << tableBits];

        int[] countPerLength = new int[maxLength + 1];
        for (int length : lengths) {
            countPerLength[length]++;
        }
        firstIndex = new int[maxLength + 2];
        for (int length = 1; length <= maxLength; length++) {
            firstIndex[length + 1] = firstIndex[length] + countPerLength[length];
        }
        sorted = new int[code.symbolCount()];
        int[] fill = firstIndex.clone();
        firstCode = new long[maxLength + 1];
        limit = new long[maxLength + 1];
        for (int s = 0; s < HuffmanCode.SYMBOLS; s++) {
            int length = lengths[s];
            if (length == 0) {
                continue;
            }
            if (fill[length] == firstIndex[length]) {
                firstCode[length] = codes[s];
            }
            sorted[fill[length]++] = s;
            if (length <= tableBits) {
                int shift = tableBits - length;
                int first = (int) (codes[s] << shift);
                int entry = s << 8 | length;
                for (int i = 0; i < 1 << shift; i++) {
                    table[first + i] = entry;
                }
            }
        }
        for (int length = 1; length <= maxLength; length++) {
            limit[length] = (firstCode[length] + countPerLength[length]) << (maxLength - length);
        }
    }

    /**
     * Decodes {@code out.length} symbols from the bits of {@code in[..end)} starting at bit
     * {@code startBit}. Bits past {@code end} read as zero; the caller compares the returned
     * position with {@code 8 · end}.
     *
     * @return the bit position just after the last code word
     * @throws CorruptedInputException if a bit pattern is no code word, or decoding runs more
     *                                 than eight bytes past {@code end}
     */
    long decode(byte[] in, long startBit, int end, byte[] out) throws CorruptedInputException {
        int position = (int) (startBit >>> 3);
        int skip = (int) (startBit & 7);
        // Invariant: the low `available` bits of `bits` are the next bits of the stream.
        long bits = 0;
        int available = 0;
        if (skip != 0) {
            bits = in[position++] & (0xFF >>> skip);
            available = 8 - skip;
        }
        final int[] table = this.table;
        final int tableBits = this.tableBits;
        final int tableMask = this.tableMask;
        final int maxLength = this.maxLength;
        for (int i = 0; i < out.length; i++) {
            if (available < maxLength) {
                do {
                    bits = (bits << 8) | (position < end ? in[position] & 0xFF : 0);
                    position++;
                    available += 8;
                } while (available <= 56);
                if (position > end + 8) {
                    // At most 64 bits are buffered, so more than end * 8 bits are consumed.
                    throw new CorruptedInputException("Huffman payload is truncated: " + i + " of "
                            + out.length + " bytes decoded", end);
                }
            }
            int entry = table[(int) (bits >>> (available - tableBits)) & tableMask];
            if (entry == 0) {
                entry = decodeLong((bits >>> (available - maxLength)) & windowMask,
                        (8L * position - available) >>> 3);
            }
            out[i] = (byte) (entry >>> 8);
            available -= entry & 0xFF;
        }
        return 8L * position - available;
    }

    /** Canonical decoding of a code word longer than tableBits; returns {@code symbol << 8 | length}. */
    private int decodeLong(long window, long offset) throws CorruptedInputException {
        for (int length = tableBits + 1; length <= maxLength; length++) {
            if (window < limit[length]) {
                long codeWord = window >>> (maxLength - length);
                int symbol = sorted[firstIndex[length] + (int) (codeWord - firstCode[length])];
                return symbol << 8 | length;
            }
        }
        // Only an incomplete code (the one-symbol code) leaves bit patterns without a code word.
        throw new CorruptedInputException("Huffman payload holds a bit pattern that is no code word", offset);
    }
}

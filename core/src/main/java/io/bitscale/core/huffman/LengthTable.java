package io.bitscale.core.huffman;

import io.bitscale.core.stream.CorruptedInputException;

/**
 * The compact form of 256 code lengths in a {@link HuffmanCoder} stream: about 40 to 60 bytes
 * for text, about 100 for a code over all 256 byte values.
 *
 * <pre>
 * table   = runs lengths
 * runs    = which symbols have a code: alternating runs of absent and present symbols, absent
 *           first, covering 0..255 exactly. The first run is sent as gamma(run + 1) (it may be
 *           empty), every later run as gamma(run) (never empty).
 * lengths = for each present symbol in ascending order, d = length - previous length (previous
 *           starts at 8), zigzag-mapped (0, -1, 1, -2, ... to 0, 1, 2, 3, ...) and sent as
 *           gamma(zigzag + 1).
 * gamma(v), v >= 1: floor(log2 v) zero bits, then v in binary (Elias gamma).
 * </pre>
 *
 * Reading checks the structure (runs that overshoot 255, lengths outside 1..32) but not Kraft's
 * inequality; {@link HuffmanCode#lengthsProblem} does that.
 */
final class LengthTable {

    /** Reference for the first length delta: a typical length for bytes. */
    private static final int FIRST_PREVIOUS = 8;
    /** gamma(run + 1) with run <= 256 has at most 9 bits of value. */
    private static final int RUN_GAMMA_BITS = 9;
    /** gamma(zigzag + 1) with |delta| <= 31 has at most 6 bits of value. */
    private static final int DELTA_GAMMA_BITS = 6;

    private LengthTable() {
    }

    /** Size of the table for these lengths, in bits. */
    static long bits(int[] lengths) {
        long[] total = new long[1];
        write(lengths, (value, count) -> total[0] += count);
        return total[0];
    }

    /** Writes the table for 256 lengths in [0, 32]. */
    static void write(int[] lengths, BitSink sink) {
        int symbol = 0;
        boolean present = false;
        boolean first = true;
        while (symbol < HuffmanCode.SYMBOLS) {
            int start = symbol;
            while (symbol < HuffmanCode.SYMBOLS && (lengths[symbol] > 0) == present) {
                symbol++;
            }
            int run = symbol - start;
            sink.writeGamma(first ? run + 1 : run);
            first = false;
            present = !present;
        }
        int previous = FIRST_PREVIOUS;
        for (int s = 0; s < HuffmanCode.SYMBOLS; s++) {
            if (lengths[s] > 0) {
                int delta = lengths[s] - previous;
                sink.writeGamma(((delta << 1) ^ (delta >> 31)) + 1);
                previous = lengths[s];
            }
        }
    }

    /**
     * Reads a table written by {@link #write}.
     *
     * @throws CorruptedInputException if the runs or lengths are malformed or the input ends
     */
    static int[] read(BitReader reader) throws CorruptedInputException {
        boolean[] present = new boolean[HuffmanCode.SYMBOLS];
        int symbol = 0;
        boolean presentRun = false;
        boolean first = true;
        while (symbol < HuffmanCode.SYMBOLS) {
            int run = reader.readGamma(RUN_GAMMA_BITS, "symbol run") - (first ? 1 : 0);
            if (run == 0 && !first) {
                throw new CorruptedInputException("Huffman table: empty symbol run", reader.bytePosition());
            }
            if (run > HuffmanCode.SYMBOLS - symbol) {
                throw new CorruptedInputException("Huffman table: symbol run of " + run
                        + " passes byte value 255 (from " + symbol + ")", reader.bytePosition());
            }
            for (int i = 0; i < run; i++) {
                present[symbol++] = presentRun;
            }
            first = false;
            presentRun = !presentRun;
        }
        int[] lengths = new int[HuffmanCode.SYMBOLS];
        int previous = FIRST_PREVIOUS;
        for (int s = 0; s < HuffmanCode.SYMBOLS; s++) {
            if (!present[s]) {
                continue;
            }
            int zigzag = reader.readGamma(DELTA_GAMMA_BITS, "code length") - 1;
            int length = previous + ((zigzag >>> 1) ^ -(zigzag & 1));
            if (length < 1 || length > HuffmanCode.MAX_LENGTH) {
                throw new CorruptedInputException("Huffman table: code length " + length + " of symbol " + s
                        + " outside [1, " + HuffmanCode.MAX_LENGTH + "]", reader.bytePosition());
            }
            lengths[s] = length;
            previous = length;
        }
        if (reader.overran()) {
            throw new CorruptedInputException("Huffman table is truncated", reader.bytePosition());
        }
        return lengths;
    }
}

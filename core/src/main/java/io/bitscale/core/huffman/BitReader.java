package io.bitscale.core.huffman;

import io.bitscale.core.stream.CorruptedInputException;

/**
 * Reads bits most significant first from a byte array, one at a time: for the code-length table,
 * not for the payload (see {@link CanonicalDecoder}). Past the end of the input it reads zeros and
 * keeps counting, so a caller checks {@link #overran()} once instead of at every bit.
 */
final class BitReader {

    private final byte[] in;
    private final int end;
    /** Absolute bit position in {@link #in}. */
    private long bitPosition;

    /** Reads {@code in[offset..end)} from its first bit. */
    BitReader(byte[] in, int offset, int end) {
        this.in = in;
        this.end = end;
        this.bitPosition = 8L * offset;
    }

    int readBit() {
        long byteIndex = bitPosition >>> 3;
        int bit = byteIndex < end ? (in[(int) byteIndex] >>> (7 - (int) (bitPosition & 7))) & 1 : 0;
        bitPosition++;
        return bit;
    }

    /** Reads {@code count <= 31} bits as an unsigned number. */
    int readBits(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 1) | readBit();
        }
        return value;
    }

    /**
     * Reads an Elias gamma code (see {@link BitSink#writeGamma}).
     *
     * @param maxBits the value has at most this many bits (at most 31)
     * @throws CorruptedInputException if the code announces more bits
     */
    int readGamma(int maxBits, String what) throws CorruptedInputException {
        int zeros = 0;
        while (readBit() == 0) {
            if (++zeros >= maxBits) {
                throw new CorruptedInputException("Huffman table: " + what + " has a gamma code longer than "
                        + maxBits + " bits", bytePosition());
            }
        }
        return (1 << zeros) | readBits(zeros);
    }

    /** Absolute bit position of the next bit. */
    long bitPosition() {
        return bitPosition;
    }

    /** Offset of the byte holding the next bit. */
    long bytePosition() {
        return bitPosition >>> 3;
    }

    /** Whether bits past the end of the input have been read. */
    boolean overran() {
        return bitPosition > 8L * end;
    }
}

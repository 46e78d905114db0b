package io.bitscale.core.huffman;

/** Where {@link LengthTable} sends its bits: a {@link BitWriter}, or a counter that only sizes them. */
@FunctionalInterface
interface BitSink {

    /**
     * Appends the low {@code count} bits of {@code value}, most significant first.
     *
     * @param value non-negative, below {@code 2^count}
     * @param count 0..32
     */
    void write(long value, int count);

    /** Appends {@code value >= 1} as an Elias gamma code: {@code n - 1} zeros, then its {@code n} bits. */
    default void writeGamma(int value) {
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        write(0, bits - 1);
        write(value, bits);
    }
}

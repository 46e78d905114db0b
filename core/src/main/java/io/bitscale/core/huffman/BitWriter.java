package io.bitscale.core.huffman;

/**
 * Writes bits most significant first into a byte array sized in advance; the last byte is padded
 * with zero bits. Bits are gathered in a 64-bit accumulator and stored 32 at a time.
 */
final class BitWriter implements BitSink {

    private final byte[] out;
    private int position;
    /** The low {@link #pending} bits are not yet stored; bits above them are stale. */
    private long accumulator;
    /** 0..31 between calls. */
    private int pending;

    /** Writes into {@code out} from byte {@code offset}. */
    BitWriter(byte[] out, int offset) {
        this.out = out;
        this.position = offset;
    }

    @Override
    public void write(long value, int count) {
        // pending < 32 and count <= 32, so the accumulator holds at most 63 live bits.
        accumulator = (accumulator << count) | value;
        pending += count;
        if (pending >= 32) {
            pending -= 32;
            int word = (int) (accumulator >>> pending);
            out[position] = (byte) (word >>> 24);
            out[position + 1] = (byte) (word >>> 16);
            out[position + 2] = (byte) (word >>> 8);
            out[position + 3] = (byte) word;
            position += 4;
        }
    }

    /**
     * Stores the pending bits, zero-padded to a whole byte.
     *
     * @return the offset just past the last byte written
     */
    int finish() {
        while (pending >= 8) {
            pending -= 8;
            out[position++] = (byte) (accumulator >>> pending);
        }
        if (pending > 0) {
            out[position++] = (byte) (accumulator << (8 - pending));
            pending = 0;
        }
        return position;
    }
}

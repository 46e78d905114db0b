package io.bitscale.model.mix;

/**
 * The coding position shared by the components of one {@link Mixture}: the bits of the current
 * byte and the last eight whole bytes. The mixture advances it once per bit, before the
 * components update, so every component sees the same context.
 */
public final class ByteHistory {

    /** Bits of the current byte with a leading 1: 1, 1b, 1bb, ... (1..255). */
    int partial = 1;
    /** Bits of the current byte seen so far (0..7). */
    int bitCount;
    /** The last four bytes, most recent in the low byte. */
    int last4;
    /** The four bytes before those. */
    int before4;
    /** Whole bytes seen. */
    long bytes;

    /** Bits of the current byte with a leading 1 (1..255). */
    public int partial() {
        return partial;
    }

    /** Bits of the current byte seen so far (0..7). */
    public int bitCount() {
        return bitCount;
    }

    /** The last four bytes, most recent in the low 8 bits. */
    public int last4() {
        return last4;
    }

    /** Bytes 5 to 8 back, byte 5 in the low 8 bits. */
    public int before4() {
        return before4;
    }

    /** The byte {@code distance} (1..8) back, or 0 before the start. */
    public int back(int distance) {
        return distance <= 4 ? (last4 >>> (8 * (distance - 1))) & 0xFF : (before4 >>> (8 * (distance - 5))) & 0xFF;
    }

    /** Whole bytes seen so far. */
    public long bytes() {
        return bytes;
    }

    /** Advances by one bit; returns true when it completed a byte. */
    boolean advance(int bit) {
        partial = (partial << 1) | bit;
        if (++bitCount < 8) {
            return false;
        }
        before4 = (before4 << 8) | (last4 >>> 24);
        last4 = (last4 << 8) | (partial & 0xFF);
        partial = 1;
        bitCount = 0;
        bytes++;
        return true;
    }
}

package io.bitscale.model.counter;

/**
 * The simplest adaptive bit probability: an exponential moving average with rate
 * {@code 2^-shift}, {@code p += (bit·2^16 - p) >> shift}, in a 16-bit {@code int}. Fast and
 * forgetful: its effective memory is about {@code 2^shift} observations, from the first one on
 * (compare {@link AdaptiveBit}, whose rate starts at 1/1.5 and slows with the count).
 *
 * <pre>{@code
 * int p = ShiftBit.INITIAL;
 * int p1 = ShiftBit.p1(p);          // in [1, 65535]
 * p = ShiftBit.update(p, bit, 4);
 * }</pre>
 */
public final class ShiftBit {

    /** Probability one half. */
    public static final int INITIAL = 1 << 15;

    private ShiftBit() {
    }

    /** The probability of a 1, 16-bit, in {@code [1, 65535]}. */
    public static int p1(int p) {
        return p < 1 ? 1 : Math.min(p, 65535);
    }

    /**
     * The probability after observing {@code bit}.
     *
     * @param shift rate exponent, 1..15: rate {@code 2^-shift}
     */
    public static int update(int p, int bit, int shift) {
        return p + ((((bit << 16) - bit) - p) >> shift);
    }
}

package io.bitscale.core.model;

/**
 * The fixed-point probability unit of the bit-level SPI: {@code p1 = P(1) · 2^16}, always in
 * {@code [1, 65535]}. {@link #fromDouble(double)} is the one place a floating-point probability
 * becomes fixed point, so every model rounds the same way.
 */
public final class Probability {

    /** Bits of resolution of {@link BitPredictor#p1()}. */
    public static final int BITS = 16;
    /** Probability one: {@code 2^16}. */
    public static final int ONE = 1 << BITS;
    /** Probability one half. */
    public static final int HALF = ONE / 2;
    /** Smallest legal {@code p1}. */
    public static final int MIN = 1;
    /** Largest legal {@code p1}. */
    public static final int MAX = ONE - 1;

    private Probability() {
    }

    /** Clamps a fixed-point probability into {@code [MIN, MAX]}. */
    public static int clamp(int p1) {
        return p1 < MIN ? MIN : Math.min(p1, MAX);
    }

    /**
     * Converts a probability to fixed point, rounding to nearest and clamping into
     * {@code [MIN, MAX]}; NaN becomes one half. Reproducible on every JVM (IEEE multiply and
     * {@link Math#rint}).
     */
    public static int fromDouble(double probability) {
        if (Double.isNaN(probability)) {
            return HALF;
        }
        double scaled = Math.rint(probability * ONE);
        if (scaled < MIN) {
            return MIN;
        }
        return scaled > MAX ? MAX : (int) scaled;
    }

    /** The probability as a double. */
    public static double toDouble(int p1) {
        return p1 / (double) ONE;
    }
}

package io.bitscale.model.mix;

/**
 * Integer logistic functions shared by every mixing component: {@code stretch(p) = ln(p/(1-p))}
 * and its inverse {@code squash}, as lookup tables so that every machine computes the same
 * values.
 *
 * <p>Units: the <em>stretch domain</em> is a logit scaled by 256 and clamped to
 * {@code [-2047, 2047]} (logits of about ±8). Probabilities are 12-bit ({@code 0..4095},
 * {@link #squash}) or 16-bit ({@code 1..65535}, {@link #squash16}). The tables are built once
 * from {@link StrictMath#exp}, which gives identical results on every JVM, and are never written
 * afterwards.
 *
 * <pre>{@code
 * int d = Logistic.stretch(3000);         // about 256 * ln(3000 / 1096) = 258
 * int p12 = Logistic.squash(d);           // back to about 3000
 * }</pre>
 */
public final class Logistic {

    /** Largest magnitude in the stretch domain. */
    public static final int LIMIT = 2047;

    private static final int[] SQUASH12 = new int[2 * LIMIT + 1];
    private static final int[] SQUASH16 = new int[2 * LIMIT + 1];
    private static final short[] STRETCH = new short[4096];

    static {
        for (int d = -LIMIT; d <= LIMIT; d++) {
            double p = 1.0 / (1.0 + StrictMath.exp(-d / 256.0));
            SQUASH12[d + LIMIT] = clamp((int) StrictMath.floor(p * 4096 + 0.5), 1, 4095);
            SQUASH16[d + LIMIT] = clamp((int) StrictMath.floor(p * 65536 + 0.5), 1, 65535);
        }
        // stretch is the inverse of squash12: the smallest d whose squash reaches p.
        int p = 0;
        for (int d = -LIMIT; d <= LIMIT; d++) {
            int v = SQUASH12[d + LIMIT];
            for (; p <= v; p++) {
                STRETCH[p] = (short) d;
            }
        }
        for (; p < 4096; p++) {
            STRETCH[p] = LIMIT;
        }
    }

    private Logistic() {
    }

    private static int clamp(int v, int low, int high) {
        return v < low ? low : Math.min(v, high);
    }

    /** Clamps a value into the stretch domain {@code [-2047, 2047]}. */
    public static int clampStretch(int d) {
        return d < -LIMIT ? -LIMIT : Math.min(d, LIMIT);
    }

    /** {@code 256 · ln(p / (1 - p))} for a 12-bit probability {@code p12} in {@code 0..4095}. */
    public static int stretch(int p12) {
        return STRETCH[p12];
    }

    /** The 12-bit probability {@code 4096 / (1 + e^(-d/256))}, in {@code 1..4095}; d is clamped. */
    public static int squash(int d) {
        return SQUASH12[clampStretch(d) + LIMIT];
    }

    /** The 16-bit probability {@code 65536 / (1 + e^(-d/256))}, in {@code 1..65535}; d is clamped. */
    public static int squash16(int d) {
        return SQUASH16[clampStretch(d) + LIMIT];
    }
}

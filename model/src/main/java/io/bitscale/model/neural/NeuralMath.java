package io.bitscale.model.neural;

/**
 * The transcendental functions of the neural predictors, computed with IEEE {@code + - * /},
 * {@link Math#floor} and exponent bit manipulation only, so every JVM on every CPU returns the
 * same bits (Java floating point is strict since 17, and none of these operations may be fused
 * or reassociated by the JIT). {@link StrictMath} would be reproducible too but is several
 * times slower; the softmax calls {@link #exp} 256 times per byte.
 *
 * <p>Accuracy: {@link #exp} has a relative error below {@code 3·10^-10} (degree-8 Taylor
 * polynomial on {@code |r| ≤ ln2/2}); {@link #tanh} and {@link #sigmoid} inherit it. That is far
 * finer than the 24-bit fixed-point distribution the coder receives.
 */
public final class NeuralMath {

    private static final double LOG2_E = 1.4426950408889634;
    /** ln 2 split in a high part with trailing zero bits (so {@code k · LN2_HIGH} is exact) and the rest. */
    private static final double LN2_HIGH = 6.93147180369123816490e-01;
    private static final double LN2_LOW = 1.90821492927058770002e-10;

    private NeuralMath() {
    }

    /**
     * {@code e^x}, reproducible. Inputs below -700 return 0 and above 700 return
     * {@code e^700}, so the result is always finite.
     */
    public static double exp(double x) {
        if (!(x > -700)) {
            return 0; // also NaN -> 0: a broken logit gets no mass rather than poisoning the sum
        }
        if (x > 700) {
            x = 700;
        }
        // x = k·ln2 + r with |r| <= ln2/2, then e^x = 2^k · e^r.
        double k = Math.floor(x * LOG2_E + 0.5);
        double r = (x - k * LN2_HIGH) - k * LN2_LOW;
        double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
                + r * (1.0 / 720 + r * (1.0 / 5040 + r * (1.0 / 40320))))))));
        return p * Double.longBitsToDouble((long) (k + 1023) << 52);
    }

    /** The hyperbolic tangent, reproducible, via {@code (1 - e^-2|x|) / (1 + e^-2|x|)}. */
    public static double tanh(double x) {
        double t = exp(-2 * Math.abs(x));
        double magnitude = (1 - t) / (1 + t);
        return x < 0 ? -magnitude : magnitude;
    }

    /** The logistic function {@code 1 / (1 + e^-x)}, reproducible. */
    public static double sigmoid(double x) {
        return 1 / (1 + exp(-x));
    }
}

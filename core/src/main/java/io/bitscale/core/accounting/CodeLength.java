package io.bitscale.core.accounting;

import io.bitscale.core.model.Probability;

/**
 * Ideal code lengths: the bits an ideal coder spends on an outcome of probability p,
 * {@code -log2 p}. Bit costs come from a table of all 2^16 fixed-point probabilities, so
 * accounting adds little to a coding loop.
 */
public final class CodeLength {

    /** {@code COST[i] = -log2(i / 2^16)} for i in 1..2^16. */
    private static final double[] COST = new double[Probability.ONE + 1];

    static {
        for (int i = 1; i <= Probability.ONE; i++) {
            COST[i] = -StrictMath.log((double) i / Probability.ONE) / StrictMath.log(2);
        }
        COST[0] = Double.POSITIVE_INFINITY;
    }

    private CodeLength() {
    }

    /** Bits to code {@code bit} when {@code P(1) = p1 / 2^16}. */
    public static double bitCost(int p1, int bit) {
        return COST[bit != 0 ? p1 : Probability.ONE - p1];
    }

    /** Bits to code a symbol of width {@code frequency} out of {@code total}. */
    public static double symbolCost(int frequency, int total) {
        return (StrictMath.log(total) - StrictMath.log(frequency)) / StrictMath.log(2);
    }
}

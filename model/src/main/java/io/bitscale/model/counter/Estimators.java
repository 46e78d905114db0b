package io.bitscale.model.counter;

/**
 * Closed-form sequential estimators of a binary source from counts, for the theory checks: their
 * code lengths have known bounds (KT: at most {@code ½·log2 n + 1} bits above the best fixed
 * probability in hindsight; Laplace: at most {@code log2(n + 1)}). Results are 16-bit fixed point
 * in {@code [1, 65535]}, computed with integer arithmetic.
 *
 * <pre>{@code
 * int p1 = Estimators.kt(zeros, ones);        // (n1 + 1/2) / (n + 1)
 * int q1 = Estimators.laplace(zeros, ones);   // (n1 + 1) / (n + 2)
 * }</pre>
 */
public final class Estimators {

    private Estimators() {
    }

    /** Krichevsky–Trofimov: {@code P(1) = (n1 + ½) / (n0 + n1 + 1)}. */
    public static int kt(long zeros, long ones) {
        return fixed(2 * ones + 1, 2 * (zeros + ones) + 2);
    }

    /** Laplace (add-one): {@code P(1) = (n1 + 1) / (n0 + n1 + 2)}. */
    public static int laplace(long zeros, long ones) {
        return fixed(ones + 1, zeros + ones + 2);
    }

    private static int fixed(long numerator, long denominator) {
        if (numerator < 0 || denominator <= 0) {
            throw new IllegalArgumentException("counts must be non-negative");
        }
        long p = (numerator << 16) / denominator;
        return (int) Math.max(1, Math.min(65535, p));
    }
}

package io.bitscale.core.model;

/**
 * Builds cumulative frequency tables that meet the {@link SymbolPredictor} guarantees: every
 * symbol has a width of at least one, and the total is exactly what was asked for.
 */
public final class Cdf {

    private Cdf() {
    }

    /**
     * Fills {@code cdf[0..n]} from non-negative frequencies so that the total is exactly
     * {@code total} and every symbol gets at least 1. Symbols are scaled in proportion to their
     * frequency (integer arithmetic only, so the result is the same on every machine).
     *
     * @param frequencies {@code n} non-negative counts; all zero means uniform
     * @param total       the exact total, at least {@code n}, at most {@code 2^24}
     * @param cdf         output, at least {@code n + 1} entries
     */
    public static void fromFrequencies(long[] frequencies, int n, int total, int[] cdf) {
        if (total < n || total > (1 << 24)) {
            throw new IllegalArgumentException("total " + total + " outside [" + n + ", 2^24]");
        }
        long sum = 0;
        // Counts may be any non-negative longs; if their sum passes 2^63 it is kept exactly here.
        java.math.BigInteger bigSum = null;
        for (int s = 0; s < n; s++) {
            if (frequencies[s] < 0) {
                throw new IllegalArgumentException("negative frequency " + frequencies[s] + " for symbol " + s);
            }
            if (bigSum == null && sum > Long.MAX_VALUE - frequencies[s]) {
                bigSum = java.math.BigInteger.valueOf(sum);
            }
            if (bigSum != null) {
                bigSum = bigSum.add(java.math.BigInteger.valueOf(frequencies[s]));
            } else {
                sum += frequencies[s];
            }
        }
        // Every symbol gets 1; the rest is shared in proportion to frequency, and the rounding
        // remainder goes to the most frequent symbol, which distorts the distribution least.
        long spare = total - n;
        int cumulative = 0;
        long assigned = 0;
        int largest = 0;
        cdf[0] = 0;
        for (int s = 0; s < n; s++) {
            long share = bigSum != null
                    ? java.math.BigInteger.valueOf(frequencies[s]).multiply(java.math.BigInteger.valueOf(spare))
                            .divide(bigSum).longValue()
                    : sum == 0 ? spare / n : multiplyDivide(frequencies[s], spare, sum);
            assigned += share;
            if (frequencies[s] > frequencies[largest]) {
                largest = s;
            }
            cumulative += (int) (1 + share);
            cdf[s + 1] = cumulative;
        }
        long remainder = spare - assigned;
        if (remainder != 0) {
            for (int s = largest + 1; s <= n; s++) {
                cdf[s] += (int) remainder;
            }
        }
    }

    /** {@code floor(a * b / c)} for non-negative longs, exact even when {@code a * b} overflows. */
    static long multiplyDivide(long a, long b, long c) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if (high == 0 && low >= 0) {
            return low / c;
        }
        return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                .divide(java.math.BigInteger.valueOf(c)).longValueExact();
    }

    /**
     * Fills {@code cdf[0..n]} from probabilities (any non-negative weights, normalized here),
     * total {@code 2^totalBits}, every symbol at least 1. The one float-to-fixed conversion for
     * distributions: the weights are scaled by IEEE multiply and floor only.
     */
    public static void fromProbabilities(double[] probabilities, int n, int totalBits, int[] cdf) {
        if (totalBits < 1 || totalBits > 24) {
            throw new IllegalArgumentException("totalBits " + totalBits + " outside [1, 24]");
        }
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double p = probabilities[s];
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("probability " + p + " for symbol " + s);
            }
            sum += p;
        }
        long[] scaled = new long[n];
        for (int s = 0; s < n; s++) {
            scaled[s] = sum > 0 ? (long) Math.floor(probabilities[s] / sum * (1 << 30)) : 1;
        }
        fromFrequencies(scaled, n, 1 << totalBits, cdf);
    }

    /**
     * Checks the {@link SymbolPredictor} guarantees for the first {@code n} symbols.
     *
     * @throws IllegalArgumentException naming the first violation
     */
    public static void validate(int[] cdf, int n) {
        if (cdf.length < n + 1) {
            throw new IllegalArgumentException("cdf has " + cdf.length + " entries, needs " + (n + 1));
        }
        if (cdf[0] != 0) {
            throw new IllegalArgumentException("cdf[0] = " + cdf[0] + ", must be 0");
        }
        for (int s = 0; s < n; s++) {
            if (cdf[s + 1] <= cdf[s]) {
                throw new IllegalArgumentException("symbol " + s + " has width " + (cdf[s + 1] - cdf[s]));
            }
        }
        if (cdf[n] > (1 << 24)) {
            throw new IllegalArgumentException("total " + cdf[n] + " exceeds 2^24");
        }
    }
}

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
     *
     * <p>The result is defined as {@link #fromFrequencies} of the scaled weights
     * {@code floor(p[s] / Σp · 2^30)} (summed in index order). Those are at most {@code 2^30}, so
     * the proportional shares {@code floor(f · spare / Σf)} are computed by a multiplication with
     * the reciprocal of {@code Σf} and one exact integer correction instead of a 64-bit division
     * per symbol; {@link #fromFrequencies} remains the definition and the tests compare the two.
     */
    public static void fromProbabilities(double[] probabilities, int n, int totalBits, int[] cdf) {
        checkTotalBits(totalBits);
        fromValidated(probabilities, checkedSum(probabilities, n), n, totalBits, cdf);
    }

    /**
     * Builds the table of one row whose weights are already checked (non-negative and finite),
     * given their sum in index order; it must fill exactly the table of
     * {@link #fromProbabilities(double[], int, int, int[])} (a faster form of the same arithmetic,
     * such as a vector one, plugs in here).
     */
    @FunctionalInterface
    public interface RowBuilder {
        /** Fills {@code cdf[0..n]}; {@code sum} is {@code probabilities[0] + ... + probabilities[n-1]} in that order. */
        void build(double[] probabilities, double sum, int n, int totalBits, int[] cdf);
    }

    /** This class's own {@link RowBuilder}: the definition. */
    public static final RowBuilder ROWS = Cdf::fromValidated;

    private static void checkTotalBits(int totalBits) {
        if (totalBits < 1 || totalBits > 24) {
            throw new IllegalArgumentException("totalBits " + totalBits + " outside [1, 24]");
        }
    }

    /** The sum of {@code probabilities[0..n)} in index order, after checking each is non-negative and finite. */
    private static double checkedSum(double[] probabilities, int n) {
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double p = probabilities[s];
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("probability " + p + " for symbol " + s);
            }
            sum += p;
        }
        return sum;
    }

    /**
     * {@link #fromProbabilities(double[], int, int, int[])} for rows {@code [from, to)}: row
     * {@code r} of {@code probabilities} into row {@code r} of {@code cdfs}, the same tables as one
     * call per row in increasing row order (which also fails on the same row and symbol, with the
     * earlier rows filled). Each row's sum is still added in index order; four rows' sums run
     * side by side, so that their chains of dependent additions overlap.
     */
    public static void fromProbabilities(double[][] probabilities, int from, int to, int n, int totalBits,
                                         int[][] cdfs) {
        fromProbabilities(probabilities, from, to, n, totalBits, cdfs, ROWS);
    }

    /**
     * {@link #fromProbabilities(double[][], int, int, int, int, int[][])} with each checked row's
     * table built by {@code rows}, which must build {@link #ROWS}'s tables: the checks, the sums
     * and the order of failures stay this method's.
     */
    public static void fromProbabilities(double[][] probabilities, int from, int to, int n, int totalBits,
                                         int[][] cdfs, RowBuilder rows) {
        checkTotalBits(totalBits);
        int r = from;
        for (; r + 4 <= to; r += 4) {
            double[] p0 = probabilities[r];
            double[] p1 = probabilities[r + 1];
            double[] p2 = probabilities[r + 2];
            double[] p3 = probabilities[r + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            boolean valid = true;
            for (int s = 0; s < n; s++) {
                double a = p0[s];
                double b = p1[s];
                double c = p2[s];
                double d = p3[s];
                // Non-negative and finite (false for NaN); one combined test, the rows' own check on failure.
                valid &= a >= 0 & a < Double.POSITIVE_INFINITY & b >= 0 & b < Double.POSITIVE_INFINITY
                        & c >= 0 & c < Double.POSITIVE_INFINITY & d >= 0 & d < Double.POSITIVE_INFINITY;
                s0 += a;
                s1 += b;
                s2 += c;
                s3 += d;
            }
            if (!valid) {
                for (int k = r; k < r + 4; k++) {
                    rows.build(probabilities[k], checkedSum(probabilities[k], n), n, totalBits, cdfs[k]); // throws for the first bad row
                }
                continue;
            }
            rows.build(p0, s0, n, totalBits, cdfs[r]);
            rows.build(p1, s1, n, totalBits, cdfs[r + 1]);
            rows.build(p2, s2, n, totalBits, cdfs[r + 2]);
            rows.build(p3, s3, n, totalBits, cdfs[r + 3]);
        }
        for (; r < to; r++) {
            rows.build(probabilities[r], checkedSum(probabilities[r], n), n, totalBits, cdfs[r]);
        }
    }

    /** The table of weights already checked, with {@code sum} their sum in index order. */
    private static void fromValidated(double[] probabilities, double sum, int n, int totalBits, int[] cdf) {
        int total = 1 << totalBits;
        if (!(sum > 0) || n < 1 || n > total || cdf.length < n + 1) {
            // Uniform weights, or a call fromFrequencies rejects: let it decide (and throw).
            long[] scaled = new long[n];
            for (int s = 0; s < n; s++) {
                scaled[s] = sum > 0 ? (long) Math.floor(probabilities[s] / sum * SCALE) : 1;
            }
            fromFrequencies(scaled, n, total, cdf);
            return;
        }
        // The scaled weights, kept in cdf[0..n) until the shares overwrite them. Each p / sum is at
        // most 1 (a rounded sum of non-negative terms is at least each term), so f <= 2^30 fits
        // an int, and (int) equals the (long) of the definition.
        for (int s = 0; s < n; s++) {
            cdf[s] = (int) Math.floor(probabilities[s] / sum * SCALE);
        }
        long frequencySum = 0;
        int largest = 0;
        int most = cdf[0];
        for (int s = 0; s < n; s++) {
            int f = cdf[s];
            frequencySum += f;
            if (f > most) { // the first most frequent symbol, as fromFrequencies picks it
                most = f;
                largest = s;
            }
        }
        if (frequencySum == 0) {
            // Not reachable for n <= 2^24 (the largest weight scales to at least 2^6), kept exact anyway.
            fromFrequencies(new long[n], n, total, cdf);
            return;
        }
        long spare = total - n;
        double inverse = 1.0 / frequencySum;
        int cumulative = 0;
        long assigned = 0;
        for (int s = 0; s < n; s++) {
            long share = shareOf(cdf[s], spare, frequencySum, inverse);
            assigned += share;
            cdf[s] = cumulative;
            cumulative += (int) (1 + share);
        }
        cdf[n] = cumulative;
        long remainder = spare - assigned;
        if (remainder != 0) {
            for (int s = largest + 1; s <= n; s++) {
                cdf[s] += (int) remainder;
            }
        }
    }

    /** The weights' scale in {@link #fromProbabilities}: {@code 2^30}. */
    private static final double SCALE = 1 << 30;

    /**
     * {@code floor(f · spare / sum)} for {@code 0 <= f <= min(sum, 2^31)}, {@code 0 <= spare < 2^24}
     * and {@code 1 <= sum <= 2^55}, given {@code inverse = 1.0 / sum} (rounded): exact.
     *
     * <p>Why: with {@code x = f · spare < 2^55} and {@code t = x / sum <= spare < 2^24} (as
     * {@code f <= sum}), the
     * double {@code y = RN(RN(x) · inverse)} carries three roundings of relative size at most
     * {@code 2^-53} each, so {@code |y - t| < 2^-51 · t < 1}; truncating {@code y >= 0} therefore
     * gives {@code floor(t) - 1}, {@code floor(t)} or {@code floor(t) + 1}, and the remainder
     * {@code x - q · sum} (exact: it stays below {@code 2^57}) is negative in the last case and at
     * least {@code sum} in the first, which one step corrects.
     */
    static long shareOf(long f, long spare, long sum, double inverse) {
        long x = f * spare;
        long q = (long) (x * inverse);
        long r = x - q * sum;
        if (r < 0) {
            q--;
        } else if (r >= sum) {
            q++;
        }
        return q;
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

package io.bitscale.model.neural.tensor;

import io.bitscale.core.model.Cdf;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CoderRows}' loops with the Vector API (JDK 21+, {@code --add-modules jdk.incubator.vector}):
 * the softmax's maximum and exponentials and the coder table's scaling and shares in whole vectors
 * of doubles (ints and floats in vectors of as many lanes), the sums that define the results in
 * index order by the scalar code itself ({@code Ops.normalizeRows}, and {@link Cdf}, which also
 * checks the rows and hands each checked row to {@link #table}). {@link CoderRows} gives the
 * argument that every value equals the scalar loops'; rows the definition treats specially (zero
 * sum, too many symbols) go to {@link Cdf#ROWS} itself.
 */
final class VectorCoderRows implements CoderRows.Kernel {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = DOUBLES.length();
    /** Floats and ints, as many lanes as {@link #DOUBLES}. */
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> INTS =
            VectorSpecies.of(int.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
    /** Floats for the maximum: as many as fit. */
    private static final VectorSpecies<Float> WIDE_FLOATS = FloatVector.SPECIES_PREFERRED;

    /** {@code Cdf}'s scale of the weights. */
    private static final double SCALE = 1 << 30;
    /** Adding and subtracting it rounds a double in {@code [0, 2^52)} to an integer, exactly. */
    private static final double ROUNDER = 0x1p52;
    /** A quotient estimate this close to an integer takes the exact integer division. */
    private static final double MARGIN = 0x1p-20;

    VectorCoderRows() {
        if (LANES < 2) {
            throw new IllegalStateException("no double vectors on this JVM");
        }
    }

    @Override
    public String name() {
        return "vector-" + DOUBLES.vectorBitSize();
    }

    // ------------------------------------------------------------------------------- softmax

    @Override
    public void softmax(float[][] logits, int from, int to, int n, double[][] probabilities) {
        for (int r = from; r < to; r++) {
            exponentials(logits[r], n, probabilities[r]);
        }
        Ops.normalizeRows(probabilities, from, to, n);
    }

    /** {@code Ops.exponentials}: {@code exp((double) logit - (double) max)} per element. */
    private static void exponentials(float[] logits, int n, double[] probabilities) {
        double shift = maximum(logits, n);
        int s = 0;
        for (; s + LANES <= n; s += LANES) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(FLOATS, logits, s)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            exp(x.sub(shift)).intoArray(probabilities, s);
        }
        for (; s < n; s++) {
            probabilities[s] = Ops.exp((double) logits[s] - shift);
        }
    }

    /** {@link Ops#exp} in every lane: the same operations in the same order. */
    private static DoubleVector exp(DoubleVector x) {
        DoubleVector t = x.max(-Ops.EXP_LIMIT).min(Ops.EXP_LIMIT).mul(0x1p-10);
        DoubleVector p = t.mul(1.0 / 40320).add(1.0 / 5040).mul(t).add(1.0 / 720).mul(t).add(1.0 / 120).mul(t)
                .add(1.0 / 24).mul(t).add(1.0 / 6).mul(t).add(1.0 / 2).mul(t).add(1).mul(t).add(1);
        for (int k = 0; k < 10; k++) {
            p = p.mul(p);
        }
        return p;
    }

    /** {@code Math.max} over {@code x[0..n)}, {@code n >= 1}: lane maxima, then across lanes. */
    private static float maximum(float[] x, int n) {
        float m = x[0];
        int s = 0;
        int lanes = WIDE_FLOATS.length();
        if (n >= lanes) {
            FloatVector acc = FloatVector.fromArray(WIDE_FLOATS, x, 0);
            for (s = lanes; s + lanes <= n; s += lanes) {
                acc = acc.max(FloatVector.fromArray(WIDE_FLOATS, x, s));
            }
            m = Math.max(m, acc.reduceLanes(VectorOperators.MAX));
        }
        for (; s < n; s++) {
            m = Math.max(m, x[s]);
        }
        return m;
    }

    // ---------------------------------------------------------------------------- coder tables

    @Override
    public void cdfs(double[][] probabilities, int from, int to, int n, int totalBits, int[][] cdfs) {
        // Cdf checks the rows and sums them; only the table of a checked row is built here.
        Cdf.fromProbabilities(probabilities, from, to, n, totalBits, cdfs, VectorCoderRows::table);
    }

    /** {@link Cdf#ROWS}: the table of checked weights with {@code sum} their sum in index order. */
    private static void table(double[] p, double sum, int n, int totalBits, int[] cdf) {
        int total = 1 << totalBits;
        if (!(sum > 0) || n < 1 || n > total || cdf.length < n + 1) {
            Cdf.ROWS.build(p, sum, n, totalBits, cdf); // the definition's special cases
            return;
        }
        // The scaled weights floor(p / sum · 2^30), kept in cdf[0..n) until the shares replace them.
        DoubleVector sums = DoubleVector.zero(DOUBLES);
        DoubleVector maxima = DoubleVector.zero(DOUBLES);
        int s = 0;
        for (; s + LANES <= n; s += LANES) {
            DoubleVector f = floor(DoubleVector.fromArray(DOUBLES, p, s).div(sum).mul(SCALE));
            ((IntVector) f.convertShape(VectorOperators.D2I, INTS, 0)).intoArray(cdf, s);
            sums = sums.add(f);
            maxima = maxima.max(f);
        }
        double frequencySum = sums.reduceLanes(VectorOperators.ADD);
        int most = (int) maxima.reduceLanes(VectorOperators.MAX);
        for (; s < n; s++) {
            int f = (int) Math.floor(p[s] / sum * SCALE);
            cdf[s] = f;
            frequencySum += f;
            most = Math.max(most, f);
        }
        if (frequencySum == 0) {
            Cdf.ROWS.build(p, sum, n, totalBits, cdf); // not reachable for n <= 2^24; the definition decides
            return;
        }
        int largest = 0; // the first most frequent symbol
        while (cdf[largest] != most) {
            largest++;
        }
        long spare = total - n;
        long weightSum = (long) frequencySum;
        double inverse = 1.0 / frequencySum;
        s = 0;
        for (; s + LANES <= n; s += LANES) {
            IntVector weights = IntVector.fromArray(INTS, cdf, s);
            DoubleVector y = ((DoubleVector) weights.convertShape(VectorOperators.I2D, DOUBLES, 0))
                    .mul((double) spare).mul(inverse);
            DoubleVector q = floor(y);
            DoubleVector fraction = y.sub(q);
            VectorMask<Double> near = fraction.lt(MARGIN).or(fraction.compare(VectorOperators.GT, 1 - MARGIN)).andNot(y.eq(0));
            if (near.anyTrue()) {
                for (int k = s; k < s + LANES; k++) {
                    cdf[k] = (int) (cdf[k] * spare / weightSum);
                }
            } else {
                ((IntVector) q.convertShape(VectorOperators.D2I, INTS, 0)).intoArray(cdf, s);
            }
        }
        for (; s < n; s++) {
            cdf[s] = (int) (cdf[s] * spare / weightSum);
        }
        int cumulative = 0;
        long assigned = 0;
        for (s = 0; s < n; s++) {
            int share = cdf[s];
            assigned += share;
            cdf[s] = cumulative;
            cumulative += 1 + share;
        }
        cdf[n] = cumulative;
        int remainder = (int) (spare - assigned);
        if (remainder != 0) {
            for (s = largest + 1; s <= n; s++) {
                cdf[s] += remainder;
            }
        }
    }

    /** {@code Math.floor} of lanes in {@code [0, 2^52)} (or {@code -0}): round to an integer, minus one if that rounded up. */
    private static DoubleVector floor(DoubleVector z) {
        DoubleVector rounded = z.add(ROUNDER).sub(ROUNDER);
        return rounded.sub(1, rounded.compare(VectorOperators.GT, z));
    }
}

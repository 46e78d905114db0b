package io.bitscale.model.neural.tensor;

import io.bitscale.core.model.Cdf;

/**
 * The last per-byte work of a batched network: each row of logits becomes its softmax
 * ({@link Ops#softmax(float[][], int, int, int, double[][])}) and each row of probabilities its
 * coder table ({@link Cdf#fromProbabilities(double[][], int, int, int, int, int[][])}), with those
 * methods' loops or, when the JVM offers it, a Vector API form of them ({@code VectorCoderRows},
 * compiled for JDK 21+ into {@code META-INF/versions/21} and chosen like the product kernel, see
 * {@link MatMul#kernel()}).
 *
 * <pre>{@code
 * float[][] logits = new float[16][256];
 * double[][] probabilities = new double[16][256];
 * int[][] cdfs = new int[16][257];
 * CoderRows.softmax(logits, 0, 16, 256, probabilities);
 * CoderRows.cdfs(probabilities, 0, 16, 256, 24, cdfs);
 * }</pre>
 *
 * <p><b>Same bits on every path.</b> The definitions are {@code Ops} and {@code Cdf}; the vector
 * form computes every value with the same IEEE operations (never fused), and where it takes
 * another route it is one with a proof of equality:
 * <ul>
 *   <li>the maximum of a row in lanes, then across them: {@link Math#max} is associative and
 *       commutative, so any grouping gives the sequential maximum (and any NaN makes the row
 *       uniform either way);</li>
 *   <li>the exponentials lane by lane: {@link Ops#exp} is element-wise; the normalizing sums stay
 *       sequential loops in index order;</li>
 *   <li>{@code floor} of a non-negative double below {@code 2^52} as "round to an integer by
 *       adding and subtracting {@code 2^52}, minus one if that rounded up", which is exact;</li>
 *   <li>the sum of the scaled weights in lanes: they are integers whose total stays below
 *       {@code 2^53}, so every partial sum is exact in any order;</li>
 *   <li>the share {@code floor(f · spare / Σf)}: the quotient estimate {@code y} is
 *       {@code Cdf}'s (the same two roundings), within {@code 2^-27} of the true quotient, so when
 *       {@code y}'s fraction lies in {@code [2^-20, 1 - 2^-20]} (or {@code y = 0}, which only
 *       {@code f = 0} gives) {@code floor(y)} is the share; any other lane takes {@code Cdf}'s
 *       exact integer correction.</li>
 * </ul>
 * {@code CoderRowsTest} compares the paths element by element on random, peaked and hostile rows.
 */
public final class CoderRows {

    /** One path: the loops of {@code Ops} and {@code Cdf}, or their vector form. */
    interface Kernel {
        void softmax(float[][] logits, int from, int to, int n, double[][] probabilities);

        void cdfs(double[][] probabilities, int from, int to, int n, int totalBits, int[][] cdfs);

        /** {@code scalar} or {@code vector-256}, etc. */
        String name();
    }

    /** The definitions themselves. */
    static final Kernel SCALAR = new Kernel() {
        @Override
        public void softmax(float[][] logits, int from, int to, int n, double[][] probabilities) {
            Ops.softmax(logits, from, to, n, probabilities);
        }

        @Override
        public void cdfs(double[][] probabilities, int from, int to, int n, int totalBits, int[][] cdfs) {
            Cdf.fromProbabilities(probabilities, from, to, n, totalBits, cdfs);
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    private static final Kernel BEST = best();

    private CoderRows() {
    }

    /** {@link Ops#softmax(float[][], int, int, int, double[][])}, the same values. */
    public static void softmax(float[][] logits, int from, int to, int n, double[][] probabilities) {
        BEST.softmax(logits, from, to, n, probabilities);
    }

    /**
     * {@link Cdf#fromProbabilities(double[][], int, int, int, int, int[][])}, the same tables (and
     * the same exception, on the same row and symbol, for a row that is not a distribution).
     */
    public static void cdfs(double[][] probabilities, int from, int to, int n, int totalBits, int[][] cdfs) {
        BEST.cdfs(probabilities, from, to, n, totalBits, cdfs);
    }

    /** Which loops run: {@code scalar} or {@code vector-...}. */
    public static String kernel() {
        return BEST.name();
    }

    /** The vector loops when the JVM can run them (and {@code -Dbitscale.vector=false} is not given). */
    private static Kernel best() {
        return VectorClasses.best("VectorCoderRows", Kernel.class, SCALAR);
    }

    /** The vector loops, or {@code null} when this JVM cannot run them. */
    static Kernel vector() {
        return VectorClasses.load("VectorCoderRows", Kernel.class);
    }
}

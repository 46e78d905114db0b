package io.bitscale.model.neural.tensor;

/**
 * Adam's element-wise step over one row of weights, with the scalar loop or, when the JVM offers
 * it, a Vector API loop ({@code VectorAdamRows}, compiled for JDK 21+ into
 * {@code META-INF/versions/21} and chosen like the product kernel, see {@link MatMul#kernel()}).
 * Rows of 16 or 32 weights (the batched MLP's embedding and hidden rows) are too short for the
 * JIT's own vector loop, which then runs them in its scalar tail; the Vector API loop takes them
 * in whole vectors.
 *
 * <pre>{@code
 * float[] weights = new float[32], first = new float[32], second = new float[32], gradient = new float[32];
 * AdamRows.update(weights, first, second, gradient, 32, 0.9f, 0.999f, 1f, 0.002f, 1e-6f);
 * }</pre>
 *
 * <p><b>Same bits on every path.</b> Each element takes exactly these IEEE {@code float}
 * operations, none fused, in this order:
 * <pre>
 * m = beta1 · m + (1 - beta1) · g
 * v = beta2 · v + ((1 - beta2) · g) · g
 * w = w · decay - (rate · m) / (sqrt(v) + epsilon)
 * </pre>
 * The scalar loop's {@code (float) Math.sqrt(v)} (a double square root rounded to float) equals the
 * correctly rounded float square root of the vector lanes, since a double carries more than
 * {@code 2·24 + 2} bits; lanes never combine. So a row gives the same bits on JDK 17 (scalar) and
 * on JDK 21+ with the Vector API, at any vector width.
 */
public final class AdamRows {

    /** One row's step: the loop of a path. */
    interface Kernel {
        void update(float[] w, float[] m, float[] v, float[] g, int n, float beta1, float beta2, float decay,
                    float rate, float epsilon);

        /** {@code scalar} or {@code vector-256}, etc. */
        String name();
    }

    /** The plain loop, also the tail of the vector one. */
    static final Kernel SCALAR = new Kernel() {
        @Override
        public void update(float[] w, float[] m, float[] v, float[] g, int n, float beta1, float beta2, float decay,
                           float rate, float epsilon) {
            updateScalar(w, m, v, g, 0, n, beta1, beta2, decay, rate, epsilon);
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    private static final Kernel BEST = best();

    private AdamRows() {
    }

    /**
     * One Adam step on {@code w[0..n)} with moments {@code m}, {@code v} and gradient {@code g};
     * {@code rate} and {@code epsilon} already carry the bias corrections.
     */
    public static void update(float[] w, float[] m, float[] v, float[] g, int n, float beta1, float beta2, float decay,
                              float rate, float epsilon) {
        BEST.update(w, m, v, g, n, beta1, beta2, decay, rate, epsilon);
    }

    /** Which loop {@link #update} runs: {@code scalar} or {@code vector-...}. */
    public static String kernel() {
        return BEST.name();
    }

    /** The step of elements {@code [from, to)}, one at a time. */
    static void updateScalar(float[] w, float[] m, float[] v, float[] g, int from, int to, float beta1, float beta2,
                             float decay, float rate, float epsilon) {
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + keep1 * gi;
            float vi = beta2 * v[i] + keep2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] * decay - rate * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    /** The vector loop when the JVM can run it (and {@code -Dbitscale.vector=false} is not given). */
    private static Kernel best() {
        return VectorClasses.best("VectorAdamRows", Kernel.class, SCALAR);
    }

    /** The vector loop, or {@code null} when this JVM cannot run it. */
    static Kernel vector() {
        return VectorClasses.load("VectorAdamRows", Kernel.class);
    }
}

package io.bitscale.model.neural.tensor;

/**
 * Row-wise operations of the networks, forward and backward: layer normalization, GELU, and the
 * softmax with its cross-entropy. Each works on one row at a time, so a caller may split rows over
 * threads freely.
 *
 * <p><b>Reduction order.</b> Sums over a row (means, variances, softmax normalizers, the dot
 * products of the backward passes) run in {@code double}, in increasing index; element-wise work is
 * IEEE {@code float} or {@code double} arithmetic, {@link Math#sqrt} and {@link #exp} (IEEE
 * arithmetic only), so every JVM computes the same bits. Column sums over rows (gain and bias gradients) add rows in
 * increasing row order.
 */
public final class Ops {

    /** {@link #exp} clamps its argument to {@code [-EXP_LIMIT, EXP_LIMIT]}. */
    public static final double EXP_LIMIT = 64;

    /** Added to the variance of layer normalization. */
    public static final double LAYER_NORM_EPSILON = 1e-5;
    /** {@code √(2/π)}, of the tanh form of GELU. */
    private static final float GELU_SCALE_F = 0.7978846f;
    private static final float GELU_CUBIC_F = 0.044715f;

    private Ops() {
    }

    /**
     * Layer normalization of {@code x[0..d)}: {@code xhat = (x - mean) · rstd}, {@code y = xhat · gain + bias}.
     *
     * @param xhat receives the normalized row (kept for the backward pass)
     * @return {@code rstd = 1 / √(variance + ε)}, as a float
     */
    public static float layerNorm(float[] x, int d, float[] gain, float[] bias, float[] xhat, float[] y) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += x[j];
        }
        float mean = (float) (sum / d);
        double squares = 0;
        for (int j = 0; j < d; j++) {
            double t = x[j] - mean;
            squares += t * t;
        }
        float rstd = (float) (1 / Math.sqrt(squares / d + LAYER_NORM_EPSILON));
        for (int j = 0; j < d; j++) {
            float h = (x[j] - mean) * rstd;
            xhat[j] = h;
            y[j] = h * gain[j] + bias[j];
        }
        return rstd;
    }

    /**
     * Adds the input gradient of {@link #layerNorm} to {@code dx}:
     * {@code dx += rstd · (g - mean(g) - xhat · mean(g · xhat))} with {@code g = dy · gain}.
     *
     * @param scratch at least {@code d} floats
     */
    public static void layerNormBackward(float[] dy, float[] xhat, float rstd, float[] gain, int d, float[] dx,
                                         float[] scratch) {
        double sum = 0;
        double dot = 0;
        for (int j = 0; j < d; j++) {
            float g = dy[j] * gain[j];
            scratch[j] = g;
            sum += g;
            dot += (double) g * xhat[j];
        }
        float meanG = (float) (sum / d);
        float meanGx = (float) (dot / d);
        for (int j = 0; j < d; j++) {
            dx[j] += rstd * (scratch[j] - meanG - xhat[j] * meanGx);
        }
    }

    /**
     * The parameter gradients of layer normalization over rows {@code [0, rows)}, added in row
     * order: {@code dGain += Σ dy · xhat}, {@code dBias += Σ dy}, for columns {@code [c0, c1)}.
     */
    public static void layerNormParameterGradients(float[][] dy, float[][] xhat, int rows, int c0, int c1,
                                                   float[] dGain, float[] dBias) {
        for (int r = 0; r < rows; r++) {
            float[] g = dy[r];
            float[] h = xhat[r];
            for (int j = c0; j < c1; j++) {
                dGain[j] += g[j] * h[j];
                dBias[j] += g[j];
            }
        }
    }

    /**
     * {@code e^x} for {@code x} clamped to {@code [-64, 64]}, from IEEE {@code + - *} and
     * {@link Math#max}/{@link Math#min} only: {@code e^x = (e^(x/1024))^1024}, the inner value by
     * its degree-8 Taylor polynomial ({@code |x/1024| ≤ 1/16}, truncation below 10^-16) and ten
     * squarings; relative error below 10^-12. Having no floor, table or exponent bits, a loop
     * over it is vectorized by the JIT (unlike {@code NeuralMath.exp}, which needs both); the
     * result does not depend on that. NaN stays NaN.
     */
    public static double exp(double x) {
        double t = Math.min(EXP_LIMIT, Math.max(-EXP_LIMIT, x)) * 0x1p-10;
        double p = 1 + t * (1 + t * (1.0 / 2 + t * (1.0 / 6 + t * (1.0 / 24 + t * (1.0 / 120 + t * (1.0 / 720
                + t * (1.0 / 5040 + t * (1.0 / 40320))))))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p;
    }

    /**
     * {@link #exp} in {@code float}: {@code x} clamped to {@code [-64, 64]}, the degree-5 Taylor
     * polynomial of {@code e^(x/1024)} and ten squarings, relative error below {@code 2·10^-4}
     * (the squarings multiply the float rounding of the polynomial by up to 1024): enough for
     * attention weights, and a loop over {@code float}s stays vectorizable.
     */
    public static float expFloat(float x) {
        float t = Math.min(64f, Math.max(-64f, x)) * 0x1p-10f;
        float p = 1 + t * (1 + t * (1f / 2 + t * (1f / 6 + t * (1f / 24 + t * (1f / 120)))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p;
    }

    /**
     * GELU in its sigmoid form of the tanh approximation:
     * {@code y = x/2 · (1 + tanh(z)) = x / (1 + e^(-2z))}, {@code z = √(2/π) · (x + 0.044715 x³)},
     * for {@code j < n}, in {@code float} with {@link #expFloat} (relative error about 10^-4, far
     * below what training notices; a float loop vectorizes twice as wide as a double one).
     */
    public static void gelu(float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            float v = x[j];
            float z = GELU_SCALE_F * (v + GELU_CUBIC_F * v * v * v);
            y[j] = v / (1 + expFloat(-2 * z));
        }
    }

    /**
     * {@code dx[j] = dy[j] · gelu'(x[j])} for {@code j < n} ({@code dx} may be {@code dy}), in
     * {@code float}: with {@code s = 1 / (1 + e^(-2z))}, {@code gelu' = s + 2x · s · (1 - s) · dz/dx}.
     */
    public static void geluBackward(float[] x, float[] dy, float[] dx, int n) {
        for (int j = 0; j < n; j++) {
            float v = x[j];
            float z = GELU_SCALE_F * (v + GELU_CUBIC_F * v * v * v);
            float s = 1 / (1 + expFloat(-2 * z));
            float dz = GELU_SCALE_F * (1 + 3 * GELU_CUBIC_F * v * v);
            dx[j] = dy[j] * (s + 2 * v * s * (1 - s) * dz);
        }
    }

    /**
     * {@code y[j] = tanh(x[j]) = 1 - 2 / (1 + e^(2x))} for {@code j < n}, in {@code double} with
     * {@link #exp} ({@code ±1} beyond {@code |x| = 32}); {@code y} may be {@code x}.
     *
     * @param scratch at least {@code n} doubles
     */
    public static void tanh(float[] x, float[] y, int n, double[] scratch) {
        for (int j = 0; j < n; j++) {
            scratch[j] = x[j];
        }
        for (int j = 0; j < n; j++) {
            scratch[j] = 1 - 2 / (1 + exp(2 * scratch[j]));
        }
        for (int j = 0; j < n; j++) {
            y[j] = (float) scratch[j];
        }
    }

    /**
     * Softmax of {@code logits[0..n)} into {@code probabilities}: subtract the maximum, exponentiate
     * with {@link #exp}, sum in index order, multiply by the inverse. Diverged logits (NaN,
     * infinite sum) give the uniform distribution, so coding never fails.
     */
    public static void softmax(float[] logits, int n, double[] probabilities) {
        exponentials(logits, n, probabilities);
        double sum = 0;
        for (int s = 0; s < n; s++) {
            sum += probabilities[s];
        }
        normalize(probabilities, n, sum);
    }

    /**
     * {@link #softmax(float[], int, double[])} of rows {@code [from, to)} of {@code logits} into
     * the same rows of {@code probabilities}, with the same values as one call per row: each row's
     * normalizer is still summed in index order, but four rows' sums run side by side, so that
     * their chains of dependent additions overlap.
     */
    public static void softmax(float[][] logits, int from, int to, int n, double[][] probabilities) {
        for (int r = from; r < to; r++) {
            exponentials(logits[r], n, probabilities[r]);
        }
        normalizeRows(probabilities, from, to, n);
    }

    /**
     * Divides rows {@code [from, to)} by their sums (each summed in index order; four rows' sums
     * side by side, so that their chains of dependent additions overlap).
     */
    static void normalizeRows(double[][] probabilities, int from, int to, int n) {
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
            for (int s = 0; s < n; s++) {
                s0 += p0[s];
                s1 += p1[s];
                s2 += p2[s];
                s3 += p3[s];
            }
            normalize(p0, n, s0);
            normalize(p1, n, s1);
            normalize(p2, n, s2);
            normalize(p3, n, s3);
        }
        for (; r < to; r++) {
            double[] p = probabilities[r];
            double sum = 0;
            for (int s = 0; s < n; s++) {
                sum += p[s];
            }
            normalize(p, n, sum);
        }
    }

    /** {@code e^(logit - max)} of a row, unnormalized. */
    private static void exponentials(float[] logits, int n, double[] probabilities) {
        float max = maximum(logits, n);
        // Convert first: a loop that mixes float and double does not vectorize.
        for (int s = 0; s < n; s++) {
            probabilities[s] = logits[s];
        }
        double shift = max;
        for (int s = 0; s < n; s++) {
            probabilities[s] = exp(probabilities[s] - shift);
        }
    }

    /**
     * {@code Math.max} over {@code x[0..n)}, in four interleaved partial maxima (independent
     * chains instead of one). {@code Math.max} is associative and commutative (NaN absorbs, and
     * {@code +0} is above {@code -0}), so any grouping gives the maximum of the sequential loop;
     * only which NaN comes back could differ, and every NaN maximum makes the same uniform row.
     */
    static float maximum(float[] x, int n) {
        float m0 = x[0];
        float m1 = m0;
        float m2 = m0;
        float m3 = m0;
        int s = 1;
        for (; s + 4 <= n; s += 4) {
            m0 = Math.max(m0, x[s]);
            m1 = Math.max(m1, x[s + 1]);
            m2 = Math.max(m2, x[s + 2]);
            m3 = Math.max(m3, x[s + 3]);
        }
        for (; s < n; s++) {
            m0 = Math.max(m0, x[s]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /** Divides a row by its sum (multiplies by the inverse), or makes it uniform when the sum diverged. */
    private static void normalize(double[] probabilities, int n, double sum) {
        if (!(sum > 0) || Double.isInfinite(sum)) {
            java.util.Arrays.fill(probabilities, 0, n, 1.0 / n);
            return;
        }
        double inverse = 1 / sum;
        for (int s = 0; s < n; s++) {
            probabilities[s] *= inverse;
        }
    }

    /**
     * The gradient of the cross-entropy (natural log) with respect to the logits, scaled:
     * {@code gradient[s] = scale · (p[s] - [s == target])}.
     */
    public static void crossEntropyGradient(double[] probabilities, int n, int target, float scale, float[] gradient) {
        for (int s = 0; s < n; s++) {
            gradient[s] = (float) probabilities[s] * scale;
        }
        gradient[target] -= scale;
    }
}

package io.bitscale.model.neural.tensor;

import io.bitscale.model.neural.NeuralMath;

/**
 * Row-wise operations of the networks, forward and backward: layer normalization, GELU, and the
 * softmax with its cross-entropy. Each works on one row at a time, so a caller may split rows over
 * threads freely.
 *
 * <p><b>Reduction order.</b> Sums over a row (means, variances, softmax normalizers, the dot
 * products of the backward passes) run in {@code double}, in increasing index; element-wise work is
 * IEEE {@code float} or {@code double} arithmetic, {@link Math#sqrt} and {@link NeuralMath}, so
 * every JVM computes the same bits. Column sums over rows (gain and bias gradients) add rows in
 * increasing row order.
 */
public final class Ops {

    /** Added to the variance of layer normalization. */
    public static final double LAYER_NORM_EPSILON = 1e-5;
    /** {@code √(2/π)}, of the tanh form of GELU. */
    private static final double GELU_SCALE = 0.7978845608028654;
    private static final double GELU_CUBIC = 0.044715;

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

    /** GELU, tanh form: {@code y = x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))}, for {@code j < n}. */
    public static void gelu(float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            double v = x[j];
            double t = NeuralMath.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
            y[j] = (float) (0.5 * v * (1 + t));
        }
    }

    /** {@code dx[j] = dy[j] · gelu'(x[j])} for {@code j < n}. */
    public static void geluBackward(float[] x, float[] dy, float[] dx, int n) {
        for (int j = 0; j < n; j++) {
            double v = x[j];
            double t = NeuralMath.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
            double derivative = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_SCALE * (1 + 3 * GELU_CUBIC * v * v);
            dx[j] = (float) (dy[j] * derivative);
        }
    }

    /**
     * Softmax of {@code logits[0..n)} into {@code probabilities}: subtract the maximum, exponentiate
     * with {@link NeuralMath#exp}, sum in index order, multiply by the inverse. Diverged logits
     * (NaN, infinite sum) give the uniform distribution, so coding never fails.
     */
    public static void softmax(float[] logits, int n, double[] probabilities) {
        float max = logits[0];
        for (int s = 1; s < n; s++) {
            max = Math.max(max, logits[s]);
        }
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double e = NeuralMath.exp((double) logits[s] - max);
            probabilities[s] = e;
            sum += e;
        }
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

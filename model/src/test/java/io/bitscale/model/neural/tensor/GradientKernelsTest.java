package io.bitscale.model.neural.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.bitscale.model.neural.tensor.KernelsTest.assertBitIdentical;
import static io.bitscale.model.neural.tensor.KernelsTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The backward passes of attention, layer normalization, GELU and the softmax cross-entropy
 * against central finite differences of reference forward passes written in {@code double};
 * attention also bit for bit across thread counts and between the batched and the incremental
 * (key/value cache) paths.
 */
class GradientKernelsTest {

    private static Workers one;
    private static Workers two;

    @BeforeAll
    static void pools() {
        one = new Workers(1);
        two = new Workers(2);
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
    }

    /** Double-precision attention: out[s·T + i] for the configuration. */
    static double[][] referenceAttention(double[][] q, double[][] k, double[][] v, int sequences, int length, int d,
                                         int heads, int window) {
        int dh = d / heads;
        double scale = 1 / Math.sqrt(dh);
        double[][] out = new double[sequences * length][d];
        for (int s = 0; s < sequences; s++) {
            for (int h = 0; h < heads; h++) {
                double slope = Math.pow(2, -8.0 * (h + 1) / heads);
                for (int i = 0; i < length; i++) {
                    int lo = Math.max(0, i - window + 1);
                    double[] score = new double[i - lo + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = lo; j <= i; j++) {
                        double dot = 0;
                        for (int c = 0; c < dh; c++) {
                            dot += q[s * length + i][h * dh + c] * k[s * length + j][h * dh + c];
                        }
                        score[j - lo] = dot * scale - slope * (i - j);
                        max = Math.max(max, score[j - lo]);
                    }
                    double sum = 0;
                    for (int j = 0; j < score.length; j++) {
                        score[j] = Math.exp(score[j] - max);
                        sum += score[j];
                    }
                    for (int c = 0; c < dh; c++) {
                        double o = 0;
                        for (int j = lo; j <= i; j++) {
                            o += score[j - lo] / sum * v[s * length + j][h * dh + c];
                        }
                        out[s * length + i][h * dh + c] = o;
                    }
                }
            }
        }
        return out;
    }

    static double[][] toDouble(float[][] m) {
        double[][] r = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                r[i][j] = m[i][j];
            }
        }
        return r;
    }

    static double dotAll(double[][] a, float[][] g) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                sum += a[i][j] * g[i][j];
            }
        }
        return sum;
    }

    @ParameterizedTest
    @CsvSource({"2,7,8,2,7", "1,12,12,3,4", "3,5,16,4,1"})
    void attentionGradientsMatchFiniteDifferences(int sequences, int length, int d, int heads, int window) {
        int rows = sequences * length;
        float[][] q = random(rows, d, 11);
        float[][] k = random(rows, d, 12);
        float[][] v = random(rows, d, 13);
        float[][] g = random(rows, d, 14);
        Attention attention = new Attention(d, heads, window);
        Attention.Scratch scratch = attention.new Scratch(2, length, true);
        float[][][] p = new float[sequences * heads][length][length];
        float[][] out = new float[rows][d];
        attention.forward(two, q, k, v, sequences, length, out, p, scratch);
        double[][] reference = referenceAttention(toDouble(q), toDouble(k), toDouble(v), sequences, length, d, heads,
                window);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                // Attention weights use Ops.expFloat (relative error up to 2e-4).
                assertThat((double) out[i][j]).isCloseTo(reference[i][j], within(2e-4));
            }
        }
        float[][] dq = new float[rows][d];
        float[][] dk = new float[rows][d];
        float[][] dv = new float[rows][d];
        attention.backward(two, q, k, v, p, g, sequences, length, dq, dk, dv, scratch);
        float[][][] inputs = {q, k, v};
        float[][][] analytic = {dq, dk, dv};
        java.util.SplittableRandom pick = new java.util.SplittableRandom(5);
        for (int which = 0; which < 3; which++) {
            for (int trial = 0; trial < 25; trial++) {
                int i = pick.nextInt(rows);
                int j = pick.nextInt(d);
                double[][][] x = {toDouble(q), toDouble(k), toDouble(v)};
                double h = 1e-5;
                x[which][i][j] = inputs[which][i][j] + h;
                double plus = dotAll(referenceAttention(x[0], x[1], x[2], sequences, length, d, heads, window), g);
                x[which][i][j] = inputs[which][i][j] - h;
                double minus = dotAll(referenceAttention(x[0], x[1], x[2], sequences, length, d, heads, window), g);
                double numeric = (plus - minus) / (2 * h);
                assertThat((double) analytic[which][i][j]).as("d%s[%d][%d]", "qkv".charAt(which), i, j)
                        .isCloseTo(numeric, within(2e-4 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void attentionIsBitIdenticalOnOneAndTwoThreadsAndIncrementally() {
        int sequences = 3;
        int length = 40;
        int d = 24;
        int heads = 3;
        int window = 9;
        int rows = sequences * length;
        float[][] q = random(rows, d, 21);
        float[][] k = random(rows, d, 22);
        float[][] v = random(rows, d, 23);
        float[][] g = random(rows, d, 24);
        Attention attention = new Attention(d, heads, window);
        float[][][] results = new float[2][][];
        float[][][][] gradients = new float[2][][][];
        Workers[] pools = {one, two};
        for (int t = 0; t < 2; t++) {
            Attention.Scratch scratch = attention.new Scratch(pools[t].threads(), length, true);
            float[][][] p = new float[sequences * heads][length][length];
            float[][] out = new float[rows][d];
            attention.forward(pools[t], q, k, v, sequences, length, out, p, scratch);
            float[][] dq = new float[rows][d];
            float[][] dk = new float[rows][d];
            float[][] dv = new float[rows][d];
            attention.backward(pools[t], q, k, v, p, g, sequences, length, dq, dk, dv, scratch);
            results[t] = out;
            gradients[t] = new float[][][] {dq, dk, dv};
        }
        assertBitIdentical(results[0], results[1], rows, d, "forward, 1 vs 2 threads");
        for (int which = 0; which < 3; which++) {
            assertBitIdentical(gradients[0][which], gradients[1][which], rows, d, "backward " + which);
        }
        // Frozen path without kept probabilities.
        float[][] frozen = new float[rows][d];
        attention.forward(two, q, k, v, sequences, length, frozen, null, attention.new Scratch(2, length, false));
        assertBitIdentical(results[0], frozen, rows, d, "forward without kept probabilities");
        // One query at a time against a doubled ring buffer of keys and values, as a decoder runs.
        for (int s = 0; s < sequences; s++) {
            float[][] keysT = new float[d][2 * window];
            float[][] values = new float[2 * window][];
            float[] probabilities = new float[2 * window];
            for (int i = 0; i < length; i++) {
                int slot = i % window;
                for (int c = 0; c < d; c++) {
                    keysT[c][slot] = k[s * length + i][c];
                    keysT[c][slot + window] = k[s * length + i][c];
                }
                values[slot] = v[s * length + i];
                values[slot + window] = v[s * length + i];
                int count = Math.min(i + 1, window);
                int first = slot + window - count + 1;
                float[] out = new float[d];
                for (int h = 0; h < heads; h++) {
                    attention.attendRow(q[s * length + i], h, keysT, first, count, values, first, probabilities, out);
                }
                assertBitIdentical(new float[][] {results[0][s * length + i]}, new float[][] {out}, 1, d,
                        "incremental row " + i + " of sequence " + s);
            }
        }
    }

    @Test
    void layerNormGradientsMatchFiniteDifferences() {
        int d = 13;
        float[] x = random(1, d, 31)[0];
        float[] gain = random(1, d, 32)[0];
        float[] bias = random(1, d, 33)[0];
        float[] g = random(1, d, 34)[0];
        float[] xhat = new float[d];
        float[] y = new float[d];
        float rstd = Ops.layerNorm(x, d, gain, bias, xhat, y);
        double[] reference = referenceLayerNorm(toDouble(new float[][] {x})[0], gain, bias);
        for (int j = 0; j < d; j++) {
            assertThat((double) y[j]).isCloseTo(reference[j], within(1e-5));
        }
        float[] dx = new float[d];
        Ops.layerNormBackward(g, xhat, rstd, gain, d, dx, new float[d]);
        float[] dGain = new float[d];
        float[] dBias = new float[d];
        Ops.layerNormParameterGradients(new float[][] {g}, new float[][] {xhat}, 1, 0, d, dGain, dBias);
        for (int j = 0; j < d; j++) {
            double h = 1e-5;
            double[] xs = toDouble(new float[][] {x})[0];
            xs[j] += h;
            double plus = dot(referenceLayerNorm(xs, gain, bias), g);
            xs[j] -= 2 * h;
            double minus = dot(referenceLayerNorm(xs, gain, bias), g);
            assertThat((double) dx[j]).as("dx[%d]", j).isCloseTo((plus - minus) / (2 * h), within(1e-4));
            // y is linear in gain and bias: their gradients are exact products.
            assertThat((double) dGain[j]).isCloseTo(g[j] * (reference[j] - bias[j]) / gain[j], within(1e-4));
            assertThat(dBias[j]).isEqualTo(g[j]);
        }
    }

    private static double[] referenceLayerNorm(double[] x, float[] gain, float[] bias) {
        int d = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / d;
        }
        double variance = 0;
        for (double v : x) {
            variance += (v - mean) * (v - mean) / d;
        }
        double[] y = new double[d];
        for (int j = 0; j < d; j++) {
            y[j] = (x[j] - mean) / Math.sqrt(variance + Ops.LAYER_NORM_EPSILON) * gain[j] + bias[j];
        }
        return y;
    }

    private static double dot(double[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    @Test
    void geluAndSoftmaxCrossEntropyGradientsMatchFiniteDifferences() {
        float[] x = {-4f, -1.5f, -0.3f, 0f, 0.2f, 1f, 2.5f, 6f};
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        float[] ones = new float[x.length];
        java.util.Arrays.fill(ones, 1f);
        Ops.gelu(x, y, x.length);
        Ops.geluBackward(x, ones, dx, x.length);
        for (int j = 0; j < x.length; j++) {
            // float arithmetic with Ops.expFloat: about 1e-4 relative.
            double reference = geluReference(x[j]);
            assertThat((double) y[j]).isCloseTo(reference, within(2e-4 * Math.abs(reference) + 1e-6));
            double numeric = (geluReference(x[j] + 1e-6) - geluReference(x[j] - 1e-6)) / 2e-6;
            assertThat((double) dx[j]).as("gelu'(%s)", x[j]).isCloseTo(numeric, within(2e-4));
        }
        int n = 11;
        float[] logits = random(1, n, 41)[0];
        double[] p = new double[n];
        Ops.softmax(logits, n, p);
        float[] gradient = new float[n];
        int target = 4;
        Ops.crossEntropyGradient(p, n, target, 1f, gradient);
        for (int s = 0; s < n; s++) {
            double h = 1e-6;
            double numeric = (crossEntropy(logits, s, h, target) - crossEntropy(logits, s, -h, target)) / (2 * h);
            assertThat((double) gradient[s]).isCloseTo(numeric, within(1e-6));
        }
    }

    @Test
    void expIsAccurateOverItsRangeAndClampsOutside() {
        for (double x = -64; x <= 64; x += 0.0137) {
            double expected = StrictMath.exp(x);
            assertThat(Ops.exp(x)).as("exp(%s)", x).isCloseTo(expected, within(1e-12 * expected));
        }
        assertThat(Ops.exp(-1000)).isEqualTo(Ops.exp(-64));
        assertThat(Ops.exp(1000)).isEqualTo(Ops.exp(64));
        assertThat(Ops.exp(0)).isEqualTo(1.0);
        assertThat(Ops.exp(Double.NaN)).isNaN();
        for (float x = -64; x <= 64; x += 0.0137f) {
            double expected = StrictMath.exp(x);
            assertThat((double) Ops.expFloat(x)).as("expFloat(%s)", x).isCloseTo(expected, within(2e-4 * expected));
        }
    }

    private static double geluReference(double v) {
        return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    }

    private static double crossEntropy(float[] logits, int changed, double h, int target) {
        double max = Double.NEGATIVE_INFINITY;
        double[] z = new double[logits.length];
        for (int s = 0; s < z.length; s++) {
            z[s] = logits[s] + (s == changed ? h : 0);
            max = Math.max(max, z[s]);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return -(z[target] - max - Math.log(sum));
    }
}

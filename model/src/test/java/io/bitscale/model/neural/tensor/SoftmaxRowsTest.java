package io.bitscale.model.neural.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Ops#softmax(float[][], int, int, int, double[][])}: the rows of a block give exactly the
 * doubles of one {@link Ops#softmax(float[], int, double[])} per row, for any block size and
 * offset, including diverged rows (NaN or infinite logits) that fall back to uniform.
 */
class SoftmaxRowsTest {

    @Test
    void aBlockOfRowsGivesTheBitsOfSingleRows() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(trial % 4 == 0 ? 300 : 256);
            int rows = random.nextInt(12);
            int from = random.nextInt(3);
            float[][] logits = new float[from + rows + 1][n];
            for (float[] row : logits) {
                double scale = Math.pow(10, random.nextInt(-3, 3));
                for (int s = 0; s < n; s++) {
                    row[s] = (float) ((random.nextDouble() * 2 - 1) * scale);
                }
                if (random.nextInt(10) == 0) {
                    row[random.nextInt(n)] = random.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
                }
            }
            double[][] actual = new double[from + rows + 1][n];
            Ops.softmax(logits, from, from + rows, n, actual);
            double[] expected = new double[n];
            for (int r = 0; r < from + rows + 1; r++) {
                boolean inside = r >= from && r < from + rows;
                if (inside) {
                    Ops.softmax(logits[r], n, expected);
                } else {
                    java.util.Arrays.fill(expected, 0);
                }
                for (int s = 0; s < n; s++) {
                    assertThat(Double.doubleToRawLongBits(actual[r][s])).as("trial %d row %d symbol %d", trial, r, s)
                            .isEqualTo(Double.doubleToRawLongBits(expected[s]));
                }
            }
        }
    }

    @Test
    void theInterleavedMaximumIsTheSequentialOne() {
        SplittableRandom random = new SplittableRandom(3);
        float[] special = {0f, -0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1e30f, Float.MIN_VALUE};
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + random.nextInt(40);
            float[] x = new float[n];
            for (int s = 0; s < n; s++) {
                x[s] = random.nextInt(4) == 0 ? special[random.nextInt(special.length)] : (float) random.nextGaussian();
            }
            float expected = x[0];
            for (int s = 1; s < n; s++) {
                expected = Math.max(expected, x[s]);
            }
            assertThat(Float.floatToRawIntBits(Ops.maximum(x, n))).as("trial %d", trial)
                    .isEqualTo(Float.floatToRawIntBits(expected));
            if (n > 1) {
                x[random.nextInt(n)] = Float.NaN;
                assertThat(Ops.maximum(x, n)).isNaN();
            }
        }
    }
}

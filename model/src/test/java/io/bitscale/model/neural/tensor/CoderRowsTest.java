package io.bitscale.model.neural.tensor;

import io.bitscale.core.model.Cdf;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CoderRows}: the scalar path is {@code Ops.softmax} and {@code Cdf.fromProbabilities}, and
 * (on a JVM with the Vector API) the vector path gives their bits, row by row, for logits of every
 * spread, peaked rows whose shares sit on integer boundaries, NaN and infinite logits, rows of
 * every length and every row count (the four-row groups and their tails).
 */
class CoderRowsTest {

    private static float[] logits(SplittableRandom random, int n, int kind) {
        float[] x = new float[n];
        for (int s = 0; s < n; s++) {
            x[s] = switch (kind) {
                case 0 -> (float) random.nextGaussian();                             // a fresh network
                case 1 -> (float) (random.nextGaussian() * 12);                      // a trained, peaked one
                case 2 -> random.nextInt(4) == 0 ? 30f : -40f + random.nextInt(3);   // ties and a clamp at -64
                case 3 -> (float) (random.nextGaussian() * 1e3);                     // beyond the clamp
                case 4 -> s == random.nextInt(n) ? Float.NaN : (float) random.nextGaussian();
                case 5 -> s % 7 == 0 ? Float.POSITIVE_INFINITY : (float) random.nextGaussian();
                case 6 -> s % 5 == 0 ? Float.NEGATIVE_INFINITY : -0f;
                default -> 0f;                                                       // uniform
            };
        }
        return x;
    }

    private static void check(CoderRows.Kernel kernel, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int n : new int[] {1, 2, 3, 5, 8, 17, 255, 256, 300}) {
            for (int kind = 0; kind < 8; kind++) {
                int rows = 1 + random.nextInt(9);
                float[][] x = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    x[r] = logits(random, n, random.nextInt(3) == 0 ? random.nextInt(8) : kind);
                }
                double[][] expected = new double[rows][n];
                double[][] actual = new double[rows][n];
                int from = random.nextInt(rows);
                Ops.softmax(x, from, rows, n, expected);
                kernel.softmax(x, from, rows, n, actual);
                for (int r = from; r < rows; r++) {
                    for (int s = 0; s < n; s++) {
                        assertThat(Double.doubleToRawLongBits(actual[r][s]))
                                .as("%s softmax, n=%d, kind %d, row %d, symbol %d", kernel.name(), n, kind, r, s)
                                .isEqualTo(Double.doubleToRawLongBits(expected[r][s]));
                    }
                }
                int bits = n <= 256 ? 24 : 9 + random.nextInt(16);
                int[][] expectedCdfs = new int[rows][n + 1];
                int[][] actualCdfs = new int[rows][n + 1];
                Cdf.fromProbabilities(expected, from, rows, n, bits, expectedCdfs);
                kernel.cdfs(expected, from, rows, n, bits, actualCdfs);
                assertThat(actualCdfs).as("%s tables, n=%d, kind %d, %d bits", kernel.name(), n, kind, bits)
                        .isDeepEqualTo(expectedCdfs);
            }
        }
    }

    /** Weights whose shares {@code f · spare / Σf} land on or next to integers. */
    private static void checkBoundaries(CoderRows.Kernel kernel) {
        int n = 256;
        double[][] rows = new double[6][n];
        for (int s = 0; s < n; s++) {
            rows[0][s] = 1;                                  // every share equal, spare / n exactly
            rows[1][s] = s % 2 == 0 ? 3 : 1;                 // two shares
            rows[2][s] = s == 7 ? 1 : 0;                     // one symbol: f = Σf
            rows[3][s] = s < 2 ? 0.5 : 0;                    // two halves
            rows[4][s] = Math.pow(2, -(s % 40));             // powers of two: exact quotients
            rows[5][s] = s == 0 ? 1 : 1e-12 * s;             // f = 0 and tiny shares beside one peak
        }
        for (int bits : new int[] {9, 16, 24}) {
            int[][] expected = new int[rows.length][n + 1];
            int[][] actual = new int[rows.length][n + 1];
            Cdf.fromProbabilities(rows, 0, rows.length, n, bits, expected);
            kernel.cdfs(rows, 0, rows.length, n, bits, actual);
            assertThat(actual).as("%s, %d bits", kernel.name(), bits).isDeepEqualTo(expected);
            for (int[] cdf : actual) {
                Cdf.validate(cdf, n);
            }
        }
    }

    private static void checkRefusals(CoderRows.Kernel kernel) {
        double[][] rows = {new double[] {0.5, 0.5}, new double[] {0.5, -1}, new double[] {1, 1}};
        int[][] cdfs = new int[3][3];
        assertThatThrownBy(() -> kernel.cdfs(rows, 0, 3, 2, 24, cdfs))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("probability -1.0 for symbol 1");
        assertThat(cdfs[0]).as("the rows before the bad one are filled").containsExactly(0, 1 << 23, 1 << 24);
        assertThatThrownBy(() -> kernel.cdfs(rows, 0, 1, 2, 25, cdfs))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("totalBits 25 outside [1, 24]");
    }

    @Test
    void theScalarPathIsTheDefinition() {
        check(CoderRows.SCALAR, 1);
        checkBoundaries(CoderRows.SCALAR);
        checkRefusals(CoderRows.SCALAR);
    }

    @Test
    void theVectorPathGivesTheScalarBitsWhereTheJvmHasIt() {
        CoderRows.Kernel vector = CoderRows.vector();
        if (vector == null) {
            assertThat(CoderRows.kernel()).isEqualTo("scalar");
            return; // JDK 17, or no jdk.incubator.vector: only the scalar path exists here
        }
        assertThat(CoderRows.kernel()).startsWith("vector-");
        for (long seed = 1; seed <= 30; seed++) {
            check(vector, seed);
        }
        checkBoundaries(vector);
        checkRefusals(vector);
    }
}

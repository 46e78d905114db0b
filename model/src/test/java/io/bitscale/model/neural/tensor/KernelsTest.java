package io.bitscale.model.neural.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reduction order the package promises: every product element equals the plain sequential
 * chain {@code y = fma(a_p, b_p, y)} bit for bit, for every shape, blocking and thread count.
 */
class KernelsTest {

    private static Workers one;
    private static Workers two;
    private static Workers three;

    @BeforeAll
    static void pools() {
        one = new Workers(1);
        two = new Workers(2);
        three = new Workers(3);
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
        three.close();
    }

    static float[][] random(int rows, int columns, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return m;
    }

    static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    static void assertBitIdentical(float[][] expected, float[][] actual, int rows, int columns, String what) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                assertThat(Float.floatToRawIntBits(actual[i][j])).as("%s [%d][%d]: %s vs %s", what, i, j,
                        actual[i][j], expected[i][j]).isEqualTo(Float.floatToRawIntBits(expected[i][j]));
            }
        }
    }

    @ParameterizedTest
    // Shapes that reach every tile of the vector kernel (6 and 4 rows; 4, 2 and 1 vectors of
    // columns; the rows and columns left to the scalar loops) for vectors of 8 or 16 lanes.
    @CsvSource({"1,1,1", "3,5,7", "17,33,300", "64,129,513", "5,600,40", "200,16,64", "7,9,112", "13,7,80"})
    void productsAreTheSequentialFmaChainOnAnyThreadCount(int m, int k, int n) {
        float[][] a = random(m, k, 1);
        float[][] b = random(k, n, 2);
        float[] bias = random(1, n, 3)[0];
        float[][] reference = new float[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float y = bias[j];
                for (int p = 0; p < k; p++) {
                    y = Math.fma(a[i][p], b[p][j], y);
                }
                reference[i][j] = y;
            }
        }
        for (Workers workers : new Workers[] {one, two, three}) {
            float[][] c = new float[m][n];
            MatMul.multiply(workers, a, m, k, b, n, bias, c);
            assertBitIdentical(reference, c, m, n, "a·b+bias on " + workers.threads() + " threads");
        }
        // Split the chain over two calls: the first k/2 terms, then the rest with multiplyAdd.
        float[][] c = new float[m][n];
        int half = k / 2;
        float[][] b1 = java.util.Arrays.copyOfRange(b, 0, half);
        float[][] b2 = java.util.Arrays.copyOfRange(b, half, k);
        float[][] a2 = new float[m][];
        for (int i = 0; i < m; i++) {
            a2[i] = java.util.Arrays.copyOfRange(a[i], half, k);
        }
        MatMul.multiply(two, a, m, half, b1, n, bias, c);
        MatMul.multiplyAdd(two, a2, m, k - half, b2, n, c);
        assertBitIdentical(reference, c, m, n, "chain continued across calls");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "7,3,5", "300,17,40", "513,64,129"})
    void transposedProductsAreTheSequentialFmaChain(int k, int m, int n) {
        float[][] a = random(k, m, 4);
        float[][] b = random(k, n, 5);
        float[][] start = random(m, n, 6);
        float[][] reference = copy(start);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float y = start[i][j];
                for (int r = 0; r < k; r++) {
                    y = Math.fma(a[r][i], b[r][j], y);
                }
                reference[i][j] = y;
            }
        }
        for (Workers workers : new Workers[] {one, two, three}) {
            float[][] c = copy(start);
            MatMul.multiplyTransposedAdd(workers, a, k, m, b, n, c);
            assertBitIdentical(reference, c, m, n, "c += aᵀ·b on " + workers.threads() + " threads");
        }
        float[][] t = new float[n][k];
        MatMul.transpose(two, b, k, n, t);
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < n; j++) {
                assertThat(t[j][r]).isEqualTo(b[r][j]);
            }
        }
    }

    @Test
    void columnSumsAddRowsInOrder() {
        float[][] a = random(37, 19, 7);
        float[] sums = random(1, 19, 8)[0];
        float[] expected = sums.clone();
        for (int r = 0; r < 37; r++) {
            for (int j = 0; j < 19; j++) {
                expected[j] = expected[j] + a[r][j];
            }
        }
        MatMul.columnSumsAdd(a, 37, 19, sums);
        assertThat(sums).containsExactly(expected);
    }

    @Test
    void aFailingUnitIsRethrownAfterTheOthersFinish() {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> two.run(20, (unit, worker) -> {
            ran.incrementAndGet();
            if (unit == 3) {
                throw new IllegalStateException("unit 3");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("unit 3");
        assertThat(ran.get()).isEqualTo(20);
        // The pool still works afterwards, and nested regions run inline.
        int[] seen = new int[8];
        two.run(8, (unit, worker) -> two.run(1, (inner, w) -> seen[unit]++));
        assertThat(seen).containsOnly(1);
    }
}

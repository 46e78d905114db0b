package io.bitscale.model.neural.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AdamRows}: the scalar loop and (on a JVM with the Vector API) the vector loop give the
 * bits of the optimizer's Adam loop, element by element, for every row length and for special
 * values (zeros of both signs, subnormals, huge and NaN gradients).
 */
class AdamRowsTest {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;

    /** The optimizer's Adam loop as written before the row kernel, constants folded as javac folds them. */
    private static void reference(float[] w, float[] m, float[] v, float[] g, int n, float d, float a, float e) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = BETA1 * m[i] + (1 - BETA1) * gi;
            float vi = BETA2 * v[i] + (1 - BETA2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] * d - a * mi / ((float) Math.sqrt(vi) + e);
        }
    }

    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f,
        1e30f, -1e30f, Float.MAX_VALUE, 1f, -1f, Float.NaN, 3.4e-20f};

    private static float value(SplittableRandom random, boolean special) {
        if (special && random.nextInt(8) == 0) {
            return SPECIAL[random.nextInt(SPECIAL.length)];
        }
        return (float) ((random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(-8, 3)));
    }

    private static void check(AdamRows.Kernel kernel, long seed, boolean special) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 1; n <= 300; n += n < 40 ? 1 : 13) {
            float[][] expected = new float[3][n];
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                expected[0][i] = value(random, special);
                expected[1][i] = value(random, special);
                expected[2][i] = Math.abs(value(random, special));
                g[i] = value(random, special);
            }
            float[][] actual = {expected[0].clone(), expected[1].clone(), expected[2].clone()};
            float d = random.nextBoolean() ? 1f : 1 - 0.002f * 0.01f;
            float a = (float) (random.nextDouble() * 0.01);
            float e = (float) (1e-6 * Math.sqrt(1 - Math.pow(BETA2, 1 + random.nextInt(1000))));
            // Several steps, so that the moments carry the rounding of earlier ones.
            for (int step = 0; step < 3; step++) {
                reference(expected[0], expected[1], expected[2], g, n, d, a, e);
                kernel.update(actual[0], actual[1], actual[2], g, n, BETA1, BETA2, d, a, e);
            }
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < n; i++) {
                    assertThat(Float.floatToRawIntBits(actual[k][i]))
                            .as("%s, n=%d, array %d, element %d", kernel.name(), n, k, i)
                            .isEqualTo(Float.floatToRawIntBits(expected[k][i]));
                }
            }
        }
    }

    @Test
    void theScalarLoopIsTheOptimizersLoop() {
        check(AdamRows.SCALAR, 1, false);
        check(AdamRows.SCALAR, 2, true);
    }

    @Test
    void theVectorLoopGivesTheScalarBitsWhereTheJvmHasIt() {
        AdamRows.Kernel vector = AdamRows.vector();
        if (vector == null) {
            assertThat(AdamRows.kernel()).isEqualTo("scalar");
            return; // JDK 17, or no jdk.incubator.vector: only the scalar loop exists here
        }
        for (long seed = 1; seed <= 20; seed++) {
            check(vector, seed, seed % 2 == 0);
        }
    }
}

package io.bitscale.model.neural.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AdamRows}' step with the Vector API (JDK 21+, {@code --add-modules jdk.incubator.vector}):
 * whole vectors of a row, then the scalar loop for the rest. Lane-wise {@code mul}, {@code add},
 * {@code sub}, {@code div} and {@code sqrt} are the IEEE float operations, never fused, in the
 * order {@link AdamRows} documents, so every lane equals the scalar loop's element.
 */
final class VectorAdamRows implements AdamRows.Kernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    public void update(float[] w, float[] m, float[] v, float[] g, int n, float beta1, float beta2, float decay,
                       float rate, float epsilon) {
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            FloatVector gi = FloatVector.fromArray(SPECIES, g, i);
            FloatVector mi = FloatVector.fromArray(SPECIES, m, i).mul(beta1).add(gi.mul(keep1));
            FloatVector vi = FloatVector.fromArray(SPECIES, v, i).mul(beta2).add(gi.mul(keep2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector step = mi.mul(rate).div(vi.sqrt().add(epsilon));
            FloatVector.fromArray(SPECIES, w, i).mul(decay).sub(step).intoArray(w, i);
        }
        if (i < n) {
            AdamRows.updateScalar(w, m, v, g, i, n, beta1, beta2, decay, rate, epsilon);
        }
    }
}

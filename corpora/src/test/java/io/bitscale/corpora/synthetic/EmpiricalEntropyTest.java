package io.bitscale.corpora.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EmpiricalEntropyTest {

    @Test
    void alternatingBytesCostOneBitWithoutContextAndNothingWithIt() {
        byte[] abab = "ab".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        assertThat(EmpiricalEntropy.conditionalEntropyBits(abab, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(EmpiricalEntropy.conditionalEntropyBits(abab, 1)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shortInputsAndBadOrders() {
        assertThat(EmpiricalEntropy.conditionalEntropyBits(new byte[2], 2)).isZero();
        assertThatThrownBy(() -> EmpiricalEntropy.conditionalEntropyBits(new byte[9], 8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void neverNegativeNeverAboveEightAndMonotoneInOrder(@ForAll @Size(min = 1, max = 300) byte[] data,
            @ForAll @IntRange(min = 0, max = 6) int order) {
        double h = EmpiricalEntropy.conditionalEntropyBits(data, order);
        assertThat(h).isBetween(-1e-12, 8.0);
        if (data.length > order + 1) {
            // Conditioning on a longer context never raises the plug-in estimate over the same positions.
            byte[] tail = java.util.Arrays.copyOfRange(data, 1, data.length);
            assertThat(EmpiricalEntropy.conditionalEntropyBits(data, order + 1))
                    .isLessThanOrEqualTo(EmpiricalEntropy.conditionalEntropyBits(tail, order) + 1e-9);
        }
    }

    @Property(tries = 200)
    void quantizationIsExactForAnyDistribution(@ForAll @Size(min = 2, max = 256) double[] raw) {
        double[] p = java.util.Arrays.stream(raw).map(x -> Double.isFinite(x) ? Math.abs(x) % 1e6 : 1).toArray();
        if (java.util.Arrays.stream(p).sum() == 0) {
            p[0] = 1;
        }
        int[] w = SyntheticSource.quantize(p);
        assertThat(java.util.Arrays.stream(w).sum()).isEqualTo(1 << SyntheticSource.PRECISION_BITS);
        assertThat(java.util.Arrays.stream(w).min().getAsInt()).isGreaterThanOrEqualTo(1);
    }
}

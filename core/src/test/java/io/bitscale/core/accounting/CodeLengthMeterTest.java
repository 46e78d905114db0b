package io.bitscale.core.accounting;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.core.testing.PredictorContract;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The accounting decorator sums exactly {@code -log2 p} of what was coded, per byte and in total. */
class CodeLengthMeterTest {

    @Test
    void bitAndSymbolCostsAreMinusLog2P() {
        assertThat(CodeLength.bitCost(32768, 1)).isEqualTo(1.0);
        assertThat(CodeLength.bitCost(32768, 0)).isEqualTo(1.0);
        assertThat(CodeLength.bitCost(1, 1)).isEqualTo(16.0);
        assertThat(CodeLength.bitCost(65535, 0)).isEqualTo(16.0);
        assertThat(CodeLength.bitCost(65535, 1)).isCloseTo(-Math.log(65535 / 65536.0) / Math.log(2), offset(1e-12));
        assertThat(CodeLength.bitCost(16384, 0)).isCloseTo(Math.log(4 / 3.0) / Math.log(2), offset(1e-12));
        assertThat(CodeLength.symbolCost(1, 4)).isEqualTo(2.0);
        assertThat(CodeLength.symbolCost(3, 3)).isZero();
        assertThat(CodeLength.symbolCost(1, 1 << 24)).isEqualTo(24.0);
    }

    @Test
    void fairCoinCostsEightBitsPerByteReportedPerByte() {
        CodeLengthMeter meter = new CodeLengthMeter();
        List<Double> costs = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        meter.onByte((offset, bits) -> {
            offsets.add(offset);
            costs.add(bits);
        });
        PredictorFactory metered = meter.meter(TestModels.fixed(32768));
        PredictorContract.trace(metered.create(), TestData.random(1, 100));
        assertThat(meter.bytes()).isEqualTo(100);
        assertThat(meter.idealBits()).isEqualTo(800.0);
        assertThat(meter.idealBitsPerByte()).isEqualTo(8.0);
        assertThat(costs).hasSize(100).containsOnly(8.0);
        assertThat(offsets.get(0)).isZero();
        assertThat(offsets.get(99)).isEqualTo(99);
        meter.reset();
        assertThat(meter.bytes()).isZero();
        assertThat(meter.idealBits()).isZero();
        assertThat(meter.idealBitsPerByte()).isZero();
    }

    @Test
    void symbolModelsAreMeteredByTheirTableWidths() {
        CodeLengthMeter meter = new CodeLengthMeter();
        double[] sum = {0};
        meter.onByte((offset, bits) -> sum[0] += bits);
        SymbolPredictor metered = (SymbolPredictor) meter.meter(new TestModels.Order0Symbols());
        TestModels.Order0Symbols shadow = new TestModels.Order0Symbols();
        double expected = 0;
        for (byte b : TestData.text(2, 3000)) {
            int[] cdf = shadow.cdf();
            expected += CodeLength.symbolCost(cdf[(b & 0xFF) + 1] - cdf[b & 0xFF], cdf[256]);
            shadow.update(b & 0xFF);
            metered.cdf();
            metered.update(b & 0xFF);
        }
        assertThat(meter.idealBits()).isCloseTo(expected, offset(1e-9)).isCloseTo(sum[0], offset(1e-9));
    }

    @Test
    void meteredFactoryKeepsSpecSizesAndSnapshot() {
        byte[] digest = new byte[32];
        digest[0] = 9;
        PredictorFactory inner = TestModels.withSnapshot(TestModels.order0Bits(), digest);
        PredictorFactory metered = new CodeLengthMeter().meter(inner);
        assertThat(metered.spec()).isEqualTo(inner.spec());
        assertThat(metered.parameters()).isEqualTo(inner.parameters());
        assertThat(metered.memoryBytes()).isEqualTo(inner.memoryBytes());
        assertThat(metered.snapshotSha256()).isEqualTo(digest);
        assertThat(metered.create()).isInstanceOf(BitPredictor.class);
        assertThat(metered.create().parameters()).isEqualTo(255);
        assertThatThrownBy(() -> new CodeLengthMeter().meter(new Predictor() {
            @Override
            public long parameters() {
                return 0;
            }

            @Override
            public long memoryBytes() {
                return 0;
            }
        })).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.bitscale.core.accounting;

import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
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
        byte[] data = TestData.random(1, 100);
        PredictiveCoder.of(TestModels.fixed(32768).create()).observedBy(meter).learn(data, 0, data.length);
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
        TestModels.Order0Symbols shadow = new TestModels.Order0Symbols();
        double expected = 0;
        byte[] data = TestData.text(2, 3000);
        for (byte b : data) {
            int[] cdf = shadow.cdf();
            expected += CodeLength.symbolCost(cdf[(b & 0xFF) + 1] - cdf[b & 0xFF], cdf[256]);
            shadow.update(b & 0xFF);
        }
        PredictiveCoder.of(new TestModels.Order0Symbols()).observedBy(meter).learn(data, 0, data.length);
        // The same terms in the same order: the sums agree exactly, not only to rounding.
        assertThat(meter.idealBits()).isEqualTo(expected).isCloseTo(sum[0], offset(1e-9));
    }

    @Test
    void topOneCountsTheGreedyByteOfABitModelAndTheWidestSymbol() {
        // P(1) = 0.75 everywhere: the greedy byte is 0xFF, so exactly the 0xFF bytes are right.
        CodeLengthMeter meter = new CodeLengthMeter();
        byte[] data = {(byte) 0xFF, 0x00, (byte) 0xFF, (byte) 0xFE};
        PredictiveCoder.of(TestModels.fixed(49152).create()).observedBy(meter).learn(data, 0, data.length);
        assertThat(meter.correctBytes()).isEqualTo(2);

        CodeLengthMeter symbols = new CodeLengthMeter();
        byte[] text = "aaaaaaaaab".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        PredictiveCoder.of(new TestModels.Order0Symbols()).observedBy(symbols).learn(text, 0, text.length);
        // The first byte is coded from a uniform table (symbol 0 wins ties), then 'a' leads.
        assertThat(symbols.correctBytes()).isEqualTo(8);
    }

    @Test
    void theTotalDoesNotDependOnHowTheInputIsSplit() {
        byte[] data = TestData.text(5, 5000);
        CodeLengthMeter whole = new CodeLengthMeter();
        PredictiveCoder.of(TestModels.order0Bits().create()).observedBy(whole).learn(data, 0, data.length);
        CodeLengthMeter pieces = new CodeLengthMeter();
        PredictiveCoder split = PredictiveCoder.of(TestModels.order0Bits().create()).observedBy(pieces);
        split.learn(data, 0, 1234);
        split.learn(data, 1234, data.length - 1234);
        assertThat(pieces.idealBits()).isEqualTo(whole.idealBits());
    }
}

package io.bitscale.model.context;

import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.CodingObserver;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.ByteLookahead;
import io.bitscale.core.testing.TestData;
import io.bitscale.model.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The direct order-k models state their next-byte distribution exactly, without changing state. */
class ByteLookaheadTest {

    @ParameterizedTest
    @ValueSource(strings = {"order0", "order1", "order2"})
    void theCodedBytesProbabilityIsTheProductTheCoderWasGiven(String spec) {
        byte[] data = TestData.concat(TestData.text(1, 5000), TestData.random(2, 300));
        DirectOrderModel model = (DirectOrderModel) Models.factory(spec).create();
        double[] next = new double[256];
        List<Double> predicted = new ArrayList<>();
        CodeLengthMeter meter = new CodeLengthMeter();
        List<Double> costs = new ArrayList<>();
        meter.onByte((offset, bits) -> costs.add(bits));
        CodingObserver lookingAhead = new CodingObserver() {
            @Override
            public void bitCoded(int p1, int bit) {
                meter.bitCoded(p1, bit);
            }

            @Override
            public void symbolCoded(int[] cdf, int symbolCount, int symbol) {
            }

            @Override
            public void byteCoded(int value) {
                meter.byteCoded(value);
            }
        };
        PredictiveCoder loop = PredictiveCoder.of(model).observedBy(lookingAhead);
        for (byte b : data) {
            model.nextByteProbabilities(next);
            double sum = 0;
            for (double p : next) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
            predicted.add(next[b & 0xFF]);
            loop.learn(new byte[] {b}, 0, 1);
        }
        for (int i = 0; i < data.length; i++) {
            double exact = Math.pow(2, -costs.get(i));
            assertThat(predicted.get(i)).as("byte %d", i).isCloseTo(exact, within(1e-12 * exact));
        }
    }

    @Test
    void lookingAheadChangesNothingAndIsRefusedInsideAByte() {
        byte[] data = TestData.text(4, 2000);
        DirectOrderModel asked = (DirectOrderModel) Models.factory("order2").create();
        DirectOrderModel plain = (DirectOrderModel) Models.factory("order2").create();
        double[] next = new double[256];
        for (byte b : data) {
            ((ByteLookahead) asked).nextByteProbabilities(next);
            for (int shift = 7; shift >= 0; shift--) {
                int bit = (b >>> shift) & 1;
                assertThat(asked.p1()).isEqualTo(plain.p1());
                asked.update(bit);
                plain.update(bit);
            }
        }
        asked.p1();
        asked.update(1);
        assertThatThrownBy(() -> asked.nextByteProbabilities(next)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after 1 of its bits");
    }
}

package io.bitscale.core.model;

import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.testing.PredictorContract;
import io.bitscale.core.testing.RoundTrip;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.testing.TestModels;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SymbolBits} decomposes a byte distribution into eight exact-as-possible binary decisions. */
class SymbolBitsTest {

    @Test
    void eachBitIsTheMassOfTheUpperHalfOfWhatRemains() {
        TestModels.Order0Symbols symbols = new TestModels.Order0Symbols();
        TestModels.Order0Symbols shadow = new TestModels.Order0Symbols();
        SymbolBits bits = new SymbolBits(symbols);
        byte[] data = TestData.text(1, 2000);
        for (byte value : data) {
            int[] cdf = shadow.cdf().clone();
            int low = 0;
            int width = 256;
            for (int shift = 7; shift >= 0; shift--) {
                int half = width / 2;
                long all = cdf[low + width] - cdf[low];
                long upper = cdf[low + width] - cdf[low + half];
                int expected = Probability.clamp((int) ((upper << 16) / all));
                assertThat(bits.p1()).isEqualTo(expected);
                int bit = (value >>> shift) & 1;
                bits.update(bit);
                if (bit != 0) {
                    low += half;
                }
                width = half;
            }
            shadow.update(value & 0xFF);
        }
    }

    @Test
    void costsAboutWhatTheDistributionCostsDirectly() {
        byte[] data = TestData.text(2, 50_000);
        RoundTrip.Result direct = RoundTrip.block(TestModels.order0Symbols(), data);
        RoundTrip.Result decomposed = RoundTrip.block(TestModels.order0SymbolBits(), data);
        assertThat(decomposed.idealBits()).as("16-bit rounding of each conditional costs little")
                .isBetween(direct.idealBits(), direct.idealBits() * 1.002);
        CodeLengthMeter meter = new CodeLengthMeter();
        PredictiveCoder.of(TestModels.order0SymbolBits().create()).observedBy(meter).learn(data, 0, data.length);
        assertThat(meter.idealBits()).isEqualTo(decomposed.idealBits());
    }

    @Test
    void reportsTheSizeOfWhatItWraps() {
        SymbolBits bits = new SymbolBits(new TestModels.Order0Symbols());
        assertThat(bits.parameters()).isEqualTo(256);
        assertThat(bits.memoryBytes()).isEqualTo(new TestModels.Order0Symbols().memoryBytes() + 32);
    }

    /** The contract run on the core test models, so it is exercised without the model module. */
    @Nested
    class Order0BitsContract extends PredictorContract {
        @Override
        protected PredictorFactory factory() {
            return TestModels.order0Bits();
        }
    }

    @Nested
    class Order0SymbolsContract extends PredictorContract {
        @Override
        protected PredictorFactory factory() {
            return TestModels.order0Symbols();
        }

        @Override
        protected int longLength() {
            return 20_000;
        }
    }

    @Nested
    class SymbolBitsContract extends PredictorContract {
        @Override
        protected PredictorFactory factory() {
            return TestModels.order0SymbolBits();
        }

        @Override
        protected int longLength() {
            return 20_000;
        }
    }
}

package io.bitscale.model.mix;

import io.bitscale.core.accounting.CodeLength;
import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.CodingObserver;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.testing.TestData;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A mixture's attribution: names, the sum rule per bit and per byte, and that asking changes nothing. */
class AttributionTest {

    /** The mixture that was the default preset before the presets moved to the cm engine (not attributable). */
    static final String MIX_DEFAULT = "mix(order(1..6,bits=24),word(bits=22),match(bits=22),sparse(bits=20),gates=2)";
    /** The mixture that was the fast preset. */
    static final String MIX_FAST = "mix(order(1..4,6,bits=22),word(bits=20),match(bits=20),sparse(bits=18),gates=1,sse=2)";

    private static final byte[] DATA = TestData.concat(TestData.text(3, 6000), TestData.random(4, 500),
            TestData.text(5, 2000));

    @ParameterizedTest
    @ValueSource(strings = {MIX_DEFAULT, MIX_FAST, "order(1..3,bits=16)",
            "mix(order(1..2,bits=16),match(bits=16),gates=1,sse=0)",
            "mix(order(1..2,bits=16),order1,mixer=linear)",
            "mix(order(1..3,bits=16),kt0,gates=3,sse=3)"})
    void everyBitsCostIsSplitExactlyAndEachBytesSumIsTheMetersCost(String spec) {
        Mixture mixture = (Mixture) Models.factory(spec).create();
        List<String> names = mixture.contributors();
        double[] bit = new double[names.size()];
        double[] perByte = new double[names.size()];
        List<Double> attributedBytes = new ArrayList<>();
        double[] worst = {0};
        CodingObserver attributing = new CodingObserver() {
            @Override
            public void bitCoded(int p1, int coded) {
                mixture.attribute(coded, bit);
                double sum = 0;
                for (int i = 0; i < bit.length; i++) {
                    sum += bit[i];
                    perByte[i] += bit[i];
                }
                double cost = CodeLength.bitCost(p1, coded);
                worst[0] = Math.max(worst[0], Math.abs(sum - cost) / Math.max(cost, 1e-3));
            }

            @Override
            public void symbolCoded(int[] cdf, int symbolCount, int symbol) {
                throw new AssertionError("a mixture codes bits");
            }

            @Override
            public void byteCoded(int value) {
                double sum = 0;
                for (int i = 0; i < perByte.length; i++) {
                    sum += perByte[i];
                    perByte[i] = 0;
                }
                attributedBytes.add(sum);
            }
        };
        PredictiveCoder.of(mixture).observedBy(attributing).learn(DATA, 0, DATA.length);

        // An independent run of the same model, metered the usual way.
        List<Double> metered = new ArrayList<>();
        CodeLengthMeter meter = new CodeLengthMeter().onByte((offset, bits) -> metered.add(bits));
        PredictiveCoder.of(Models.factory(spec).create()).observedBy(meter).learn(DATA, 0, DATA.length);

        assertThat(worst[0]).as("largest relative error of a bit's split").isLessThan(1e-9);
        assertThat(attributedBytes).hasSize(DATA.length);
        double total = 0;
        for (int i = 0; i < DATA.length; i++) {
            assertThat(attributedBytes.get(i)).as("byte %d", i).isCloseTo(metered.get(i), within(1e-9 * (1 + metered.get(i))));
            total += attributedBytes.get(i);
        }
        assertThat(total).isCloseTo(meter.idealBits(), within(1e-6 * meter.idealBits()));
    }

    @Test
    void contributorsAreTheComponentsThenTheMixingStages() {
        Mixture preset = (Mixture) Models.factory(MIX_DEFAULT).create();
        assertThat(preset.contributors()).containsExactly("order(1..6,bits=24)", "word(bits=22)", "match(bits=22)",
                "sparse(bits=20)", "bias", "mixer", "sse", "uniform");
        Mixture linear = (Mixture) Models.factory("mix(order1,kt0,mixer=linear,sse=0)").create();
        assertThat(linear.contributors()).containsExactly("order1", "kt0", "mixer", "uniform");
    }

    @Test
    void askingForAnAttributionChangesNoProbability() {
        Mixture asked = (Mixture) Models.factory(MIX_DEFAULT).create();
        Mixture plain = (Mixture) Models.factory(MIX_DEFAULT).create();
        double[] bits = new double[asked.contributors().size()];
        for (byte b : TestData.text(9, 3000)) {
            for (int shift = 7; shift >= 0; shift--) {
                int bit = (b >>> shift) & 1;
                int p = asked.p1();
                asked.attribute(bit, bits);
                asked.attribute(bit, bits);
                assertThat(p).isEqualTo(plain.p1());
                asked.update(bit);
                plain.update(bit);
            }
        }
    }

    @Test
    void theComponentThatKnowsTheTextCarriesIt() {
        // A long repeat: the match model should save most of the bits on the second copy.
        byte[] once = TestData.random(11, 4000);
        byte[] twice = TestData.concat(once, once);
        Mixture mixture = (Mixture) Models.factory("mix(order1,match(bits=16),gates=1,sse=0)").create();
        double[] bit = new double[mixture.contributors().size()];
        double[] secondCopy = new double[bit.length];
        int[] at = {0};
        CodingObserver observer = new CodingObserver() {
            @Override
            public void bitCoded(int p1, int coded) {
                mixture.attribute(coded, bit);
                if (at[0] >= once.length + 100) {
                    for (int i = 0; i < bit.length; i++) {
                        secondCopy[i] += bit[i];
                    }
                }
            }

            @Override
            public void symbolCoded(int[] cdf, int symbolCount, int symbol) {
            }

            @Override
            public void byteCoded(int value) {
                at[0]++;
            }
        };
        PredictiveCoder.of(mixture).observedBy(observer).learn(twice, 0, twice.length);
        int match = mixture.contributors().indexOf("match(bits=16)");
        int order1 = mixture.contributors().indexOf("order1");
        assertThat(secondCopy[match]).as("bits the match model saved on the repeat").isLessThan(-4.0 * (once.length - 100));
        assertThat(secondCopy[match]).isLessThan(secondCopy[order1]);
    }

    @Test
    void attributingWithoutAPendingPredictionIsRefused() {
        Mixture mixture = (Mixture) Models.factory(MIX_FAST).create();
        double[] bits = new double[mixture.contributors().size()];
        assertThatThrownBy(() -> mixture.attribute(0, bits)).isInstanceOf(IllegalStateException.class);
        mixture.p1();
        mixture.update(0);
        assertThatThrownBy(() -> mixture.attribute(0, bits)).isInstanceOf(IllegalStateException.class);
    }
}

package io.bitscale.model.mix;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import io.bitscale.model.neural.NeuralSpecs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code max} preset: the first strong preset's context models, a byte n-gram and an online MLP in one
 * mixture. Small inputs only (the MLP codes ~10 KB/s); its golden stream is in
 * {@code GoldenStreamTest}.
 */
class MaxPresetTest {

    @Test
    void expansionMixesStrongsContextModelsWithANeuralInput() {
        String max = Models.PRESETS.get("max");
        // The context models of the first strong preset (the mix engine's), unchanged, start max's list;
        // strong itself has since moved to the cm engine (io.bitscale.model.cm), max stayed on mix.
        String strongModels = "order(1..8,12,16,bits=26),word(bits=24),match(bits=24),sparse(bits=22)";
        assertThat(max).startsWith("mix(" + strongModels + ",").contains(NeuralSpecs.MIXER_INPUT);
        PredictorFactory preset = Models.factory("max");
        PredictorFactory expanded = Models.factory(max);
        assertThat(preset.spec()).isEqualTo("max");
        assertThat(preset.parameters()).isEqualTo(expanded.parameters());
        assertThat(preset.memoryBytes()).isEqualTo(expanded.memoryBytes());
    }

    @Test
    void roundTripsSmallInputs() throws Exception {
        PredictorFactory factory = Models.factory("max");
        byte[][] inputs = MixingTestSupport.smallInputs();
        // empty, one byte, 512 distinct bytes, text, noise: the cases that differ for a byte model.
        for (byte[] input : new byte[][] {inputs[0], inputs[1], inputs[2], inputs[5], inputs[6]}) {
            byte[] packed = MixingTestSupport.compress(factory, input);
            assertThat(MixingTestSupport.decompress(packed)).as("max on %d bytes", input.length).isEqualTo(input);
        }
    }

    @Test
    void freshInstancesPredictIdentically() {
        PredictorFactory factory = Models.factory("max");
        BitPredictor a = (BitPredictor) factory.create();
        BitPredictor b = (BitPredictor) factory.create();
        byte[] text = "It was the best of times, it was the worst of times; ".repeat(12).getBytes();
        byte[] data = Arrays.copyOf(text, text.length + 200);
        for (int i = text.length; i < data.length; i++) {
            data[i] = (byte) (i * 131);
        }
        for (int i = 0; i < data.length; i++) {
            for (int shift = 7; shift >= 0; shift--) {
                int bit = (data[i] >>> shift) & 1;
                int p = a.p1();
                assertThat(b.p1()).as("bit %d of byte %d", 7 - shift, i).isEqualTo(p);
                a.update(bit);
                b.update(bit);
            }
        }
    }
}

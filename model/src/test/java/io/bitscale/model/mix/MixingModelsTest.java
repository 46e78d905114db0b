package io.bitscale.model.mix;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips, determinism and size accounting for every context-mixing spec and preset. */
class MixingModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "order(0)", "order(1..3,bits=16)", "order(2,5,9,24,bits=16)", "match(bits=12)", "word(bits=14)",
            "sparse(bits=14)", "mix(order(1..2,bits=16),match(bits=12))",
            "mix(order(1,bits=14),word(bits=14),mixer=linear)", "mix(order(1..3,bits=16),sse=off,gates=1)",
            "mix(order(2,bits=14),order1,kt0,rate=12,gates=2)", "fast", "default", "strong"})
    void roundTripsSmallInputs(String spec) throws Exception {
        PredictorFactory factory = Models.factory(spec);
        for (byte[] input : MixingTestSupport.smallInputs()) {
            byte[] packed = MixingTestSupport.compress(factory, input);
            assertThat(MixingTestSupport.decompress(packed)).as("%s on %d bytes", spec, input.length).isEqualTo(input);
        }
    }

    /** Tables far smaller than the input: replacement, buffer wrap-around and count halving. */
    @ParameterizedTest
    @ValueSource(strings = {"mix(order(1..6,12,bits=12),match(bits=12),word(bits=12),sparse(bits=12))",
            "ppm(n=6,mem=12)", "ppm(n=3,mem=12,smoother=kn)"})
    void roundTripsInputsLargerThanTheTables(String spec) throws Exception {
        Random random = new Random(9);
        StringBuilder text = new StringBuilder();
        while (text.length() < 120_000) {
            text.append(random.nextInt(3) == 0 ? "lorem ipsum dolor sit amet " : Integer.toString(random.nextInt(100000), 36));
            text.append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        byte[] data = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 4000; i++) {
            data[random.nextInt(data.length)] = (byte) random.nextInt(256);
        }
        PredictorFactory factory = Models.factory(spec);
        byte[] packed = MixingTestSupport.compress(factory, data);
        assertThat(MixingTestSupport.decompress(packed)).isEqualTo(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "order(1..4,6,bits=18)", "mix(order(1..3,bits=18),match(bits=16),word(bits=16),sparse(bits=16))",
            "mix(order(1..2,bits=16),mixer=linear,sse=off)"})
    void deterministicProbabilities(String spec) {
        PredictorFactory factory = Models.factory(spec);
        BitPredictor a = (BitPredictor) factory.create();
        BitPredictor b = (BitPredictor) factory.create();
        Random random = new Random(7);
        byte[] text = "abracadabra, said the wizard; abracadabra! ".repeat(50).getBytes();
        for (int i = 0; i < 20000; i++) {
            int value = i < text.length ? text[i] : random.nextInt(256);
            for (int shift = 7; shift >= 0; shift--) {
                int bit = (value >>> shift) & 1;
                int p = a.p1();
                assertThat(b.p1()).as("bit %d of byte %d", 7 - shift, i).isEqualTo(p);
                assertThat(p).isBetween(1, 65535);
                a.update(bit);
                b.update(bit);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"order(1..4,6,bits=18)", "match(bits=16)", "word(bits=16)", "sparse(bits=16)",
            "mix(order(1..3,bits=18),match(bits=16),gates=3)", "mix(order(2,bits=14),order1,kt0,sse=off,gates=1)",
            "fast", "default"})
    void reportedSizesMatchAllocation(String spec) {
        PredictorFactory factory = Models.factory(spec);
        BitPredictor predictor = (BitPredictor) factory.create();
        long measured = MixingTestSupport.deepSize(predictor);
        assertThat(predictor.memoryBytes()).isEqualTo(factory.memoryBytes());
        assertThat(predictor.parameters()).isEqualTo(factory.parameters());
        assertThat((double) factory.memoryBytes()).as("%s measured %d", spec, measured)
                .isBetween(measured * 0.9, measured * 1.1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mix(order(1..4,bits=16),word(bits=14),match(bits=14),sparse(bits=14))"})
    void memoryStaysFlatAsInputGrows(String spec) {
        BitPredictor predictor = (BitPredictor) Models.factory(spec).create();
        Random random = new Random(3);
        long before = MixingTestSupport.deepSize(predictor);
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 50_000; i++) {
                int value = random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(26);
                for (int shift = 7; shift >= 0; shift--) {
                    predictor.p1();
                    predictor.update((value >>> shift) & 1);
                }
            }
            assertThat(MixingTestSupport.deepSize(predictor)).isEqualTo(before);
        }
    }
}

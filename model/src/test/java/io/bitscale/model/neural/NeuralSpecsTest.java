package io.bitscale.model.neural;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import io.bitscale.model.spec.Spec;
import io.bitscale.model.spec.SpecSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spec knobs: sizes known before allocation, canonical forms, errors with columns. */
class NeuralSpecsTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp(width=48,ctx=6,embed=8,orders=1..6,bits=12,depth=3,words=1)",
            "mlp(orders=0,words=0)", "mlp(orders=3,opt=adam)", "gru", "gru(width=20,embed=5,bptt=3,opt=sgd)"})
    void parametersAreTheTensorSizesAndKnownBeforeCreation(String text) {
        PredictorFactory factory = Models.factory(text);
        NeuralPredictor model = (NeuralPredictor) factory.create();
        long sum = 0;
        for (Tensor tensor : model.tensors()) {
            sum += tensor.size();
        }
        assertThat(factory.parameters()).isEqualTo(sum).isEqualTo(model.parameters());
        assertThat(factory.memoryBytes()).isGreaterThan(4 * sum);
    }

    @Test
    void defaultMlpHasAtMost100kParameters() {
        assertThat(Models.factory("mlp").parameters()).isEqualTo(99_104);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp(64,6,orders=1..3,opt=rmsprop,lr=7,wd=3,clip=500,sched=cosine,tau=99,warm=5)",
            "mlp(orders=0,words=1,adapt=0,seed=9)", "gru", "gru(32,bptt=8,opt=momentum,sched=rsqrt)"})
    void canonicalFormIsCompleteAndStable(String text) {
        String canonical = NeuralSpecs.canonical(Spec.parse(text));
        assertThat(NeuralSpecs.canonical(Spec.parse(canonical))).isEqualTo(canonical);
        assertThat(canonical).contains("opt=", "lr=", "sched=", "adapt=", "seed=");
        if (text.startsWith("mlp")) {
            assertThat(NeuralSpecs.mlp(Spec.parse(canonical))).isEqualTo(NeuralSpecs.mlp(Spec.parse(text)));
        } else {
            assertThat(NeuralSpecs.gru(Spec.parse(canonical))).isEqualTo(NeuralSpecs.gru(Spec.parse(text)));
        }
    }

    @Test
    void badKnobsPointAtTheirColumn() {
        assertThatThrownBy(() -> Models.factory("mlp(width=0)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("column 11");
        assertThatThrownBy(() -> Models.factory("mlp(opt=lion)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("adagrad");
        assertThatThrownBy(() -> Models.factory("mlp(orders=x)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("orders");
        assertThatThrownBy(() -> Models.factory("gru(sched=cosine,tau=0)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("tau");
        assertThatThrownBy(() -> Models.factory("mlp(bits=24,orders=1..8,embed=256)"))
                .isInstanceOf(SpecSyntaxException.class).hasMessageContaining("too large");
    }

    @Test
    void mixerInputIsABitPredictorThatRoundTrips() throws java.io.IOException {
        PredictorFactory factory = Models.factory(NeuralSpecs.MIXER_INPUT);
        assertThat(factory.create()).isInstanceOf(io.bitscale.core.model.BitPredictor.class);
        assertThat(factory.parameters()).isEqualTo(8_421_696);
        byte[] data = NeuralTestData.text(2000);
        byte[] compressed = NeuralRoundTripTest.compress(factory, data, io.bitscale.core.stream.StreamOptions.DEFAULT);
        assertThat(NeuralRoundTripTest.decompress(compressed)).isEqualTo(data);
    }

    @Test
    void architectureComparisonIgnoresTrainingKnobs() {
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse("mlp(lr=5,adapt=0)"), Spec.parse("mlp(opt=adam)"))).isTrue();
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse("mlp"), Spec.parse("mlp(width=33)"))).isFalse();
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse("gru"), Spec.parse("gru(bptt=4,opt=sgd)"))).isTrue();
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse("gru"), Spec.parse("mlp"))).isFalse();
    }
}

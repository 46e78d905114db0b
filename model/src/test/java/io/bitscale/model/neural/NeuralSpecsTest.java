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
            "mlp(orders=0,words=0)", "mlp(orders=3,opt=adam)", "gru", "gru(width=20,embed=5,bptt=3,opt=sgd)",
            "mlp(opt=adam,impl=batched)", "mlp(width=24,depth=2,impl=batched,segments=3,every=5,adapt=0)",
            "transformer", "transformer(layers=3,d=24,heads=3,ctx=10,ff=2,segments=2,every=3,train=7)",
            "transformer(layers=1,d=8,heads=1,adapt=0)"})
    void parametersAreTheTensorSizesAndKnownBeforeCreation(String text) {
        PredictorFactory factory = Models.factory(text);
        NeuralModel model = (NeuralModel) factory.create();
        long sum = 0;
        for (Tensor tensor : model.tensors()) {
            sum += tensor.size();
        }
        assertThat(factory.parameters()).isEqualTo(sum).isEqualTo(model.parameters());
        assertThat(factory.memoryBytes()).isGreaterThan(4 * sum);
    }

    @Test
    void transformerSizesAndCostsAreStatedBeforeAllocation() {
        NeuralFactory factory = (NeuralFactory) Models.factory("transformer(layers=5,d=128,heads=4,ctx=128)");
        // 257·d + layers·(4d + 4(d² + d) + 2·4d² + 4d + d) + 2d + 256d + 256
        assertThat(factory.parameters()).isEqualTo(257 * 128 + 5 * (4 * 128 + 4 * (128 * 128 + 128) + 2 * 4 * 128 * 128
                + 4 * 128 + 128) + 2 * 128 + 256 * 128 + 256).isEqualTo(1_057_536);
        long forward = 2L * (5 * (4 * 128 * 128 + 2 * 128 * 512) + 128 * 256) + 2L * 2 * 5 * 128 * 128;
        // online by default: segments=16, every=16, train=16 -> one training pass (3 forwards) per byte
        assertThat(factory.flopsPerByte()).isEqualTo(forward + 3 * forward);
        assertThat(((NeuralFactory) Models.factory("transformer(layers=5,d=128,heads=4,ctx=128,adapt=0)")).flopsPerByte())
                .isEqualTo(forward);
        // mlp states MlpConfig's count: dense weights once forward and twice backward, plus softmax and lookups
        assertThat(((NeuralFactory) Models.factory("mlp")).flopsPerByte())
                .isEqualTo(6L * (144 * 32 + 256 * 32) + 20L * 256 + 4 * 144);
        // the decoder's work bound is the same number
        assertThat(factory.operationsPerByte()).isEqualTo(factory.flopsPerByte());
        assertThat(factory.parts()).singleElement().satisfies(part -> {
            assertThat(part.operationsPerByte()).isEqualTo(forward + 3 * forward);
            assertThat(part.parameters()).isEqualTo(factory.parameters());
        });
        assertThat(factory.memoryBytes()).isGreaterThan(3 * 4 * factory.parameters());
    }

    @Test
    void transformerAndBatchedMlpKnobsAreChecked() {
        assertThatThrownBy(() -> Models.factory("transformer(d=30,heads=4)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("multiple of heads");
        assertThatThrownBy(() -> Models.factory("transformer(every=8,train=4)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("train 4 outside 8..");
        assertThatThrownBy(() -> Models.factory("transformer(layers=0)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("'layers' = 0 outside 1..64");
        assertThatThrownBy(() -> Models.factory("transformer(width=64)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("has no argument 'width'");
        assertThatThrownBy(() -> Models.factory("transformer(layers=64,d=4096,heads=64)"))
                .isInstanceOf(SpecSyntaxException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> Models.factory("mlp(segments=4)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("'segments' needs impl=batched");
        assertThatThrownBy(() -> Models.factory("mlp(impl=batched,cut=5)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("cut");
        assertThatThrownBy(() -> Models.factory("mlp(impl=fast)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("legacy");
        assertThatThrownBy(() -> NeuralSpecs.predictor(Spec.parse("transformer"))).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("SequenceTrainer");
        assertThatThrownBy(() -> NeuralSpecs.predictor(Spec.parse("mlp(impl=batched)")))
                .isInstanceOf(SpecSyntaxException.class).hasMessageContaining("impl=legacy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"transformer", "transformer(2,32,2,16,2,4,8,9,opt=sgd,adapt=0,seed=3)",
            "mlp(impl=batched)", "mlp(32,impl=batched,segments=3,every=2,opt=rmsprop)"})
    void canonicalFormsOfTheNewSpecsAreCompleteAndStable(String text) {
        String canonical = NeuralSpecs.canonical(Spec.parse(text));
        assertThat(NeuralSpecs.canonical(Spec.parse(canonical))).isEqualTo(canonical);
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse(canonical), Spec.parse(text))).isTrue();
        if (text.startsWith("transformer")) {
            assertThat(NeuralSpecs.transformer(Spec.parse(canonical))).isEqualTo(NeuralSpecs.transformer(Spec.parse(text)));
        } else {
            assertThat(canonical).contains("impl=batched").doesNotContain("cut=");
        }
    }

    @Test
    void aTransformerCodesWithAnotherWindowAndALegacyMlpSnapshotWithImplBatched() {
        // ALiBi positions have no parameters: the window is not part of the architecture.
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse("transformer(ctx=64)"), Spec.parse("transformer(ctx=512)")))
                .isTrue();
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse("transformer(d=64)"), Spec.parse("transformer(d=32)")))
                .isFalse();
        assertThat(NeuralSpecs.sameArchitecture(Spec.parse("mlp"), Spec.parse("mlp(impl=batched,segments=4)"))).isTrue();
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

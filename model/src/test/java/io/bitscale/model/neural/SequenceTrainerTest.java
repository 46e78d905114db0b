package io.bitscale.model.neural;

import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import io.bitscale.model.neural.tensor.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batched pretraining of the transformer: it learns, it is reproducible to the snapshot's
 * SHA-256 (same seed; one or two threads), and the snapshot codes exactly through the container.
 */
class SequenceTrainerTest {

    private static final String SPEC = "transformer(layers=2,d=16,heads=2,ctx=32,ff=2,lr=50)";
    private static final SequenceTrainer.Options OPTIONS = new SequenceTrainer.Options(32, 8, 2, 2, 0, 10, 0.1, 4096,
            512, 20, 3, 7);
    private static Workers one;
    private static Workers two;
    private static byte[] data;

    @BeforeAll
    static void setUp() {
        one = new Workers(1);
        two = new Workers(2);
        data = NeuralTestData.generatedText(24_000, 3);
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
    }

    @Test
    void learnsAndReportsProgress() {
        List<SequenceTrainer.Progress> progress = new ArrayList<>();
        List<Double> validations = new ArrayList<>();
        SequenceTrainer.Result result = SequenceTrainer.train(SPEC, data, OPTIONS, new SequenceTrainer.Listener() {
            @Override
            public void progress(SequenceTrainer.Progress p) {
                progress.add(p);
            }

            @Override
            public void evaluated(long step, double trainBpb, double validationBpb, boolean best) {
                validations.add(validationBpb);
            }
        }, two);
        // 21,600 training bytes = 675 windows of 32; 16 per step; two epochs.
        assertThat(result.steps()).isEqualTo(2 * (675 / 16));
        assertThat(progress).hasSize((int) result.steps());
        SequenceTrainer.Progress last = progress.get(progress.size() - 1);
        assertThat(last.trainedBytes()).isEqualTo(result.steps() * 16 * 32);
        assertThat(last.bytesPerSecond()).isPositive();
        assertThat(last.etaSeconds()).isZero();
        assertThat(progress.get(0).trainBpb()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.1));
        // The generated text has about 4.2 bits of entropy per byte once words are known.
        assertThat(validations.get(0)).isLessThan(6.5);
        assertThat(result.validationBpb()).isLessThan(validations.get(0)).isLessThan(4.5);
        assertThat(result.spec()).contains("sched=cosine").contains("warm=10");
        assertThat(result.model().adapts()).isFalse();
    }

    @Test
    void sameSeedGivesTheSameSnapshotOnOneAndTwoThreads() {
        SequenceTrainer.Options short_ = new SequenceTrainer.Options(32, 4, 2, 1, 12, 3, 0.1, 2048, 512, 6, 3, 5);
        String a = snapshot(SequenceTrainer.train(SPEC, data, short_, SequenceTrainer.Listener.NONE, one)).sha256Hex();
        String b = snapshot(SequenceTrainer.train(SPEC, data, short_, SequenceTrainer.Listener.NONE, two)).sha256Hex();
        assertThat(b).isEqualTo(a);
        SequenceTrainer.Options otherSeed = new SequenceTrainer.Options(32, 4, 2, 1, 12, 3, 0.1, 2048, 512, 6, 3, 6);
        String c = snapshot(SequenceTrainer.train(SPEC, data, otherSeed, SequenceTrainer.Listener.NONE, two)).sha256Hex();
        assertThat(c).isNotEqualTo(a);
    }

    private static Snapshot snapshot(SequenceTrainer.Result result) {
        return Snapshot.of(result.spec(), result.model(), Snapshot.Quantization.FLOAT32, new byte[32], data.length);
    }

    @Test
    void theSnapshotCodesExactlyFrozenAndAdapting() throws Exception {
        SequenceTrainer.Options short_ = new SequenceTrainer.Options(32, 8, 1, 1, 30, 5, 0.1, 2048, 512, 30, 3, 1);
        SequenceTrainer.Result result = SequenceTrainer.train(SPEC, data, short_, SequenceTrainer.Listener.NONE, two);
        Snapshot snapshot = Snapshot.read(snapshot(result).bytes());
        byte[] text = NeuralTestData.generatedText(5000, 9);
        for (boolean adapt : new boolean[] {false, true}) {
            SnapshotFactory factory = SnapshotFactory.of(snapshot, adapt);
            byte[] compressed = NeuralRoundTripTest.compress(factory, text, new StreamOptions(1024));
            try (var in = new io.bitscale.core.stream.BitscaleInputStream(new java.io.ByteArrayInputStream(compressed),
                    SnapshotFactory.resolver(snapshot, Models.registry()))) {
                assertThat(in.readAllBytes()).as("adapt=%s", adapt).isEqualTo(text);
            }
            assertThat(compressed.length).isLessThan(text.length * 6 / 8);
        }
        // The held-out score the trainer reports is the frozen chunk loss of these weights.
        NeuralModel frozen = snapshot.instantiate(NeuralSpecs.with(io.bitscale.model.spec.Spec.parse(result.spec()), "adapt",
                0).toString());
        assertThat(frozen).isInstanceOf(TransformerPredictor.class);
        double bits = SequenceTrainer.validate(((TransformerPredictor) frozen).network(), data, 21_600, 2048, 512);
        assertThat(bits).isEqualTo(result.validationBpb());
    }

    @Test
    void refusesOtherModelsAndTooLittleData() {
        assertThatThrownBy(() -> SequenceTrainer.train("mlp", data, OPTIONS, SequenceTrainer.Listener.NONE, one))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transformers");
        assertThatThrownBy(() -> SequenceTrainer.train(SPEC, new byte[300], OPTIONS, SequenceTrainer.Listener.NONE, one))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windows");
    }
}

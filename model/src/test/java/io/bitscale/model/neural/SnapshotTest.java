package io.bitscale.model.neural;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.ModelMismatchException;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshots: save, load, quantize, reject damage, and bind streams to the exact snapshot. */
class SnapshotTest {

    private static final String SPEC = "mlp(width=16,ctx=3,embed=8,orders=2..3,bits=8)";
    private static final byte[] DIGEST = new byte[32];
    private static byte[] data;
    private static NeuralPredictor trained;

    @BeforeAll
    static void train() {
        data = NeuralTestData.text(12000);
        Trainer.Result result = Trainer.train(SPEC, data, new Trainer.Options(0.2, 1 << 20, 1, 4000, 3, 2048),
                Trainer.Listener.NONE);
        trained = result.model();
        assertThat(result.validationBpb()).isLessThan(6);
    }

    @ParameterizedTest
    @EnumSource(Snapshot.Quantization.class)
    void savesAndLoads(Snapshot.Quantization quantization, @TempDir Path dir) throws IOException {
        Snapshot snapshot = Snapshot.of(SPEC, trained, quantization, DIGEST, data.length);
        Path file = dir.resolve("model.bsm");
        snapshot.write(file);
        Snapshot loaded = Snapshot.read(file);
        assertThat(loaded.spec()).isEqualTo(NeuralSpecs.canonical(io.bitscale.model.spec.Spec.parse(SPEC)))
                .startsWith("mlp(width=16,ctx=3,embed=8,orders=2..3,bits=8,").contains("opt=adagrad,lr=1000");
        assertThat(loaded.quantization()).isEqualTo(quantization);
        assertThat(loaded.dataBytes()).isEqualTo(data.length);
        assertThat(loaded.sha256()).isEqualTo(snapshot.sha256());
        assertThat(loaded.sizeBytes()).isEqualTo(java.nio.file.Files.size(file));
        List<Tensor> tensors = trained.tensors();
        for (int t = 0; t < tensors.size(); t++) {
            Tensor tensor = tensors.get(t);
            float[] original = tensor.copyValues();
            float[] restored = loaded.tensors().get(t).values();
            assertThat(restored).isEqualTo(snapshot.tensors().get(t).values());
            if (quantization == Snapshot.Quantization.FLOAT32 || tensor.rows() == 1) {
                assertThat(restored).isEqualTo(original); // biases stay float32
                continue;
            }
            Snapshot.Quantization dtype = Snapshot.dtype(tensor, quantization);
            assertThat(loaded.tensors().get(t).dtype()).isEqualTo(dtype);
            int levels = dtype == Snapshot.Quantization.INT8 ? 127 : 7;
            int columns = tensor.columns();
            for (int r = 0; r < tensor.rows(); r++) {
                double max = 0;
                double error = 0;
                for (int c = 0; c < columns; c++) {
                    max = Math.max(max, Math.abs(original[r * columns + c]));
                    double d = restored[r * columns + c] - original[r * columns + c];
                    error += d * d;
                }
                // The chosen clipping is at least as good as plain max-scaling (half a step per value).
                double halfStep = max / levels / 2;
                assertThat(error).isLessThanOrEqualTo(columns * halfStep * halfStep * 1.01 + 1e-12);
            }
        }
        // Sizes: int8 about a quarter of float32, int4 about an eighth (plus row scales).
        long floatSize = Snapshot.of(SPEC, trained, Snapshot.Quantization.FLOAT32, DIGEST, 0).sizeBytes();
        assertThat(snapshot.sizeBytes()).isLessThanOrEqualTo(switch (quantization) {
            case FLOAT32 -> floatSize;
            case INT8 -> floatSize * 2 / 5;
            case INT4 -> floatSize * 3 / 10;
        });
    }

    @ParameterizedTest
    @EnumSource(Snapshot.Quantization.class)
    void codesWithSnapshotFrozenAndAdapting(Snapshot.Quantization quantization) throws IOException {
        Snapshot snapshot = Snapshot.read(Snapshot.of(SPEC, trained, quantization, DIGEST, data.length).bytes());
        byte[] input = Arrays.copyOfRange(NeuralTestData.text(15000), 12000, 15000); // unseen, same source
        for (boolean adapt : new boolean[] {false, true}) {
            PredictorFactory factory = SnapshotFactory.of(snapshot, adapt);
            assertThat(factory.spec()).contains(adapt ? "adapt=1" : "adapt=0");
            assertThat(factory.snapshotSha256()).isEqualTo(snapshot.sha256());
            byte[] compressed = NeuralRoundTripTest.compress(factory, input, new StreamOptions(1024));
            try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed),
                    SnapshotFactory.resolver(snapshot, Models.registry()))) {
                assertThat(in.readAllBytes()).isEqualTo(input);
            }
            // The pretrained model predicts much better than a fresh one from its first byte.
            byte[] fresh = NeuralRoundTripTest.compress(Models.factory(SPEC), input, StreamOptions.DEFAULT);
            assertThat(compressed.length).isLessThan(fresh.length);
        }
    }

    @Test
    void loadedModelPredictsLikeTheTrainedOne() throws IOException {
        Snapshot snapshot = Snapshot.read(Snapshot.of(SPEC, trained, Snapshot.Quantization.FLOAT32, DIGEST, 1).bytes());
        SymbolPredictor loaded = (SymbolPredictor) SnapshotFactory.of(snapshot, false).create();
        NeuralPredictor reference = NeuralSpecs.predictor(io.bitscale.model.spec.Spec.parse(SPEC));
        List<Tensor> tensors = reference.tensors();
        for (int t = 0; t < tensors.size(); t++) {
            tensors.get(t).load(trained.tensors().get(t).copyValues());
        }
        for (byte b : NeuralTestData.generatedText(200, 3)) {
            assertThat(loaded.cdf()).isEqualTo(reference.cdf());
            loaded.update(b & 0xFF);
            reference.score(b & 0xFF);
        }
    }

    @Test
    void decodingWithAnotherSnapshotOrNoneFails() throws IOException {
        Snapshot snapshot = Snapshot.of(SPEC, trained, Snapshot.Quantization.INT8, DIGEST, data.length);
        Snapshot other = Snapshot.of(SPEC, trained, Snapshot.Quantization.INT4, DIGEST, data.length);
        byte[] compressed = NeuralRoundTripTest.compress(SnapshotFactory.of(snapshot, false),
                NeuralTestData.generatedText(500, 1), StreamOptions.DEFAULT);
        assertThatThrownBy(() -> new BitscaleInputStream(new ByteArrayInputStream(compressed),
                SnapshotFactory.resolver(other, Models.registry())))
                .isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining(snapshot.sha256Hex()).hasMessageContaining(other.sha256Hex());
        assertThatThrownBy(() -> new BitscaleInputStream(new ByteArrayInputStream(compressed), Models.registry()))
                .isInstanceOf(ModelMismatchException.class).hasMessageContaining("none");
    }

    @Test
    void rejectsDamage() {
        byte[] good = Snapshot.of(SPEC, trained, Snapshot.Quantization.INT8, DIGEST, data.length).bytes();
        // Any flipped bit, anywhere, is caught (by the trailing SHA-256 if nothing else).
        for (int position : new int[] {0, 3, 4, 5, 7, 20, 60, good.length / 2, good.length - 40, good.length - 1}) {
            byte[] bad = good.clone();
            bad[position] ^= 0x10;
            assertThatThrownBy(() -> Snapshot.read(bad)).as("flip at %d", position)
                    .isInstanceOf(InvalidSnapshotException.class);
        }
        for (int length : new int[] {0, 3, 40, good.length / 2, good.length - 1}) {
            assertThatThrownBy(() -> Snapshot.read(Arrays.copyOf(good, length))).as("truncated to %d", length)
                    .isInstanceOf(InvalidSnapshotException.class);
        }
        assertThatThrownBy(() -> Snapshot.read(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("SHA-256");
    }

    @Test
    void boundsAreCheckedEvenWithAValidChecksum() {
        byte[] good = Snapshot.of(SPEC, trained, Snapshot.Quantization.FLOAT32, DIGEST, data.length).bytes();
        int specLength = NeuralSpecs.canonical(io.bitscale.model.spec.Spec.parse(SPEC)).length();
        int tensorStart = 8 + specLength + 32 + 8 + 2;
        // Huge row count in the first tensor: refused before allocating.
        byte[] huge = good.clone();
        int rowsAt = tensorStart + 1 + "byte.embedding".length();
        huge[rowsAt + 3] = 0x7F;
        assertThatThrownBy(() -> Snapshot.read(resign(huge))).isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("byte.embedding");
        // Wrong version, wrong magic.
        byte[] version = good.clone();
        version[4] = 9;
        assertThatThrownBy(() -> Snapshot.read(resign(version))).hasMessageContaining("version 9");
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertThatThrownBy(() -> Snapshot.read(resign(magic))).hasMessageContaining("magic");
        // A tensor that does not fit the spec's model.
        byte[] renamed = good.clone();
        renamed[tensorStart + 1] = 'c'; // "byte.embedding" -> "cyte.embedding"
        assertThatThrownBy(() -> SnapshotFactory.of(Snapshot.read(resign(renamed)), false))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("cyte.embedding");
    }

    /** Recomputes the trailing SHA-256 so that the structural checks are reached. */
    private static byte[] resign(byte[] file) {
        byte[] digest = Snapshot.sha256(file, 0, file.length - 32);
        System.arraycopy(digest, 0, file, file.length - 32, 32);
        return file;
    }
}

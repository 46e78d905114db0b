package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.model.neural.tensor.Workers;
import io.bitscale.model.spec.Spec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The transformer's backward pass against finite differences, its one-pass chunk evaluation
 * against the one-byte-at-a-time path a decoder runs, and its independence of the thread count.
 */
class TransformerTest {

    private static Workers one;
    private static Workers two;

    @BeforeAll
    static void pools() {
        one = new Workers(1);
        two = new Workers(2);
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
    }

    private static TransformerConfig config(String text) {
        return NeuralSpecs.transformer(Spec.parse(text));
    }

    /** Loss (natural log, summed over rows) of a forward pass with the given weights. */
    private static double loss(TransformerNetwork network, int sequences, int length, int[] inputs, int[] targets) {
        TransformerNetwork.Activations a = new TransformerNetwork.Activations(network.config, sequences, length, true);
        forward(network, sequences, length, inputs, a);
        float[] weights = new float[inputs.length];
        Arrays.fill(weights, 1f);
        return network.lossAndGradient(inputs.length, targets, weights, a) * Math.log(2);
    }

    private static void forward(TransformerNetwork network, int sequences, int length, int[] inputs,
                                TransformerNetwork.Activations a) {
        var scratch = network.attention.new Scratch(network.workers.threads(), length, true);
        network.forward(inputs.length, inputs, a, (layer, rows, q, k, v, out) -> network.attention.forward(
                network.workers, q, k, v, sequences, length, out, a.probabilities[layer], scratch));
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        TransformerNetwork network = new TransformerNetwork(config("transformer(layers=2,d=8,heads=2,ctx=3,ff=2,seed=4)"),
                one);
        // Randomize everything (the output layer starts at zero, gains at one).
        SplitMix64 random = new SplitMix64(99);
        for (Tensor t : network.tensors) {
            for (float[] row : t.values) {
                for (int j = 0; j < row.length; j++) {
                    row[j] += (float) ((random.nextDouble() * 2 - 1) * 0.5);
                }
            }
        }
        int sequences = 2;
        int length = 5;
        byte[] text = "the cat sat.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int[] inputs = new int[sequences * length];
        int[] targets = new int[inputs.length];
        for (int s = 0; s < sequences; s++) {
            for (int i = 0; i < length; i++) {
                targets[s * length + i] = text[s * length + i + 1];
                inputs[s * length + i] = i == 0 ? TransformerConfig.START : text[s * length + i];
            }
        }
        TransformerNetwork.Activations a = new TransformerNetwork.Activations(network.config, sequences, length, true);
        TransformerNetwork.Training training = new TransformerNetwork.Training(network, inputs.length, length);
        forward(network, sequences, length, inputs, a);
        float[] weights = new float[inputs.length];
        Arrays.fill(weights, 1f);
        network.lossAndGradient(inputs.length, targets, weights, a);
        network.zeroGradients(training);
        network.transposeWeights(training);
        network.backward(sequences, length, inputs, a, training);
        List<Tensor> tensors = network.tensors;
        int checked = 0;
        for (int t = 0; t < tensors.size(); t++) {
            float[][] values = tensors.get(t).values;
            int[] picks = {0, values.length / 2, values.length - 1};
            for (int row : picks) {
                for (int column : new int[] {0, values[row].length - 1}) {
                    float original = values[row][column];
                    double h = 1e-2;
                    values[row][column] = (float) (original + h);
                    double plus = loss(network, sequences, length, inputs, targets);
                    values[row][column] = (float) (original - h);
                    double minus = loss(network, sequences, length, inputs, targets);
                    values[row][column] = original;
                    double step = (float) (original + h) - (double) (float) (original - h);
                    double numeric = (plus - minus) / step;
                    double analytic = training.gradients[t][row][column];
                    if (t == 0 && Arrays.stream(inputs).noneMatch(x -> x == row)) {
                        assertThat(analytic).isZero(); // an embedding row no input used
                    }
                    assertThat(analytic).as("%s[%d][%d]", tensors.get(t).name(), row, column)
                            .isCloseTo(numeric, within(0.05 * Math.abs(numeric) + 2e-3));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void aPreparedChunkGivesTheTablesOfTheOneByteAtATimePath() {
        byte[] data = NeuralTestData.text(700);
        String spec = "transformer(layers=2,d=16,heads=2,ctx=40,segments=1,adapt=0,seed=3)";
        // Random output weights, so that the tables are far from uniform.
        TransformerPredictor reference = new TransformerPredictor(config(spec), one);
        randomize(reference);
        TransformerPredictor prepared = new TransformerPredictor(config(spec), two);
        copyWeights(reference, prepared);
        assertThat(prepared.canPrepare()).isTrue();
        prepared.prepare(data, 0, 500);
        assertThat(prepared.canPrepare()).isFalse();
        for (int i = 0; i < 700; i++) {
            // After the prepared 500 bytes the predictor continues one byte at a time from its cache.
            assertThat(prepared.cdf()).as("table of byte %d", i).isEqualTo(reference.cdf());
            prepared.update(data[i] & 0xFF);
            reference.update(data[i] & 0xFF);
        }
        TransformerPredictor wrong = new TransformerPredictor(config(spec), one);
        wrong.prepare(data, 0, 10);
        wrong.cdf();
        assertThatThrownBy(() -> wrong.update((data[0] & 0xFF) ^ 1)).isInstanceOf(IllegalStateException.class);
    }

    private static void randomize(NeuralModel model) {
        SplitMix64 random = new SplitMix64(5);
        for (Tensor t : model.tensors()) {
            for (float[] row : t.values) {
                for (int j = 0; j < row.length; j++) {
                    row[j] += (float) ((random.nextDouble() * 2 - 1) * 0.3);
                }
            }
        }
    }

    private static void copyWeights(NeuralModel from, NeuralModel to) {
        for (int t = 0; t < from.tensors().size(); t++) {
            to.tensors().get(t).load(from.tensors().get(t).copyValues());
        }
    }

    /** Codes {@code data} in frames with a batched model on the given pool; returns the payloads. */
    static byte[] code(String spec, Workers workers, byte[] data, int frame) {
        NeuralModel model = NeuralSpecs.model(Spec.parse(spec), workers);
        PredictiveCoder loop = PredictiveCoder.of(model);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        for (int offset = 0; offset < data.length; offset += frame) {
            encoder.reset();
            int length = Math.min(frame, data.length - offset);
            loop.codeBlock(encoder, Arrays.copyOfRange(data, offset, offset + length), 0, length);
            out.writeBytes(encoder.finish());
        }
        return out.toByteArray();
    }

    @Test
    void onlineCodingIsIdenticalOnOneAndTwoThreads() {
        byte[] data = NeuralTestData.text(6000);
        for (String spec : List.of("transformer(layers=2,d=16,heads=2,ctx=24,segments=8,every=4,train=12)",
                "mlp(width=16,opt=adam,impl=batched,segments=8,every=2)")) {
            byte[] single = code(spec, one, data, 2048);
            byte[] dual = code(spec, two, data, 2048);
            assertThat(dual).as(spec).isEqualTo(single);
            assertThat(single.length).as(spec).isLessThan(data.length * 6 / 8);
        }
    }

    @Test
    void oneSegmentCodesAsThePlainLoopDoes() {
        byte[] data = NeuralTestData.text(3000);
        for (String spec : List.of("transformer(layers=1,d=16,heads=2,ctx=16,segments=1,every=3,train=8)",
                "mlp(width=16,opt=adam,impl=batched,segments=1,every=2)")) {
            byte[] segmented = code(spec, two, data, 1024);
            // The same model behind an interface the loop does not know: plain byte after byte.
            NeuralModel model = NeuralSpecs.model(Spec.parse(spec), two);
            io.bitscale.core.model.SymbolPredictor plain = new io.bitscale.core.model.SymbolPredictor() {
                public int[] cdf() {
                    return model.cdf();
                }

                public void update(int symbol) {
                    model.update(symbol);
                }

                public long parameters() {
                    return model.parameters();
                }

                public long memoryBytes() {
                    return model.memoryBytes();
                }
            };
            PredictiveCoder loop = PredictiveCoder.of(plain);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ArithmeticEncoder encoder = new ArithmeticEncoder();
            for (int offset = 0; offset < data.length; offset += 1024) {
                encoder.reset();
                int length = Math.min(1024, data.length - offset);
                loop.codeBlock(encoder, Arrays.copyOfRange(data, offset, offset + length), 0, length);
                out.writeBytes(encoder.finish());
            }
            assertThat(out.toByteArray()).as(spec).isEqualTo(segmented);
        }
    }

    @Test
    void moreThanOneSegmentRefusesThePlainLoop() {
        NeuralModel model = NeuralSpecs.model(Spec.parse("transformer(layers=1,d=8,heads=2,segments=4)"), one);
        assertThatThrownBy(model::cdf).isInstanceOf(IllegalStateException.class).hasMessageContaining("segments=1");
    }
}

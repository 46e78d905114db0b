package io.bitscale.model;

import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Freezable;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.core.random.SplitMix64;
import io.bitscale.model.neural.NeuralModel;
import io.bitscale.model.neural.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Freezable} contract for every shipped model family: after training and
 * {@code freeze()}, coding a test text teaches the model nothing. The probe: a frozen model codes
 * a separator (which resets every context the models use: bytes, words, lines, match state) followed by
 * the test text, twice in a row, and a second frozen copy first codes unrelated bytes; all three
 * passes must give identical probabilities for the test text. The same probe on an adapting copy
 * must see them differ, so the test fails for the reason it names.
 */
class FreezeContractTest {

    /**
     * Non-letters, then three identical words between line breaks, then non-letters: resets bytes,
     * words, matches and the column (cm's byte above in the previous line).
     */
    private static final byte[] SEPARATOR = ("\u0001".repeat(40) + "\n qz qz qz \n" + "\u0002".repeat(24))
            .getBytes(StandardCharsets.ISO_8859_1);

    @ParameterizedTest
    @ValueSource(strings = {"order0", "order1", "order2", "kt0", "kt1", "bits(kt1)", "ppm(n=4)",
        "ppm(n=3,smoother=kn,mem=16)", "order(1..4,bits=16)", "word(bits=16)", "sparse(bits=16)", "match(bits=16)",
        "mix(order2,kt1,ppm(n=3,mem=16),match(bits=16))", "mlp(width=8,bits=8)", "fast(16)", "default(16)", "strong(16)",
        "cm(orders=123,words=1,match=6,bits=18,mbits=16)", "cm(orders=2,words=0,match=0,bits=16,apm=0)"})
    void aFrozenModelLearnsNothingFromWhatItCodes(String spec) {
        byte[] training = text(40_000, 1);
        byte[] test = text(3_000, 2);
        byte[] unrelated = text(5_000, 3);

        Predictor frozen = trained(spec, training);
        ((Freezable) frozen).freeze();
        double[] first = probe(frozen, test);
        double[] second = probe(frozen, test);
        Predictor other = trained(spec, training);
        ((Freezable) other).freeze();
        probe(other, unrelated);
        double[] afterOther = probe(other, test);
        assertThat(second).as("coding the test twice").containsExactly(first);
        assertThat(afterOther).as("after unrelated bytes").containsExactly(first);

        Predictor adapting = trained(spec, training);
        double[] adaptingFirst = probe(adapting, test);
        assertThat(probe(adapting, test)).as("an adapting model does learn from the test").isNotEqualTo(adaptingFirst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru(width=8,embed=8)", "mlp(width=8,bits=8)", "mlp(width=8,bits=8,impl=batched,segments=1)",
        "transformer(layers=1,d=8,heads=1,ctx=8,segments=1,every=1,train=4)"})
    void aFrozenNetworkKeepsItsWeights(String spec) {
        // A recurrent state carries the whole history, so the probe above cannot apply: compare weights.
        NeuralModel network = (NeuralModel) trained(spec, text(5_000, 1));
        network.freeze();
        List<float[]> before = weights(network);
        probe(network, text(2_000, 2));
        assertThat(weights(network)).usingRecursiveComparison().isEqualTo(before);
        assertThat(network.adapts()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp(width=8,bits=8,impl=batched,segments=4,every=2)",
        "transformer(layers=1,d=8,heads=1,ctx=8,segments=4,every=2,train=4)"})
    void aFrozenBatchedNetworkKeepsItsWeightsAndDecodesWhatItEncoded(String spec) {
        // Interleaved segments need the segmented loop: train, freeze, code one block, as a frozen cell does.
        byte[] training = text(5_000, 1);
        byte[] test = text(2_000, 2);
        NeuralModel network = (NeuralModel) trained(spec, training);
        network.freeze();
        List<float[]> before = weights(network);
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        PredictiveCoder.of(network).codeBlock(encoder, test.clone(), 0, test.length);
        byte[] payload = encoder.finish();
        assertThat(weights(network)).usingRecursiveComparison().isEqualTo(before);
        assertThat(network.adapts()).isFalse();

        NeuralModel replay = (NeuralModel) trained(spec, training);
        replay.freeze();
        byte[] decoded = new byte[test.length];
        PredictiveCoder.of(replay).codeBlock(new ArithmeticDecoder(payload, 0, payload.length), decoded, 0, decoded.length);
        assertThat(decoded).isEqualTo(test);
    }

    private static List<float[]> weights(NeuralModel network) {
        List<float[]> copy = new ArrayList<>();
        for (Tensor tensor : network.tensors()) {
            copy.add(tensor.copyValues());
        }
        return copy;
    }

    private static Predictor trained(String spec, byte[] training) {
        Predictor model = Models.factory(spec).create();
        PredictiveCoder.of(model).learn(training, 0, training.length);
        return model;
    }

    /** Codes the separator then {@code text}; returns the probability of every coded decision of {@code text}. */
    private static double[] probe(Predictor model, byte[] text) {
        feed(model, SEPARATOR, null);
        List<Double> seen = new ArrayList<>();
        feed(model, text, seen);
        return seen.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void feed(Predictor model, byte[] bytes, List<Double> seen) {
        for (byte b : bytes) {
            int value = b & 0xFF;
            if (model instanceof BitPredictor bits) {
                for (int shift = 7; shift >= 0; shift--) {
                    int bit = (value >>> shift) & 1;
                    int p1 = bits.p1();
                    if (seen != null) {
                        seen.add(bit == 1 ? p1 : 65536.0 - p1);
                    }
                    bits.update(bit);
                }
            } else {
                SymbolPredictor symbols = (SymbolPredictor) model;
                int[] cdf = symbols.cdf();
                if (seen != null) {
                    seen.add((double) (cdf[value + 1] - cdf[value]) / cdf[symbols.alphabetSize()]);
                }
                symbols.update(value);
            }
        }
    }

    /** Text-like bytes: words of a small seeded vocabulary, with punctuation and line breaks. */
    static byte[] text(int length, long seed) {
        String[] words = {"the", "of", "scaling", "law", "model", "data", "bits", "per", "byte", "context",
            "mixing", "table", "grows", "with", "frozen", "test", "and", "a", "is", "learns"};
        SplitMix64 random = new SplitMix64(seed);
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            out.append(words[random.nextInt(words.length)]);
            int r = random.nextInt(20);
            out.append(r == 0 ? ".\n" : r == 1 ? ", " : " ");
        }
        return out.substring(0, length).getBytes(StandardCharsets.ISO_8859_1);
    }
}

package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import io.bitscale.model.spec.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the hand-written back-propagation against finite differences: one plain-SGD step with a
 * tiny rate moves each weight by {@code -rate · ∂loss/∂w}; the same derivative is estimated by
 * perturbing the weight of a frozen copy and re-scoring the bytes.
 */
class GradientCheckTest {

    private static final byte[] TEXT = "the cat sat on the mat; the dog sat on the log."
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {
            "mlp(width=8,ctx=2,embed=4,orders=2..3,bits=6,words=2,opt=sgd,lr=1,cut=0)",
            "mlp(width=6,ctx=3,embed=3,orders=0,depth=2,opt=sgd,lr=1,cut=0)",
            "gru(width=6,embed=4,bptt=12,opt=sgd,lr=1,cut=0)"})
    void oneStepMatchesFiniteDifferences(String text) {
        Spec spec = Spec.parse(text);
        // The gradient of a window: the MLP learns per byte, so use one byte; the GRU one window.
        int steps = spec.name().equals("gru") ? NeuralSpecs.gru(spec).bptt() : 1;
        NeuralPredictor model = NeuralSpecs.predictor(spec);
        List<Tensor> tensors = model.tensors();
        float[][] before = new float[tensors.size()][];
        for (int t = 0; t < tensors.size(); t++) {
            before[t] = tensors.get(t).copyValues();
        }
        // Warm the output layer so that gradients reach the hidden layers (it starts at zero).
        for (int t = 0; t < tensors.size(); t++) {
            Tensor tensor = tensors.get(t);
            if (tensor.name().startsWith("output")) {
                SplitMix64 random = new SplitMix64(7 + t);
                tensor.initUniform(random, 0.5);
                before[t] = tensor.copyValues();
            }
        }
        for (int i = 0; i < steps; i++) {
            model.train(TEXT[i] & 0xFF);
        }
        double rate = 1e-4;
        int checked = 0;
        for (int t = 0; t < tensors.size(); t++) {
            Tensor tensor = tensors.get(t);
            if (spec.name().equals("gru") && tensor.name().startsWith("output")) {
                continue; // updated every byte, not once per window
            }
            float[] after = tensor.copyValues();
            // Up to 12 of the entries the step moved, spread over the tensor.
            java.util.List<Integer> moved = new java.util.ArrayList<>();
            for (int k = 0; k < after.length; k++) {
                if (Math.abs((double) after[k] - before[t][k]) > 1e-8) {
                    moved.add(k);
                }
            }
            int stride = Math.max(1, moved.size() / 12);
            for (int m = 0; m < moved.size(); m += stride) {
                int k = moved.get(m);
                double analytic = -((double) after[k] - before[t][k]) / rate;
                double numeric = numericDerivative(spec, before, t, k, steps);
                assertThat(analytic).as("%s %s[%d]: analytic %.5f numeric %.5f", text, tensor.name(), k, analytic, numeric)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(0.03 * Math.abs(numeric) + 1e-3));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5);
    }

    /** Central difference of the loss (natural log) over the first {@code steps} bytes, frozen model. */
    private static double numericDerivative(Spec spec, float[][] weights, int tensor, int index, int steps) {
        double h = 1e-2;
        float[] values = weights[tensor].clone();
        float original = values[index];
        values[index] = (float) (original + h);
        double plus = loss(spec, weights, tensor, values, steps);
        values[index] = (float) (original - h);
        double minus = loss(spec, weights, tensor, values, steps);
        double actualStep = ((float) (original + h) - (double) (float) (original - h));
        return (plus - minus) / actualStep;
    }

    private static double loss(Spec spec, float[][] weights, int tensor, float[] replaced, int steps) {
        NeuralPredictor frozen = NeuralSpecs.predictor(NeuralSpecs.with(spec, "adapt", 0));
        List<Tensor> tensors = frozen.tensors();
        for (int t = 0; t < tensors.size(); t++) {
            tensors.get(t).load(t == tensor ? replaced : weights[t]);
        }
        double bits = 0;
        for (int i = 0; i < steps; i++) {
            bits += frozen.score(TEXT[i] & 0xFF);
        }
        return bits * Math.log(2);
    }
}

package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import java.util.List;

/**
 * A gated recurrent unit (Cho et al. 2014, PyTorch's gate convention) over byte embeddings, with
 * a softmax output. Trained online with truncated back-propagation through time: the output
 * layer learns from every byte (sparse step, as {@link MlpPredictor}); the embedding and the
 * recurrent weights learn every {@code bptt} bytes from the gradients of those bytes, propagated
 * back through them; the hidden state runs on across windows.
 *
 * <pre>
 * r  = σ(Wr·x + br + Ur·h + cr)        z = σ(Wz·x + bz + Uz·h + cz)
 * n  = tanh(Wn·x + bn + r ⊙ (Un·h + cn))
 * h' = (1 − z) ⊙ n + z ⊙ h             p = softmax(Wo·h' + bo)
 * </pre>
 *
 * <pre>{@code
 * GruPredictor gru = new GruPredictor(NeuralSpecs.gru(Spec.parse("gru(width=64)")));
 * }</pre>
 *
 * <p>Cost per byte (width H, embedding E): {@code 3H·(E + H) + 256·H} multiply-adds forward, about
 * twice that backward, and one optimizer pass over the recurrent weights per window.
 */
public final class GruPredictor extends NeuralPredictor {

    private final GruConfig config;
    /** Steps the output layer and bias every byte. */
    private final Optimizer outputOptimizer;
    /** Steps the embedding and gate weights once per window. */
    private final Optimizer recurrentOptimizer;
    private final int width;
    private final int gates;
    private final int embed;
    private final int window;
    private final double outputCutoff;

    private final Tensor embedding;
    /** Input weights: rows = embedding dimensions, columns = 3·width (r, z, n). */
    private final Tensor inputWeights;
    /** Recurrent weights: rows = width, columns = 3·width. */
    private final Tensor recurrentWeights;
    private final Tensor inputBias;
    private final Tensor recurrentBias;
    private final Tensor outputWeights;
    private final Tensor outputBias;
    private final List<Tensor> tensors;

    // Gradient accumulators of one window, same shapes as the tensors.
    private final float[][] embeddingGradient;
    private final boolean[] embeddingTouched;
    private final float[][] inputWeightGradient;
    private final float[][] recurrentWeightGradient;
    private final float[] inputBiasGradient;
    private final float[] recurrentBiasGradient;

    // History of the window: per step t the input byte, the state before, gates, candidate,
    // the recurrent candidate term (Un·h + cn), and ∂loss/∂h' from that step's output.
    private final int[] stepByte;
    private final float[][] stepPrevious;
    private final float[][] stepReset;
    private final float[][] stepUpdate;
    private final float[][] stepCandidate;
    private final float[][] stepRecurrentCandidate;
    private final float[][] stepOutputGradient;
    private int steps;

    /** The state: output of the last step. */
    private float[] state;
    private final float[] inputPart;
    private final float[] recurrentPart;
    private final float[] logits = new float[256];
    private final float[] logitGradient = new float[256];
    private final int[] activeColumns = new int[256];
    private final float[] activeGradient = new float[256];
    private final float[] gradientRow;
    private final float[] stateGradient;
    private final float[] previousGradient;
    private final float[] gateGradient;
    private final float[] recurrentGateGradient;
    private int lastByte;
    private boolean learnedThisStep;

    /** A freshly initialized network. */
    public GruPredictor(GruConfig config) {
        super(config.adapt());
        this.config = config;
        this.outputOptimizer = new Optimizer(config.optimizer());
        this.recurrentOptimizer = new Optimizer(config.optimizer());
        this.width = config.width();
        this.gates = 3 * width;
        this.embed = config.embed();
        this.window = config.bptt();
        this.outputCutoff = config.outputCutoff();

        SplitMix64 random = new SplitMix64(config.seed());
        embedding = new Tensor("byte.embedding", 256, embed);
        embedding.initUniform(random, 0.1);
        inputWeights = new Tensor("gru.input.weight", embed, gates);
        inputWeights.initUniform(random, 1 / Math.sqrt(width));
        recurrentWeights = new Tensor("gru.recurrent.weight", width, gates);
        recurrentWeights.initUniform(random, 1 / Math.sqrt(width));
        inputBias = new Tensor("gru.input.bias", 1, gates);
        recurrentBias = new Tensor("gru.recurrent.bias", 1, gates);
        outputWeights = new Tensor("output.weight", width, 256);
        outputBias = new Tensor("output.bias", 1, 256);
        tensors = List.of(embedding, inputWeights, recurrentWeights, inputBias, recurrentBias, outputWeights,
                outputBias);
        outputOptimizer.attach(outputWeights);
        outputOptimizer.attach(outputBias);
        for (Tensor t : List.of(embedding, inputWeights, recurrentWeights, inputBias, recurrentBias)) {
            recurrentOptimizer.attach(t);
        }

        embeddingGradient = new float[256][embed];
        embeddingTouched = new boolean[256];
        inputWeightGradient = new float[embed][gates];
        recurrentWeightGradient = new float[width][gates];
        inputBiasGradient = new float[gates];
        recurrentBiasGradient = new float[gates];

        stepByte = new int[window];
        stepPrevious = new float[window][width];
        stepReset = new float[window][width];
        stepUpdate = new float[window][width];
        stepCandidate = new float[window][width];
        stepRecurrentCandidate = new float[window][width];
        stepOutputGradient = new float[window][width];

        state = new float[width];
        inputPart = new float[gates];
        recurrentPart = new float[gates];
        gradientRow = new float[Math.max(256, gates)];
        stateGradient = new float[width];
        previousGradient = new float[width];
        gateGradient = new float[gates];
        recurrentGateGradient = new float[gates];
    }

    /** The configuration. */
    public GruConfig config() {
        return config;
    }

    @Override
    public List<Tensor> tensors() {
        return tensors;
    }

    @Override
    public long parameters() {
        return config.parameters();
    }

    @Override
    public long memoryBytes() {
        return config.memoryBytes();
    }

    @Override
    protected void clearContext() {
        java.util.Arrays.fill(state, 0);
        lastByte = 0;
        steps = 0;
        learnedThisStep = false;
        clearGradients();
    }

    /**
     * Runs the recurrent step on the last byte (the state then predicts the next one). The step's
     * intermediate values go to the window history, where {@link #learn} reads them.
     */
    @Override
    protected void forward() {
        int t = steps < window ? steps : window - 1;
        float[] x = embedding.values[lastByte];
        float[] ax = inputPart;
        float[] ah = recurrentPart;
        System.arraycopy(inputBias.values[0], 0, ax, 0, gates);
        for (int k = 0; k < embed; k++) {
            axpy(ax, x[k], inputWeights.values[k], gates);
        }
        System.arraycopy(recurrentBias.values[0], 0, ah, 0, gates);
        for (int i = 0; i < width; i++) {
            axpy(ah, state[i], recurrentWeights.values[i], gates);
        }
        float[] previous = stepPrevious[t];
        float[] reset = stepReset[t];
        float[] update = stepUpdate[t];
        float[] candidate = stepCandidate[t];
        float[] recurrentCandidate = stepRecurrentCandidate[t];
        System.arraycopy(state, 0, previous, 0, width);
        stepByte[t] = lastByte;
        for (int j = 0; j < width; j++) {
            float r = (float) NeuralMath.sigmoid(ax[j] + ah[j]);
            float z = (float) NeuralMath.sigmoid(ax[width + j] + ah[width + j]);
            float hn = ah[2 * width + j];
            float n = (float) NeuralMath.tanh(ax[2 * width + j] + r * hn);
            reset[j] = r;
            update[j] = z;
            candidate[j] = n;
            recurrentCandidate[j] = hn;
            state[j] = (1 - z) * n + z * previous[j];
        }
        System.arraycopy(outputBias.values[0], 0, logits, 0, 256);
        for (int i = 0; i < width; i++) {
            axpy(logits, state[i], outputWeights.values[i], 256);
        }
        softmax(logits);
    }

    @Override
    protected void advance(int symbol) {
        lastByte = symbol;
        if (!learnedThisStep) {
            return; // not training (coding frozen, or validation): the record slot is reused
        }
        learnedThisStep = false;
        // The step's record stays in the window; a full window is learned from.
        steps++;
        if (steps == window) {
            backpropagateWindow();
            steps = 0;
        }
    }

    @Override
    protected void learn(int symbol) {
        int t = steps;
        learnedThisStep = true;
        float[] g = logitGradient;
        logitGradient(symbol, g);
        outputOptimizer.beginStep();
        int active = 0;
        for (int s = 0; s < 256; s++) {
            if (s == symbol || probabilities[s] >= outputCutoff) {
                activeColumns[active] = s;
                activeGradient[active] = g[s];
                active++;
            }
        }
        float[][] wo = outputWeights.values;
        float[] outputGradient = stepOutputGradient[t];
        for (int i = 0; i < width; i++) {
            float[] row = wo[i];
            float sum = 0;
            for (int k = 0; k < active; k++) {
                sum += row[activeColumns[k]] * activeGradient[k];
            }
            outputGradient[i] = sum;
        }
        float scale = 1;
        if (config.optimizer().clipNorm() > 0) {
            double aa = 0;
            for (int k = 0; k < active; k++) {
                aa += (double) activeGradient[k] * activeGradient[k];
            }
            double gg = 0;
            for (int s = 0; s < 256; s++) {
                gg += (double) g[s] * g[s];
            }
            double hh = 0;
            for (int i = 0; i < width; i++) {
                hh += (double) state[i] * state[i];
            }
            scale = outputOptimizer.clipScale(hh * aa + gg);
        }
        float[] gr = gradientRow;
        for (int i = 0; i < width; i++) {
            float hi = state[i] * scale;
            for (int k = 0; k < active; k++) {
                gr[k] = hi * activeGradient[k];
            }
            if (active == 256) {
                outputOptimizer.updateRow(outputWeights, i, gr);
            } else {
                outputOptimizer.updateColumns(outputWeights, i, activeColumns, gr, active);
            }
        }
        for (int s = 0; s < 256; s++) {
            gr[s] = g[s] * scale;
        }
        outputOptimizer.updateRow(outputBias, 0, gr);
    }

    /** Back-propagates through the window's steps, newest first, then takes one optimizer step. */
    private void backpropagateWindow() {
        float[] dh = stateGradient;
        java.util.Arrays.fill(dh, 0);
        float[] da = gateGradient;          // ∂/∂ of the input part (Wx + b), gates r, z, n
        float[] dah = recurrentGateGradient; // ∂/∂ of the recurrent part (Uh + c)
        float[][] u = recurrentWeights.values;
        float[][] wx = inputWeights.values;
        for (int t = window - 1; t >= 0; t--) {
            float[] previous = stepPrevious[t];
            float[] reset = stepReset[t];
            float[] update = stepUpdate[t];
            float[] candidate = stepCandidate[t];
            float[] recurrentCandidate = stepRecurrentCandidate[t];
            float[] fromOutput = stepOutputGradient[t];
            for (int j = 0; j < width; j++) {
                float d = dh[j] + fromOutput[j];
                float z = update[j];
                float n = candidate[j];
                float r = reset[j];
                float dn = d * (1 - z) * (1 - n * n);
                float dz = d * (previous[j] - n) * z * (1 - z);
                float dr = dn * recurrentCandidate[j] * r * (1 - r);
                da[j] = dr;
                da[width + j] = dz;
                da[2 * width + j] = dn;
                dah[j] = dr;
                dah[width + j] = dz;
                dah[2 * width + j] = dn * r;
                previousGradient[j] = d * z;
            }
            // Accumulate weight gradients and propagate to the previous state and the input.
            int symbol = stepByte[t];
            float[] x = embedding.values[symbol];
            float[] ex = embeddingGradient[symbol];
            embeddingTouched[symbol] = true;
            for (int k = 0; k < embed; k++) {
                axpy(inputWeightGradient[k], x[k], da, gates);
                ex[k] += dot(wx[k], da, gates);
            }
            axpy(inputBiasGradient, 1, da, gates);
            axpy(recurrentBiasGradient, 1, dah, gates);
            for (int i = 0; i < width; i++) {
                axpy(recurrentWeightGradient[i], previous[i], dah, gates);
                dh[i] = previousGradient[i] + dot(u[i], dah, gates);
            }
        }
        applyGradients();
    }

    private void applyGradients() {
        recurrentOptimizer.beginStep();
        float scale = 1;
        if (config.optimizer().clipNorm() > 0) {
            double norm = squares(inputWeightGradient) + squares(recurrentWeightGradient)
                    + squares(inputBiasGradient) + squares(recurrentBiasGradient);
            for (int s = 0; s < 256; s++) {
                if (embeddingTouched[s]) {
                    norm += squares(embeddingGradient[s]);
                }
            }
            scale = recurrentOptimizer.clipScale(norm);
        }
        for (int s = 0; s < 256; s++) {
            if (embeddingTouched[s]) {
                scaledUpdate(embedding, s, embeddingGradient[s], scale);
            }
        }
        for (int k = 0; k < embed; k++) {
            scaledUpdate(inputWeights, k, inputWeightGradient[k], scale);
        }
        for (int i = 0; i < width; i++) {
            scaledUpdate(recurrentWeights, i, recurrentWeightGradient[i], scale);
        }
        scaledUpdate(inputBias, 0, inputBiasGradient, scale);
        scaledUpdate(recurrentBias, 0, recurrentBiasGradient, scale);
        clearGradients();
    }

    private void scaledUpdate(Tensor tensor, int row, float[] gradient, float scale) {
        float[] gr = gradientRow;
        for (int j = 0, n = tensor.columns(); j < n; j++) {
            gr[j] = gradient[j] * scale;
        }
        recurrentOptimizer.updateRow(tensor, row, gr);
    }

    private void clearGradients() {
        for (int s = 0; s < 256; s++) {
            if (embeddingTouched[s]) {
                java.util.Arrays.fill(embeddingGradient[s], 0);
                embeddingTouched[s] = false;
            }
        }
        for (float[] row : inputWeightGradient) {
            java.util.Arrays.fill(row, 0);
        }
        for (float[] row : recurrentWeightGradient) {
            java.util.Arrays.fill(row, 0);
        }
        java.util.Arrays.fill(inputBiasGradient, 0);
        java.util.Arrays.fill(recurrentBiasGradient, 0);
    }

    private static double squares(float[][] rows) {
        double sum = 0;
        for (float[] row : rows) {
            sum += squares(row);
        }
        return sum;
    }

    private static double squares(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return sum;
    }

    private static void axpy(float[] y, float a, float[] x, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    private static float dot(float[] x, float[] y, int n) {
        float sum = 0;
        for (int j = 0; j < n; j++) {
            sum += x[j] * y[j];
        }
        return sum;
    }
}

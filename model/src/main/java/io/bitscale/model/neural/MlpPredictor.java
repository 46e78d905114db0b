package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A feed-forward byte predictor: the embeddings of the last {@code context} bytes (one shared
 * 256-row table, concatenated by position) and of hashed order-{@code n} contexts
 * ({@code n = orderLow..orderHigh}, one table of {@code 2^hashBits} rows per order) feed
 * {@code depth} tanh layers of {@code width} units and a softmax over the 256 byte values.
 * Online, every coded byte is one training step (batch size 1) of the configured optimizer;
 * only the embedding rows that were used are updated.
 *
 * <pre>{@code
 * MlpPredictor mlp = new MlpPredictor(NeuralSpecs.mlp(Spec.parse("mlp(width=64)")));
 * int[] cdf = mlp.cdf();      // code the byte with it, then
 * mlp.update(symbol);
 * }</pre>
 *
 * <p><b>Sparse output step.</b> The forward pass is always the full softmax. The training step
 * updates the output weights only for the coded byte and the bytes predicted with probability
 * at least {@link MlpConfig#outputCutoff()} (their gradient {@code p} is below the cutoff
 * otherwise); the output biases are always updated in full. With cutoff 0 the step is the exact
 * gradient. On text this touches a few dozen of the 256 columns and halves the time per byte
 * for a loss of about 0.01 bpb (see {@code docs/neural.md}).
 *
 * <p>Cost per byte (width H, input D, one layer): {@code 256·H} (output) plus {@code 3·D·H}
 * (hidden layer) multiply-adds, {@code |active|·H} output updates, 256 exponentials.
 */
public final class MlpPredictor extends NeuralPredictor {

    private final MlpConfig config;
    private final Optimizer optimizer;
    private final int embed;
    private final int context;
    private final int orders;
    /** Hashed tables: orders, then word contexts. */
    private final int tables;
    private final int width;
    private final int depth;
    private final int hashShift;
    private final double outputCutoff;

    private final Tensor byteEmbedding;
    private final Tensor[] contextEmbeddings;
    /** hiddenWeights[l]: rows = input units of layer l, columns = width. */
    private final Tensor[] hiddenWeights;
    private final Tensor[] hiddenBiases;
    /** rows = width (hidden units), columns = 256 (bytes). */
    private final Tensor outputWeights;
    private final Tensor outputBias;
    private final List<Tensor> tensors;

    /** Network input: the concatenated embeddings. */
    private final float[] input;
    /** Embedding row used by each input segment (byte value, or hashed context index). */
    private final int[] segmentRows;
    /** activations[l]: output of hidden layer l. */
    private final float[][] activations;
    /** deltas[l]: ∂loss/∂(pre-activation) of layer l. */
    private final float[][] deltas;
    private final float[] inputGradient;
    private final float[] logits = new float[256];
    private final float[] logitGradient = new float[256];
    /** Output columns updated by this step and their logit gradients. */
    private final int[] activeColumns = new int[256];
    private final float[] activeGradient = new float[256];
    private final float[] gradientRow;
    /** Last 8 bytes, most recent in the low byte. */
    private long history;
    /** Hash of the current word so far (0 between words) and of the previous word. */
    private long word;
    private long previousWord;

    /** A freshly initialized network. */
    public MlpPredictor(MlpConfig config) {
        super(config.adapt());
        this.config = config;
        this.optimizer = new Optimizer(config.optimizer());
        this.embed = config.embed();
        this.context = config.context();
        this.orders = config.orders();
        this.tables = config.hashedTables();
        this.width = config.width();
        this.depth = config.depth();
        this.hashShift = 64 - config.hashBits();
        this.outputCutoff = config.outputCutoff();

        SplitMix64 random = new SplitMix64(config.seed());
        List<Tensor> all = new ArrayList<>();
        byteEmbedding = new Tensor("byte.embedding", 256, embed);
        byteEmbedding.initUniform(random, 0.1);
        all.add(byteEmbedding);
        contextEmbeddings = new Tensor[tables];
        for (int o = 0; o < tables; o++) {
            String name = o < orders ? "order" + (config.orderLow() + o) : "word" + (o - orders);
            contextEmbeddings[o] = new Tensor(name + ".embedding", 1 << config.hashBits(), embed);
            contextEmbeddings[o].initUniform(random, 0.1);
            all.add(contextEmbeddings[o]);
        }
        hiddenWeights = new Tensor[depth];
        hiddenBiases = new Tensor[depth];
        for (int l = 0; l < depth; l++) {
            int in = l == 0 ? config.inputWidth() : width;
            hiddenWeights[l] = new Tensor("hidden" + l + ".weight", in, width);
            hiddenWeights[l].initUniform(random, Math.sqrt(6.0 / (in + width)));
            hiddenBiases[l] = new Tensor("hidden" + l + ".bias", 1, width);
            all.add(hiddenWeights[l]);
            all.add(hiddenBiases[l]);
        }
        // Zero output weights: the first prediction is uniform and the hidden layers start
        // learning once the output layer has moved.
        outputWeights = new Tensor("output.weight", width, 256);
        outputBias = new Tensor("output.bias", 1, 256);
        all.add(outputWeights);
        all.add(outputBias);
        tensors = Collections.unmodifiableList(all);
        for (Tensor t : tensors) {
            optimizer.attach(t);
        }

        input = new float[config.inputWidth()];
        inputGradient = new float[config.inputWidth()];
        segmentRows = new int[context + tables];
        activations = new float[depth][width];
        deltas = new float[depth][width];
        gradientRow = new float[Math.max(256, Math.max(width, embed))];
    }

    /** The configuration. */
    public MlpConfig config() {
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
        history = 0;
        word = 0;
        previousWord = 0;
    }

    @Override
    protected void advance(int symbol) {
        history = (history << 8) | symbol;
        boolean letter = symbol >= 'a' && symbol <= 'z' || symbol >= 'A' && symbol <= 'Z' || symbol >= 128;
        if (letter) {
            int folded = symbol >= 'A' && symbol <= 'Z' ? symbol + 32 : symbol;
            word = (word + folded + 1) * 0x2545F4914F6CDD1DL;
        } else if (word != 0) {
            previousWord = word;
            word = 0;
        }
    }

    /** Row of word table {@code k}: 0 the current word so far, 1 the previous word with it. */
    private int wordRow(int k) {
        return hashRow(k == 0 ? word : word ^ previousWord * 0x9E3779B97F4A7C15L, 16 + k);
    }

    /** Row of the order-{@code n} table for the current history. */
    private int contextRow(int order) {
        return hashRow(order == 8 ? history : history & ((1L << (8 * order)) - 1), order);
    }

    private int hashRow(long key, int salt) {
        long h = (key + salt) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h >>> hashShift);
    }

    @Override
    protected void forward() {
        // Gather the input: byte embeddings by position, then hashed-context embeddings.
        float[] x = input;
        int e = embed;
        for (int p = 0; p < context; p++) {
            int row = (int) (history >>> (8 * p)) & 0xFF;
            segmentRows[p] = row;
            System.arraycopy(byteEmbedding.values[row], 0, x, p * e, e);
        }
        for (int o = 0; o < tables; o++) {
            int row = o < orders ? contextRow(config.orderLow() + o) : wordRow(o - orders);
            segmentRows[context + o] = row;
            System.arraycopy(contextEmbeddings[o].values[row], 0, x, (context + o) * e, e);
        }
        // Hidden layers: a = b + Σ_i x_i · W[i], h = tanh(a).
        float[] layerInput = x;
        for (int l = 0; l < depth; l++) {
            float[] a = activations[l];
            float[][] w = hiddenWeights[l].values;
            System.arraycopy(hiddenBiases[l].values[0], 0, a, 0, width);
            for (int i = 0, n = layerInput.length; i < n; i++) {
                axpy(a, layerInput[i], w[i], width);
            }
            for (int j = 0; j < width; j++) {
                a[j] = (float) NeuralMath.tanh(a[j]);
            }
            layerInput = a;
        }
        // Output layer and softmax.
        float[] h = activations[depth - 1];
        float[][] wo = outputWeights.values;
        System.arraycopy(outputBias.values[0], 0, logits, 0, 256);
        for (int i = 0; i < width; i++) {
            axpy(logits, h[i], wo[i], 256);
        }
        softmax(logits);
    }

    /** {@code y[j] += a · x[j]} for {@code j < n}: one subscript for both arrays, so it vectorizes. */
    private static void axpy(float[] y, float a, float[] x, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** {@code Σ_j x[j] · y[j]} for {@code j < n}, summed in index order. */
    private static float dot(float[] x, float[] y, int n) {
        float sum = 0;
        for (int j = 0; j < n; j++) {
            sum += x[j] * y[j];
        }
        return sum;
    }

    @Override
    protected void learn(int symbol) {
        float[] g = logitGradient;
        logitGradient(symbol, g);
        optimizer.beginStep();

        // The output columns this step updates (all of them when the cutoff is 0).
        int active = 0;
        for (int s = 0; s < 256; s++) {
            if (s == symbol || probabilities[s] >= outputCutoff) {
                activeColumns[active] = s;
                activeGradient[active] = g[s];
                active++;
            }
        }
        boolean dense = active == 256;

        // Back-propagate with the weights of the forward pass (restricted to the active
        // columns, consistently with the update), then update everything.
        float[] top = activations[depth - 1];
        float[][] wo = outputWeights.values;
        float[] topDelta = deltas[depth - 1];
        for (int i = 0; i < width; i++) {
            float[] row = wo[i];
            float sum = 0;
            for (int k = 0; k < active; k++) {
                sum += row[activeColumns[k]] * activeGradient[k];
            }
            topDelta[i] = sum;
        }
        for (int l = depth - 1; l >= 0; l--) {
            float[] h = activations[l];
            float[] delta = deltas[l];
            for (int j = 0; j < width; j++) {
                delta[j] *= 1 - h[j] * h[j];
            }
            float[][] w = hiddenWeights[l].values;
            float[] below = l == 0 ? inputGradient : deltas[l - 1];
            for (int i = 0, n = w.length; i < n; i++) {
                below[i] = dot(w[i], delta, width);
            }
        }
        mergeRepeatedBytes();

        float scale = 1;
        if (config.optimizer().clipNorm() > 0) {
            double aa = squaresOf(activeGradient, 0, active);
            double norm = squaresOf(top, 0, width) * aa + squaresOf(g, 0, 256);
            for (int l = 0; l < depth; l++) {
                double dd = squaresOf(deltas[l], 0, width);
                float[] below = l == 0 ? input : activations[l - 1];
                norm += squaresOf(below, 0, below.length) * dd + dd;
            }
            for (int p = 0; p < segmentRows.length; p++) {
                if (segmentRows[p] >= 0) {
                    norm += squaresOf(inputGradient, p * embed, embed);
                }
            }
            scale = optimizer.clipScale(norm);
        }

        float[] gr = gradientRow;
        for (int i = 0; i < width; i++) {
            float hi = top[i] * scale;
            for (int k = 0; k < active; k++) {
                gr[k] = hi * activeGradient[k];
            }
            if (dense) {
                optimizer.updateRow(outputWeights, i, gr);
            } else {
                optimizer.updateColumns(outputWeights, i, activeColumns, gr, active);
            }
        }
        scaledUpdate(outputBias, 0, g, 0, 256, scale);
        for (int l = depth - 1; l >= 0; l--) {
            float[] below = l == 0 ? input : activations[l - 1];
            float[] delta = deltas[l];
            Tensor weights = hiddenWeights[l];
            for (int i = 0, n = below.length; i < n; i++) {
                scaledUpdate(weights, i, delta, 0, width, below[i] * scale);
            }
            scaledUpdate(hiddenBiases[l], 0, delta, 0, width, scale);
        }
        for (int p = 0; p < segmentRows.length; p++) {
            int row = segmentRows[p];
            if (row >= 0) { // -1: merged into an earlier position with the same byte
                Tensor table = p < context ? byteEmbedding : contextEmbeddings[p - context];
                scaledUpdate(table, row, inputGradient, p * embed, embed, scale);
            }
        }
    }

    /** Updates row {@code row} of {@code tensor} with {@code factor · gradient[offset .. offset + n)}. */
    private void scaledUpdate(Tensor tensor, int row, float[] gradient, int offset, int n, float factor) {
        float[] gr = gradientRow;
        for (int j = 0; j < n; j++) {
            gr[j] = factor * gradient[offset + j];
        }
        optimizer.updateRow(tensor, row, gr);
    }

    /**
     * A byte that occurs at several context positions uses one embedding row: add the later
     * positions' gradients into the first and mark them with row -1.
     */
    private void mergeRepeatedBytes() {
        for (int p = 1; p < context; p++) {
            for (int q = 0; q < p; q++) {
                if (segmentRows[q] == segmentRows[p]) {
                    for (int k = 0; k < embed; k++) {
                        inputGradient[q * embed + k] += inputGradient[p * embed + k];
                    }
                    segmentRows[p] = -1;
                    break;
                }
            }
        }
    }

    private static double squaresOf(float[] v, int offset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = v[offset + i];
            sum += x * x;
        }
        return sum;
    }
}

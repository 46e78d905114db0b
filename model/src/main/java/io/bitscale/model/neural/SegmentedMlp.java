package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import io.bitscale.core.model.Cdf;
import io.bitscale.model.neural.tensor.CoderRows;
import io.bitscale.model.neural.tensor.MatMul;
import io.bitscale.model.neural.tensor.Ops;
import io.bitscale.model.neural.tensor.Workers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The {@code mlp} network ({@link MlpPredictor}'s architecture and tensors, so snapshots load into
 * either) computed in batches with the tensor kernels: {@code mlp(impl=batched,segments=B,every=U)}.
 * Each round predicts one byte of each of B interleaved segments in one batched pass (products
 * through {@link MatMul}, softmax and coder tables split over the threads by rows); every U rounds one training step takes the summed
 * gradient of the U·B coded bytes (dense: every output weight, no {@code cut}), with the configured
 * optimizer; embedding rows are updated once per step, for the rows the step used.
 *
 * <pre>{@code
 * PredictorFactory factory = Models.factory("mlp(opt=adam,impl=batched,segments=16)");
 * try (OutputStream out = new BitscaleOutputStream(Files.newOutputStream(target), factory)) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p><b>Determinism.</b> All products run through {@link MatMul} (one fma chain per output in a
 * fixed order); gradients of embedding rows and biases are summed in row order; so the streams are
 * identical on any number of threads and any JVM.
 *
 * <p><b>Cost per byte</b> (input D, width H, one layer): {@code 2·(D·H + 256·H)} FLOPs forward,
 * twice that for the training step, 256 exponentials and one {@link Cdf#fromProbabilities}; the
 * optimizer's pass over the dense weights is shared by the U·B bytes of a step.
 */
final class SegmentedMlp extends SegmentedNetwork {

    private final MlpConfig config;
    private final Optimizer optimizer;
    private final int embed;
    private final int context;
    private final int orders;
    private final int tables;
    private final int width;
    private final int depth;
    private final int inputWidth;
    private final int hashShift;

    private final Tensor byteEmbedding;
    private final Tensor[] contextEmbeddings;
    private final Tensor[] hiddenWeights;
    private final Tensor[] hiddenBiases;
    private final Tensor outputWeights;
    private final Tensor outputBias;
    private final List<Tensor> tensors;

    /** Per segment: last 8 bytes, current word hash, previous word hash. */
    private final long[] history;
    private final long[] word;
    private final long[] previousWord;

    /** Rows kept for the next training step: up to U·B, one per coded byte. */
    private final int capacity;
    private int rows;
    private final float[][] inputs;
    private final int[][] segmentRows;
    /** activations[l][row]. */
    private final float[][][] activations;
    /** The softmax of each row, then (at the step) the logit gradient. */
    private final float[][] outputGradients;
    private final int[] targets;
    /** The logits of a round's rows, their softmax; per worker, a row of doubles for tanh. */
    private final float[][] logits;
    private final double[][] rowProbabilities;
    private final double[][] probabilities;

    // Training buffers.
    private final float[][][] deltas;
    private final float[][] inputGradients;
    private final float[][] outputWeightsT;
    private final float[][][] hiddenWeightsT;
    private final float[][] outputWeightGradient;
    private final float[] outputBiasGradient;
    private final float[][][] hiddenWeightGradients;
    private final float[][] hiddenBiasGradients;
    /** Embedding rows a step touches: (table, row) pairs in first-use order, with their gradients. */
    private final int[] touchedTable;
    private final int[] touchedRow;
    private final float[][] touchedGradient;
    private int touched;
    /**
     * Where a (table, row) pair sits among the touched rows: an open-addressing table of keys
     * {@code table << 32 | row} with linear probing, at most half full; a slot is live when its
     * stamp is the current step's, so clearing it costs nothing. (Lookups only: the order of the
     * touched rows is their first use, whatever the table's layout.)
     */
    private final long[] slotKeys;
    private final int[] slotIndex;
    private final int[] slotStamps;
    private int stamp;

    SegmentedMlp(MlpConfig config, int segments, int every, Workers workers) {
        super(segments, every, config.adapt(), workers);
        this.config = config;
        this.optimizer = new Optimizer(config.optimizer(), true);
        this.embed = config.embed();
        this.context = config.context();
        this.orders = config.orders();
        this.tables = config.hashedTables();
        this.width = config.width();
        this.depth = config.depth();
        this.inputWidth = config.inputWidth();
        this.hashShift = 64 - config.hashBits();

        // The same tensors, names, order and initial values as MlpPredictor.
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
            int in = l == 0 ? inputWidth : width;
            hiddenWeights[l] = new Tensor("hidden" + l + ".weight", in, width);
            hiddenWeights[l].initUniform(random, Math.sqrt(6.0 / (in + width)));
            hiddenBiases[l] = new Tensor("hidden" + l + ".bias", 1, width);
            all.add(hiddenWeights[l]);
            all.add(hiddenBiases[l]);
        }
        outputWeights = new Tensor("output.weight", width, 256);
        outputBias = new Tensor("output.bias", 1, 256);
        all.add(outputWeights);
        all.add(outputBias);
        tensors = Collections.unmodifiableList(all);
        if (adapt) {
            for (Tensor t : tensors) {
                optimizer.attach(t);
            }
        }

        history = new long[segments];
        word = new long[segments];
        previousWord = new long[segments];
        capacity = adapt ? segments * every : segments;
        inputs = new float[capacity][inputWidth];
        segmentRows = new int[capacity][context + tables];
        activations = new float[depth][capacity][width];
        outputGradients = new float[capacity][256];
        targets = new int[capacity];
        logits = new float[segments][256];
        rowProbabilities = new double[segments][256];
        probabilities = new double[workers.threads()][Math.max(256, width)];
        if (adapt) {
            deltas = new float[depth][capacity][width];
            inputGradients = new float[capacity][inputWidth];
            outputWeightsT = new float[256][width];
            hiddenWeightsT = new float[depth][width][];
            for (int l = 0; l < depth; l++) {
                for (int j = 0; j < width; j++) {
                    hiddenWeightsT[l][j] = new float[l == 0 ? inputWidth : width];
                }
            }
            outputWeightGradient = new float[width][256];
            outputBiasGradient = new float[256];
            hiddenWeightGradients = new float[depth][][];
            hiddenBiasGradients = new float[depth][width];
            for (int l = 0; l < depth; l++) {
                hiddenWeightGradients[l] = new float[l == 0 ? inputWidth : width][width];
            }
            int maxTouched = capacity * (context + tables);
            touchedTable = new int[maxTouched];
            touchedRow = new int[maxTouched];
            touchedGradient = new float[maxTouched][embed];
            int slots = Integer.highestOneBit(Math.max(1, maxTouched)) << 2;
            slotKeys = new long[slots];
            slotIndex = new int[slots];
            slotStamps = new int[slots];
        } else {
            deltas = null;
            inputGradients = null;
            outputWeightsT = null;
            hiddenWeightsT = null;
            outputWeightGradient = null;
            outputBiasGradient = null;
            hiddenWeightGradients = null;
            hiddenBiasGradients = null;
            touchedTable = null;
            touchedRow = null;
            touchedGradient = null;
            slotKeys = null;
            slotIndex = null;
            slotStamps = null;
        }
    }

    /** Heap bytes of a network of this shape: {@link MlpConfig#memoryBytes()} plus the batch buffers. */
    static long memoryBytes(MlpConfig config, int segments, int every, int threads) {
        long capacity = config.adapt() ? (long) segments * every : segments;
        long rowFloats = config.inputWidth() + 2L * config.depth() * config.width() + 256 + config.inputWidth()
                + (config.context() + config.hashedTables()) * (1L + config.embed());
        long gradients = config.adapt() ? 2L * (config.parameters() - 256L * config.embed()
                - (long) config.hashedTables() * (1L << config.hashBits()) * config.embed()) : 0;
        int state = config.adapt() ? config.optimizer().kind().stateFloats() : 0;
        // Per kept row and embedding lookup, the touched-row slots: at most 4 slots of 16 bytes.
        long slots = config.adapt() ? capacity * (config.context() + config.hashedTables()) * 64L : 0;
        return config.memoryBytes(state) + capacity * (4 * rowFloats + 16 * 8) + slots + 4 * gradients
                + threads * (256L * 12 + 64) + (long) segments * (257 * 4 + 256 * 8 + 56) + 4096;
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
        return memoryBytes(config, segments, every, workers.threads());
    }

    @Override
    protected void predictRound(int active) {
        int first = adapt ? rows : 0;
        if (first + active > capacity) {
            throw new IllegalStateException("batch overflow: " + first + " + " + active + " > " + capacity);
        }
        for (int s = 0; s < active; s++) {
            gather(s, first + s);
        }
        // The round's rows as matrices (views of the kept rows), through the batched products.
        float[][] layerInput = Arrays.copyOfRange(inputs, first, first + active);
        int in = inputWidth;
        for (int l = 0; l < depth; l++) {
            float[][] a = Arrays.copyOfRange(activations[l], first, first + active);
            MatMul.multiply(workers, layerInput, active, in, hiddenWeights[l].values, width, hiddenBiases[l].values[0], a);
            workers.runRange(active, 4, (r0, r1, worker) -> {
                for (int r = r0; r < r1; r++) {
                    Ops.tanh(a[r], a[r], width, probabilities[worker]);
                }
            });
            layerInput = a;
            in = width;
        }
        MatMul.multiply(workers, layerInput, active, width, outputWeights.values, 256, outputBias.values[0], logits);
        // Softmax and the coder's table per row: independent, split over the threads (in blocks of
        // four rows, whose normalizing sums overlap; each row's values are those of a row alone).
        workers.runRange(active, 4, (s0, s1, worker) -> {
            CoderRows.softmax(logits, s0, s1, 256, rowProbabilities);
            for (int s = s0; s < s1; s++) {
                double[] p = rowProbabilities[s];
                float[] kept = outputGradients[first + s];
                for (int b = 0; b < 256; b++) {
                    kept[b] = (float) p[b];
                }
            }
            CoderRows.cdfs(rowProbabilities, s0, s1, 256, TOTAL_BITS, cdfs);
        });
    }

    /** Fills the input row: byte embeddings by position, then hashed-context embeddings. */
    private void gather(int segment, int row) {
        float[] x = inputs[row];
        int[] used = segmentRows[row];
        long h = history[segment];
        for (int p = 0; p < context; p++) {
            int b = (int) (h >>> (8 * p)) & 0xFF;
            used[p] = b;
            System.arraycopy(byteEmbedding.values[b], 0, x, p * embed, embed);
        }
        for (int o = 0; o < tables; o++) {
            int r = o < orders ? contextRow(h, config.orderLow() + o) : wordRow(segment, o - orders);
            used[context + o] = r;
            System.arraycopy(contextEmbeddings[o].values[r], 0, x, (context + o) * embed, embed);
        }
    }

    @Override
    protected void endRound(int active, int[] symbols) {
        int first = adapt ? rows : 0;
        for (int s = 0; s < active; s++) {
            targets[first + s] = symbols[s];
            advance(s, symbols[s]);
        }
        if (adapt) {
            rows += active;
        }
    }

    private void advance(int segment, int symbol) {
        history[segment] = (history[segment] << 8) | symbol;
        boolean letter = symbol >= 'a' && symbol <= 'z' || symbol >= 'A' && symbol <= 'Z' || symbol >= 128;
        if (letter) {
            int folded = symbol >= 'A' && symbol <= 'Z' ? symbol + 32 : symbol;
            word[segment] = (word[segment] + folded + 1) * 0x2545F4914F6CDD1DL;
        } else if (word[segment] != 0) {
            previousWord[segment] = word[segment];
            word[segment] = 0;
        }
    }

    private int wordRow(int segment, int k) {
        return hashRow(k == 0 ? word[segment] : word[segment] ^ previousWord[segment] * 0x9E3779B97F4A7C15L, 16 + k);
    }

    private int contextRow(long h, int order) {
        return hashRow(order == 8 ? h : h & ((1L << (8 * order)) - 1), order);
    }

    private int hashRow(long key, int salt) {
        long h = (key + salt) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h >>> hashShift);
    }

    @Override
    protected void trainStep() {
        int n = rows;
        rows = 0;
        if (n == 0) {
            return;
        }
        // Logit gradients p - onehot, in place of the kept softmax. The step's gradient is the sum
        // over its bytes (as if each byte took its own step from the same weights), so per-byte
        // magnitudes, the optimizer's epsilon and SGD rates mean what they mean for impl=legacy.
        for (int r = 0; r < n; r++) {
            outputGradients[r][targets[r]] -= 1;
        }
        float[][] top = activations[depth - 1];
        for (float[] row : outputWeightGradient) {
            Arrays.fill(row, 0f);
        }
        Arrays.fill(outputBiasGradient, 0f);
        MatMul.multiplyTransposedAdd(workers, top, n, width, outputGradients, 256, outputWeightGradient);
        MatMul.columnSumsAdd(outputGradients, n, 256, outputBiasGradient);
        MatMul.transpose(workers, outputWeights.values, width, 256, outputWeightsT);
        MatMul.multiply(workers, outputGradients, n, 256, outputWeightsT, width, null, deltas[depth - 1]);
        for (int l = depth - 1; l >= 0; l--) {
            float[][] h = activations[l];
            float[][] delta = deltas[l];
            for (int r = 0; r < n; r++) {
                float[] hr = h[r];
                float[] dr = delta[r];
                for (int j = 0; j < width; j++) {
                    dr[j] *= 1 - hr[j] * hr[j];
                }
            }
            float[][] below = l == 0 ? inputs : activations[l - 1];
            int in = l == 0 ? inputWidth : width;
            float[][] gradient = hiddenWeightGradients[l];
            for (float[] row : gradient) {
                Arrays.fill(row, 0f);
            }
            Arrays.fill(hiddenBiasGradients[l], 0f);
            MatMul.multiplyTransposedAdd(workers, below, n, in, delta, width, gradient);
            MatMul.columnSumsAdd(delta, n, width, hiddenBiasGradients[l]);
            MatMul.transpose(workers, hiddenWeights[l].values, in, width, hiddenWeightsT[l]);
            MatMul.multiply(workers, delta, n, width, hiddenWeightsT[l], in, null, l == 0 ? inputGradients : deltas[l - 1]);
        }
        gatherEmbeddingGradients(n);
        applyStep();
    }

    /** Sums the input gradients of the rows into one gradient per used embedding row, in row order. */
    private void gatherEmbeddingGradients(int n) {
        touched = 0;
        if (++stamp == 0) { // after 2^32 steps: forget every stamp once
            java.util.Arrays.fill(slotStamps, 0);
            stamp = 1;
        }
        int mask = slotKeys.length - 1;
        for (int r = 0; r < n; r++) {
            int[] used = segmentRows[r];
            float[] g = inputGradients[r];
            for (int p = 0; p < context + tables; p++) {
                int table = p < context ? 0 : p - context + 1;
                int row = used[p];
                long key = (long) table << 32 | row;
                int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
                while (slotStamps[slot] == stamp && slotKeys[slot] != key) {
                    slot = (slot + 1) & mask;
                }
                if (slotStamps[slot] != stamp) {
                    slotStamps[slot] = stamp;
                    slotKeys[slot] = key;
                    slotIndex[slot] = touched;
                    touchedTable[touched] = table;
                    touchedRow[touched] = row;
                    System.arraycopy(g, p * embed, touchedGradient[touched++], 0, embed);
                } else {
                    float[] target = touchedGradient[slotIndex[slot]];
                    for (int k = 0; k < embed; k++) {
                        target[k] += g[p * embed + k];
                    }
                }
            }
        }
    }

    private void applyStep() {
        optimizer.beginStep();
        float clip = 1;
        if (config.optimizer().clipNorm() > 0) {
            double norm = squares(outputWeightGradient) + squares(outputBiasGradient);
            for (int l = 0; l < depth; l++) {
                norm += squares(hiddenWeightGradients[l]) + squares(hiddenBiasGradients[l]);
            }
            for (int t = 0; t < touched; t++) {
                norm += squares(touchedGradient[t]);
            }
            clip = optimizer.clipScale(norm);
        }
        float factor = clip;
        scaledRows(outputWeights, outputWeightGradient, factor);
        scaledRows(outputBias, new float[][] {outputBiasGradient}, factor);
        for (int l = 0; l < depth; l++) {
            scaledRows(hiddenWeights[l], hiddenWeightGradients[l], factor);
            scaledRows(hiddenBiases[l], new float[][] {hiddenBiasGradients[l]}, factor);
        }
        for (int t = 0; t < touched; t++) {
            Tensor table = touchedTable[t] == 0 ? byteEmbedding : contextEmbeddings[touchedTable[t] - 1];
            float[] g = touchedGradient[t];
            if (factor != 1) {
                for (int k = 0; k < embed; k++) {
                    g[k] *= factor;
                }
            }
            optimizer.updateRow(table, touchedRow[t], g);
        }
    }

    /** Updates every row of {@code tensor} with its gradient row times {@code factor}. */
    private void scaledRows(Tensor tensor, float[][] gradient, float factor) {
        int count = tensor.rows();
        if (factor != 1) {
            for (int r = 0; r < count; r++) {
                float[] g = gradient[r];
                for (int j = 0; j < g.length; j++) {
                    g[j] *= factor;
                }
            }
        }
        // Rows are independent: the optimizer's step of one row reads only that row's state.
        if ((long) count * tensor.columns() < 1 << 13) {
            for (int r = 0; r < count; r++) {
                optimizer.updateRow(tensor, r, gradient[r]);
            }
        } else {
            int per = Math.max(1, count / (4 * workers.threads()));
            workers.run((count + per - 1) / per, (unit, worker) -> {
                for (int r = unit * per, end = Math.min(count, r + per); r < end; r++) {
                    optimizer.updateRow(tensor, r, gradient[r]);
                }
            });
        }
    }

    private static double squares(float[][] m) {
        double sum = 0;
        for (float[] row : m) {
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
}

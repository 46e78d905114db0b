package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import io.bitscale.model.neural.tensor.Attention;
import io.bitscale.model.neural.tensor.MatMul;
import io.bitscale.model.neural.tensor.Ops;
import io.bitscale.model.neural.tensor.Workers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The weights of a byte-level pre-LN causal transformer and its batched passes: forward over
 * rows of positions (sequences for training and chunk evaluation, one position per segment for
 * online coding), backward, and the optimizer step.
 *
 * <pre>
 * x_0    = E[input]                                     (input: the previous byte, or START)
 * block: x' = x + Wo · attention(LN1(x)·Wq, LN1(x)·Wk, LN1(x)·Wv) + bo
 *        x'' = x' + W2 · GELU(W1 · LN2(x') + b1) + b2
 * logits = Wout · LNf(x_L) + bout
 * </pre>
 *
 * <p>Every product is a {@link MatMul} call, every row operation an {@link Ops} call, and rows are
 * computed independently, so a position gets the same bits whether it is computed alone, in a
 * batch, or on any number of threads; the attention step is the caller's (batched over sequences,
 * or one row against a key/value cache), both through {@link Attention#attendRow}.
 */
final class TransformerNetwork {

    /** The tensors of one block. */
    static final class Block {
        final Tensor norm1Gain;
        final Tensor norm1Bias;
        final Tensor query;
        final Tensor queryBias;
        final Tensor key;
        final Tensor keyBias;
        final Tensor value;
        final Tensor valueBias;
        final Tensor projection;
        final Tensor projectionBias;
        final Tensor norm2Gain;
        final Tensor norm2Bias;
        final Tensor up;
        final Tensor upBias;
        final Tensor down;
        final Tensor downBias;

        Block(int l, int d, int f) {
            String p = "layer" + l + ".";
            norm1Gain = new Tensor(p + "norm1.gain", 1, d);
            norm1Bias = new Tensor(p + "norm1.bias", 1, d);
            query = new Tensor(p + "query.weight", d, d);
            queryBias = new Tensor(p + "query.bias", 1, d);
            key = new Tensor(p + "key.weight", d, d);
            keyBias = new Tensor(p + "key.bias", 1, d);
            value = new Tensor(p + "value.weight", d, d);
            valueBias = new Tensor(p + "value.bias", 1, d);
            projection = new Tensor(p + "attention.weight", d, d);
            projectionBias = new Tensor(p + "attention.bias", 1, d);
            norm2Gain = new Tensor(p + "norm2.gain", 1, d);
            norm2Bias = new Tensor(p + "norm2.bias", 1, d);
            up = new Tensor(p + "ff1.weight", d, f);
            upBias = new Tensor(p + "ff1.bias", 1, f);
            down = new Tensor(p + "ff2.weight", f, d);
            downBias = new Tensor(p + "ff2.bias", 1, d);
        }

        List<Tensor> tensors() {
            return List.of(norm1Gain, norm1Bias, query, queryBias, key, keyBias, value, valueBias, projection,
                    projectionBias, norm2Gain, norm2Bias, up, upBias, down, downBias);
        }
    }

    /**
     * Buffers of a batched pass over up to {@code capacity} rows. Forward-only buffers share one
     * set of arrays across blocks; training buffers keep every block's activations.
     */
    static final class Activations {
        final int capacity;
        final boolean training;
        /** x[l]: the residual stream entering block l; x[layers]: leaving the last block. */
        final float[][][] x;
        final float[][][] normalized1;
        final float[][][] xhat1;
        final float[][] rstd1;
        final float[][][] q;
        final float[][][] k;
        final float[][][] v;
        final float[][][] attended;
        final float[][][] middle;
        final float[][][] normalized2;
        final float[][][] xhat2;
        final float[][] rstd2;
        final float[][][] up;
        final float[][][] activated;
        final float[][] finalNormalized;
        final float[][] finalXhat;
        final float[] finalRstd;
        final float[][] logits;
        /** Attention weights per block, [l][sequence·heads + h][i][j], when training. */
        final float[][][][] probabilities;

        Activations(TransformerConfig config, int sequences, int length, boolean training) {
            int rows = sequences * length;
            this.capacity = rows;
            this.training = training;
            int layers = config.layers();
            int d = config.width();
            int f = config.ffWidth();
            int kept = training ? layers : 1;
            x = new float[layers + 1][][];
            for (int l = 0; l <= layers; l++) {
                x[l] = training || l < 2 ? new float[rows][d] : x[l % 2];
            }
            normalized1 = blocks(kept, layers, rows, d);
            xhat1 = blocks(kept, layers, rows, d);
            rstd1 = training ? new float[layers][rows] : shared(layers, new float[rows]);
            q = blocks(kept, layers, rows, d);
            k = blocks(kept, layers, rows, d);
            v = blocks(kept, layers, rows, d);
            attended = blocks(kept, layers, rows, d);
            middle = blocks(kept, layers, rows, d);
            normalized2 = blocks(kept, layers, rows, d);
            xhat2 = blocks(kept, layers, rows, d);
            rstd2 = training ? new float[layers][rows] : shared(layers, new float[rows]);
            up = blocks(kept, layers, rows, f);
            activated = blocks(kept, layers, rows, f);
            finalNormalized = new float[rows][d];
            finalXhat = new float[rows][d];
            finalRstd = new float[rows];
            logits = new float[rows][256];
            probabilities = training ? new float[layers][sequences * config.heads()][length][length] : null;
        }

        private static float[][][] blocks(int kept, int layers, int rows, int columns) {
            float[][][] all = new float[layers][][];
            for (int l = 0; l < layers; l++) {
                all[l] = l < kept ? new float[rows][columns] : all[0];
            }
            return all;
        }

        private static float[][] shared(int layers, float[] row) {
            float[][] all = new float[layers][];
            Arrays.fill(all, row);
            return all;
        }
    }

    /** The attention step of a pass: fills {@code out} rows from the q, k, v rows of block {@code layer}. */
    interface AttentionStep {
        void attend(int layer, int rows, float[][] q, float[][] k, float[][] v, float[][] out);
    }

    final TransformerConfig config;
    final Workers workers;
    final int layers;
    final int width;
    final int ffWidth;
    final Tensor embedding;
    final Block[] blocks;
    final Tensor finalGain;
    final Tensor finalBias;
    final Tensor output;
    final Tensor outputBias;
    final List<Tensor> tensors;
    final Attention attention;
    /** Per worker: a row of doubles for GELU and the softmax. */
    private final double[][] wideScratch;

    TransformerNetwork(TransformerConfig config, Workers workers) {
        this.config = config;
        this.workers = workers;
        this.layers = config.layers();
        this.width = config.width();
        this.ffWidth = config.ffWidth();
        this.attention = new Attention(width, config.heads(), config.context());
        this.wideScratch = new double[workers.threads()][Math.max(256, ffWidth)];
        SplitMix64 random = new SplitMix64(config.seed());
        List<Tensor> all = new ArrayList<>();
        embedding = new Tensor("byte.embedding", TransformerConfig.VOCABULARY, width);
        // Uniform with standard deviation 0.02 (GPT-2's scale): ±0.02·√3.
        embedding.initUniform(random, 0.02 * Math.sqrt(3));
        all.add(embedding);
        blocks = new Block[layers];
        double residualScale = 1 / Math.sqrt(2.0 * layers);
        for (int l = 0; l < layers; l++) {
            Block b = new Block(l, width, ffWidth);
            fill(b.norm1Gain, 1f);
            fill(b.norm2Gain, 1f);
            b.query.initUniform(random, xavier(width, width));
            b.key.initUniform(random, xavier(width, width));
            b.value.initUniform(random, xavier(width, width));
            b.projection.initUniform(random, xavier(width, width) * residualScale);
            b.up.initUniform(random, xavier(width, ffWidth));
            b.down.initUniform(random, xavier(ffWidth, width) * residualScale);
            blocks[l] = b;
            all.addAll(b.tensors());
        }
        finalGain = new Tensor("final.norm.gain", 1, width);
        fill(finalGain, 1f);
        finalBias = new Tensor("final.norm.bias", 1, width);
        // Zero output weights: the first predictions are uniform, as for the other networks.
        output = new Tensor("output.weight", width, 256);
        outputBias = new Tensor("output.bias", 1, 256);
        all.add(finalGain);
        all.add(finalBias);
        all.add(output);
        all.add(outputBias);
        tensors = Collections.unmodifiableList(all);
    }

    private static double xavier(int in, int out) {
        return Math.sqrt(6.0 / (in + out));
    }

    private static void fill(Tensor t, float value) {
        for (float[] row : t.values) {
            Arrays.fill(row, value);
        }
    }

    /**
     * The forward pass over {@code rows} rows whose input symbols are {@code inputs}, up to the
     * logits ({@code activations.logits}).
     */
    void forward(int rows, int[] inputs, Activations a, AttentionStep step) {
        Workers w = workers;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(embedding.values[inputs[r]], 0, a.x[0][r], 0, width);
        }
        for (int l = 0; l < layers; l++) {
            Block b = blocks[l];
            float[][] x = a.x[l];
            float[][] n1 = a.normalized1[l];
            float[][] h1 = a.xhat1[l];
            float[] s1 = a.rstd1[l];
            w.runRange(rows, 16, (r0, r1, worker) -> {
                for (int r = r0; r < r1; r++) {
                    s1[r] = Ops.layerNorm(x[r], width, b.norm1Gain.values[0], b.norm1Bias.values[0], h1[r], n1[r]);
                }
            });
            MatMul.multiply(w, n1, rows, width, b.query.values, width, b.queryBias.values[0], a.q[l]);
            MatMul.multiply(w, n1, rows, width, b.key.values, width, b.keyBias.values[0], a.k[l]);
            MatMul.multiply(w, n1, rows, width, b.value.values, width, b.valueBias.values[0], a.v[l]);
            step.attend(l, rows, a.q[l], a.k[l], a.v[l], a.attended[l]);
            float[][] mid = a.middle[l];
            MatMul.multiply(w, a.attended[l], rows, width, b.projection.values, width, b.projectionBias.values[0], mid);
            float[][] n2 = a.normalized2[l];
            float[][] h2 = a.xhat2[l];
            float[] s2 = a.rstd2[l];
            w.runRange(rows, 16, (r0, r1, worker) -> {
                for (int r = r0; r < r1; r++) {
                    addInto(mid[r], x[r], width);
                    s2[r] = Ops.layerNorm(mid[r], width, b.norm2Gain.values[0], b.norm2Bias.values[0], h2[r], n2[r]);
                }
            });
            float[][] up = a.up[l];
            float[][] act = a.activated[l];
            MatMul.multiply(w, n2, rows, width, b.up.values, ffWidth, b.upBias.values[0], up);
            w.runRange(rows, 8, (r0, r1, worker) -> {
                for (int r = r0; r < r1; r++) {
                    Ops.gelu(up[r], act[r], ffWidth);
                }
            });
            float[][] next = a.x[l + 1];
            MatMul.multiply(w, act, rows, ffWidth, b.down.values, width, b.downBias.values[0], next);
            w.runRange(rows, 64, (r0, r1, worker) -> {
                for (int r = r0; r < r1; r++) {
                    addInto(next[r], mid[r], width);
                }
            });
        }
        float[][] top = a.x[layers];
        w.runRange(rows, 16, (r0, r1, worker) -> {
            for (int r = r0; r < r1; r++) {
                a.finalRstd[r] = Ops.layerNorm(top[r], width, finalGain.values[0], finalBias.values[0], a.finalXhat[r],
                        a.finalNormalized[r]);
            }
        });
        MatMul.multiply(w, a.finalNormalized, rows, width, output.values, 256, outputBias.values[0], a.logits);
    }

    /** {@code y[j] += x[j]}: the residual connection (the block's output first, then the stream). */
    private static void addInto(float[] y, float[] x, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += x[j];
        }
    }

    /** The training state: gradients and transposed weights, allocated on first use. */
    static final class Training {
        final float[][][] gradients;
        final float[][][] transposed;
        final float[][] dx;
        final float[][] dMiddle;
        final float[][] dWide;
        final float[][] dNarrow;
        final float[][] dq;
        final float[][] dk;
        final float[][] dv;
        final float[][] scratch;
        final Attention.Scratch attentionScratch;

        Training(TransformerNetwork network, int rows, int length) {
            List<Tensor> tensors = network.tensors;
            gradients = new float[tensors.size()][][];
            for (int t = 0; t < tensors.size(); t++) {
                gradients[t] = new float[tensors.get(t).rows()][tensors.get(t).columns()];
            }
            int d = network.width;
            int f = network.ffWidth;
            transposed = new float[network.layers * 6 + 1][][];
            for (int l = 0; l < network.layers; l++) {
                for (int m = 0; m < 4; m++) {
                    transposed[6 * l + m] = new float[d][d];
                }
                transposed[6 * l + 4] = new float[f][d];
                transposed[6 * l + 5] = new float[d][f];
            }
            transposed[6 * network.layers] = new float[256][d];
            dx = new float[rows][d];
            dMiddle = new float[rows][d];
            dWide = new float[rows][f];
            dNarrow = new float[rows][d];
            dq = new float[rows][d];
            dk = new float[rows][d];
            dv = new float[rows][d];
            scratch = new float[network.workers.threads()][Math.max(d, 256)];
            attentionScratch = network.attention.new Scratch(network.workers.threads(), length, true);
        }
    }

    /** Transposes the weights for the backward pass; call after every change of the weights. */
    void transposeWeights(Training t) {
        for (int l = 0; l < layers; l++) {
            Block b = blocks[l];
            MatMul.transpose(workers, b.query.values, width, width, t.transposed[6 * l]);
            MatMul.transpose(workers, b.key.values, width, width, t.transposed[6 * l + 1]);
            MatMul.transpose(workers, b.value.values, width, width, t.transposed[6 * l + 2]);
            MatMul.transpose(workers, b.projection.values, width, width, t.transposed[6 * l + 3]);
            MatMul.transpose(workers, b.up.values, width, ffWidth, t.transposed[6 * l + 4]);
            MatMul.transpose(workers, b.down.values, ffWidth, width, t.transposed[6 * l + 5]);
        }
        MatMul.transpose(workers, output.values, width, 256, t.transposed[6 * layers]);
    }

    void zeroGradients(Training t) {
        for (float[][] g : t.gradients) {
            for (float[] row : g) {
                Arrays.fill(row, 0f);
            }
        }
    }

    /**
     * The loss and the logit gradients of a forward pass: {@code weights[r]} is the row's share of
     * the step's mean (0 for rows that are only context). Overwrites {@code activations.logits}
     * with the gradients.
     *
     * @return the loss of the weighted rows in bits, summed (not weighted)
     */
    double lossAndGradient(int rows, int[] targets, float[] weights, Activations a) {
        double[] bits = new double[rows];
        workers.runRange(rows, 8, (r0, r1, worker) -> {
            double[] p = wideScratch[worker];
            for (int r = r0; r < r1; r++) {
                float[] z = a.logits[r];
                Ops.softmax(z, 256, p);
                bits[r] = weights[r] == 0 ? 0 : -StrictMath.log(p[targets[r]]) / Math.log(2);
                if (weights[r] == 0) {
                    Arrays.fill(z, 0f);
                } else {
                    Ops.crossEntropyGradient(p, 256, targets[r], weights[r], z);
                }
            }
        });
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += bits[r];
        }
        return sum;
    }

    /**
     * Back-propagates the logit gradients in {@code a.logits} through a training forward pass
     * over {@code sequences} sequences of {@code length} rows, adding into the gradients.
     */
    void backward(int sequences, int length, int[] inputs, Activations a, Training t) {
        int rows = sequences * length;
        Workers w = workers;
        float[][][] g = t.gradients;
        int index = tensors.size() - 1;
        // Output layer and final norm.
        MatMul.multiplyTransposedAdd(w, a.finalNormalized, rows, width, a.logits, 256, g[index - 1]);
        MatMul.columnSumsAdd(a.logits, rows, 256, g[index][0]);
        MatMul.multiply(w, a.logits, rows, 256, t.transposed[6 * layers], width, null, t.dNarrow);
        float[][] dx = t.dx;
        layerNormBackward(rows, t.dNarrow, a.finalXhat, a.finalRstd, finalGain, dx, true, g[index - 3][0],
                g[index - 2][0], t);
        for (int l = layers - 1; l >= 0; l--) {
            Block b = blocks[l];
            int base = 1 + 16 * l;
            // x_{l+1} = middle + down(GELU(up(LN2(middle)))).
            MatMul.multiplyTransposedAdd(w, a.activated[l], rows, ffWidth, dx, width, g[base + 14]);
            MatMul.columnSumsAdd(dx, rows, width, g[base + 15][0]);
            MatMul.multiply(w, dx, rows, width, t.transposed[6 * l + 5], ffWidth, null, t.dWide);
            float[][] up = a.up[l];
            float[][] dWide = t.dWide;
            w.runRange(rows, 8, (r0, r1, worker) -> {
                for (int r = r0; r < r1; r++) {
                    Ops.geluBackward(up[r], dWide[r], dWide[r], ffWidth);
                }
            });
            MatMul.multiplyTransposedAdd(w, a.normalized2[l], rows, width, dWide, ffWidth, g[base + 12]);
            MatMul.columnSumsAdd(dWide, rows, ffWidth, g[base + 13][0]);
            MatMul.multiply(w, dWide, rows, ffWidth, t.transposed[6 * l + 4], width, null, t.dNarrow);
            float[][] dMiddle = t.dMiddle;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dx[r], 0, dMiddle[r], 0, width);
            }
            layerNormBackward(rows, t.dNarrow, a.xhat2[l], a.rstd2[l], b.norm2Gain, dMiddle, false, g[base + 10][0],
                    g[base + 11][0], t);
            // middle = x + projection(attention(LN1(x))).
            MatMul.multiplyTransposedAdd(w, a.attended[l], rows, width, dMiddle, width, g[base + 8]);
            MatMul.columnSumsAdd(dMiddle, rows, width, g[base + 9][0]);
            MatMul.multiply(w, dMiddle, rows, width, t.transposed[6 * l + 3], width, null, t.dNarrow);
            for (float[][] m : new float[][][] {t.dq, t.dk, t.dv}) {
                for (int r = 0; r < rows; r++) {
                    Arrays.fill(m[r], 0f);
                }
            }
            attention.backward(w, a.q[l], a.k[l], a.v[l], a.probabilities[l], t.dNarrow, sequences, length, t.dq, t.dk,
                    t.dv, t.attentionScratch);
            float[][] n1 = a.normalized1[l];
            MatMul.multiplyTransposedAdd(w, n1, rows, width, t.dq, width, g[base + 2]);
            MatMul.columnSumsAdd(t.dq, rows, width, g[base + 3][0]);
            MatMul.multiplyTransposedAdd(w, n1, rows, width, t.dk, width, g[base + 4]);
            MatMul.columnSumsAdd(t.dk, rows, width, g[base + 5][0]);
            MatMul.multiplyTransposedAdd(w, n1, rows, width, t.dv, width, g[base + 6]);
            MatMul.columnSumsAdd(t.dv, rows, width, g[base + 7][0]);
            MatMul.multiply(w, t.dq, rows, width, t.transposed[6 * l], width, null, t.dNarrow);
            MatMul.multiplyAdd(w, t.dk, rows, width, t.transposed[6 * l + 1], width, t.dNarrow);
            MatMul.multiplyAdd(w, t.dv, rows, width, t.transposed[6 * l + 2], width, t.dNarrow);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dMiddle[r], 0, dx[r], 0, width);
            }
            layerNormBackward(rows, t.dNarrow, a.xhat1[l], a.rstd1[l], b.norm1Gain, dx, false, g[base][0],
                    g[base + 1][0], t);
        }
        float[][] dEmbedding = g[0];
        for (int r = 0; r < rows; r++) {
            addInto(dEmbedding[inputs[r]], dx[r], width);
        }
    }

    /**
     * Layer-norm backward over rows: {@code dx[r] (=|+=) ∂/∂x} of the rows' {@code dy}, and the
     * gain and bias gradients (column sums in row order, split by columns).
     */
    private void layerNormBackward(int rows, float[][] dy, float[][] xhat, float[] rstd, Tensor gain, float[][] dx,
                                   boolean overwrite, float[] dGain, float[] dBias, Training t) {
        float[] gainRow = gain.values[0];
        workers.runRange(rows, 16, (r0, r1, worker) -> {
            float[] scratch = t.scratch[worker];
            for (int r = r0; r < r1; r++) {
                if (overwrite) {
                    Arrays.fill(dx[r], 0, width, 0f);
                }
                Ops.layerNormBackward(dy[r], xhat[r], rstd[r], gainRow, width, dx[r], scratch);
            }
        });
        workers.runRange(width, 32, (c0, c1, worker) ->
                Ops.layerNormParameterGradients(dy, xhat, rows, c0, c1, dGain, dBias));
    }

    /**
     * Applies one optimizer step with the gradients (clipped to the configured norm); weight
     * decay applies to matrices and embeddings, not to gains and biases.
     */
    void step(Optimizer optimizer, Training t) {
        optimizer.beginStep();
        float factor = 1;
        if (optimizer.config().clipNorm() > 0) {
            double norm = 0;
            for (float[][] gradient : t.gradients) {
                for (float[] row : gradient) {
                    for (float x : row) {
                        norm += (double) x * x;
                    }
                }
            }
            factor = optimizer.clipScale(norm);
        }
        float scale = factor;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor tensor = tensors.get(i);
            float[][] gradient = t.gradients[i];
            boolean decay = tensor.rows() > 1;
            workers.runRange(tensor.rows(), Math.max(1, 8192 / tensor.columns()), (r0, r1, worker) -> {
                for (int r = r0; r < r1; r++) {
                    float[] row = gradient[r];
                    if (scale != 1) {
                        for (int j = 0; j < row.length; j++) {
                            row[j] *= scale;
                        }
                    }
                    if (decay) {
                        optimizer.updateRow(tensor, r, row);
                    } else {
                        optimizer.updateRowWithoutDecay(tensor, r, row);
                    }
                }
            });
        }
    }
}

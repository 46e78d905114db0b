package io.bitscale.model.neural;

import io.bitscale.core.model.Cdf;
import io.bitscale.model.neural.tensor.Attention;
import io.bitscale.model.neural.tensor.Ops;
import io.bitscale.model.neural.tensor.Workers;

import java.util.List;

/**
 * A byte-level causal transformer ({@code transformer(layers=4,width=128,heads=4,ctx=128,...)};
 * architecture in {@link TransformerNetwork}, attention over a sliding window with ALiBi biases)
 * used as a coding model: online (learning while coding, B interleaved segments per round, a
 * training step every U rounds), frozen from a snapshot, or inside a mixture with
 * {@code segments=1}.
 *
 * <pre>{@code
 * PredictorFactory factory = Models.factory("transformer(layers=2,d=64,heads=4,ctx=64,segments=16,every=8)");
 * try (OutputStream out = new BitscaleOutputStream(Files.newOutputStream(target), factory)) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p><b>Coding.</b> Each segment keeps, per block, the keys and values of its last {@code ctx}
 * positions (a doubled ring, so the window is contiguous and in position order); a round runs the
 * network once over one row per active segment. The input of a position is the byte before it, or
 * the start symbol for the first position of a segment. When the model adapts, every U rounds it
 * takes one step on each segment's last {@code train} bytes, with the loss on the bytes coded since
 * the previous step; the cached keys and values of older positions stay as they were computed
 * (the decoder does the same, so this costs only accuracy, not exactness).
 *
 * <p><b>Frozen chunks in one pass.</b> {@link #prepare} computes a whole chunk at once with the
 * batched attention; the tables are bit for bit those of the one-row-at-a-time path (same kernels,
 * same order), which is what a decoder runs.
 */
final class TransformerPredictor extends SegmentedNetwork implements ChunkPredictor {

    private final TransformerConfig config;
    private final TransformerNetwork network;
    private final Optimizer optimizer;
    private final int width;
    private final int window;

    /** Positions coded per segment, and the input symbol of the next position. */
    private final long[] positions;
    private final int[] nextInput;
    /** Key/value caches [segment][layer]: keys transposed (d × 2·ctx), values (2·ctx × d), each position twice. */
    private final float[][][][] keysT;
    private final float[][][][] values;
    private final TransformerNetwork.Activations rowActivations;
    private final int[] rowInputs;
    private final float[][] attentionRows;
    private final double[][] softmax;

    /** Online training: each segment's recent bytes (ring of train + 1) and how many are new. */
    private final int[][] recent;
    private final int[] fresh;
    private TransformerNetwork.Activations trainActivations;
    private TransformerNetwork.Training training;

    /** A prepared chunk: its tables and bytes, and how many have been served. */
    private int[][] preparedCdfs;
    private byte[] preparedBytes;
    private int served;

    TransformerPredictor(TransformerConfig config, Workers workers) {
        super(config.segments(), config.every(), config.adapt(), workers);
        this.config = config;
        this.network = new TransformerNetwork(config, workers);
        this.optimizer = new Optimizer(config.optimizer());
        if (adapt) {
            for (Tensor t : network.tensors) {
                optimizer.attach(t);
            }
        }
        this.width = config.width();
        this.window = config.context();
        positions = new long[segments];
        nextInput = new int[segments];
        java.util.Arrays.fill(nextInput, TransformerConfig.START);
        keysT = new float[segments][config.layers()][width][2 * window];
        values = new float[segments][config.layers()][2 * window][width];
        rowActivations = new TransformerNetwork.Activations(config, segments, 1, false);
        rowInputs = new int[segments];
        attentionRows = new float[workers.threads()][2 * window];
        softmax = new double[workers.threads()][256];
        recent = adapt ? new int[segments][config.trainWindow() + 1] : null;
        fresh = adapt ? new int[segments] : null;
    }

    /** The configuration. */
    TransformerConfig config() {
        return config;
    }

    /** The network (weights and batched passes). */
    TransformerNetwork network() {
        return network;
    }

    @Override
    public List<Tensor> tensors() {
        return network.tensors;
    }

    @Override
    public long parameters() {
        return config.parameters();
    }

    @Override
    public long memoryBytes() {
        return config.memoryBytes(workers.threads());
    }

    @Override
    protected void predictRound(int active) {
        if (preparedCdfs != null) {
            System.arraycopy(preparedCdfs[served], 0, cdfs[0], 0, 257);
            return;
        }
        for (int s = 0; s < active; s++) {
            rowInputs[s] = nextInput[s];
        }
        network.forward(active, rowInputs, rowActivations, this::attendCached);
        float[][] logits = rowActivations.logits;
        workers.run(active, (s, worker) -> {
            double[] p = softmax[worker];
            Ops.softmax(logits[s], 256, p);
            Cdf.fromProbabilities(p, 256, TOTAL_BITS, cdfs[s]);
        });
    }

    /** The attention step of a round: append each row's key and value to its segment's cache, then attend. */
    private void attendCached(int layer, int rows, float[][] q, float[][] k, float[][] v, float[][] out) {
        for (int s = 0; s < rows; s++) {
            store(s, layer, positions[s], k[s], v[s]);
        }
        Attention attention = network.attention;
        int heads = attention.heads();
        workers.run(rows * heads, (unit, worker) -> {
            int s = unit / heads;
            int h = unit % heads;
            long position = positions[s];
            int slot = (int) (position % window);
            int count = (int) Math.min(position + 1, window);
            int first = slot + window - count + 1;
            attention.attendRow(q[s], h, keysT[s][layer], first, count, values[s][layer], first, attentionRows[worker],
                    out[s]);
        });
    }

    /** Writes a position's key and value into both halves of the doubled ring. */
    private void store(int segment, int layer, long position, float[] key, float[] value) {
        int slot = (int) (position % window);
        float[][] kt = keysT[segment][layer];
        for (int c = 0; c < width; c++) {
            kt[c][slot] = key[c];
            kt[c][slot + window] = key[c];
        }
        float[][] vs = values[segment][layer];
        System.arraycopy(value, 0, vs[slot], 0, width);
        System.arraycopy(value, 0, vs[slot + window], 0, width);
    }

    @Override
    protected void endRound(int active, int[] symbols) {
        if (preparedCdfs != null) {
            int expected = preparedBytes[served] & 0xFF;
            if (symbols[0] != expected) {
                throw new IllegalStateException("byte " + served + " of the prepared chunk is " + expected
                        + " but " + symbols[0] + " was coded");
            }
            if (++served == preparedBytes.length) {
                preparedCdfs = null;
                preparedBytes = null;
            }
        }
        for (int s = 0; s < active; s++) {
            if (adapt) {
                recent[s][(int) (positions[s] % recent[s].length)] = symbols[s];
                fresh[s]++;
            }
            positions[s]++;
            nextInput[s] = symbols[s];
        }
    }

    @Override
    protected void trainStep() {
        int trainWindow = config.trainWindow();
        int sequences = 0;
        int length = 0;
        int counted = 0;
        for (int s = 0; s < segments; s++) {
            if (fresh[s] > 0) {
                sequences++;
                int available = (int) Math.min(trainWindow, positions[s]);
                length = Math.max(length, available);
                counted += Math.min(fresh[s], available);
            }
        }
        if (sequences == 0) {
            return;
        }
        if (training == null) {
            trainActivations = new TransformerNetwork.Activations(config, segments, trainWindow, true);
            training = new TransformerNetwork.Training(network, segments * trainWindow, trainWindow);
        }
        int rows = sequences * length;
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        float[] weights = new float[rows];
        float share = 1f / counted;
        int q = 0;
        for (int s = 0; s < segments; s++) {
            if (fresh[s] == 0) {
                continue;
            }
            int[] ring = recent[s];
            long end = positions[s];
            int available = (int) Math.min(trainWindow, end);
            long start = end - available;
            int base = q * length;
            for (int i = 0; i < length; i++) {
                if (i < available) {
                    long p = start + i;
                    targets[base + i] = ring[(int) (p % ring.length)];
                    inputs[base + i] = p == 0 ? TransformerConfig.START : ring[(int) ((p - 1) % ring.length)];
                    weights[base + i] = i >= available - fresh[s] ? share : 0f;
                } else {
                    // Padding after the sequence: causal attention keeps it out of the real rows.
                    inputs[base + i] = TransformerConfig.START;
                    weights[base + i] = 0f;
                }
            }
            fresh[s] = 0;
            q++;
        }
        int seqs = sequences;
        int len = length;
        Attention.Scratch scratch = training.attentionScratch;
        network.forward(rows, inputs, trainActivations, (layer, n, qs, ks, vs, out) -> network.attention.forward(workers,
                qs, ks, vs, seqs, len, out, trainActivations.probabilities[layer], scratch));
        network.lossAndGradient(rows, targets, weights, trainActivations);
        network.zeroGradients(training);
        network.transposeWeights(training);
        network.backward(seqs, len, inputs, trainActivations, training);
        network.step(optimizer, training);
    }

    @Override
    public boolean canPrepare() {
        return !adapt && segments == 1 && positions[0] == 0 && preparedCdfs == null;
    }

    @Override
    public void prepare(byte[] data, int offset, int length) {
        if (!canPrepare()) {
            throw new IllegalStateException("prepare needs a frozen, one-segment transformer that has coded nothing");
        }
        if (length < 1 || offset < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") of " + data.length);
        }
        int[] inputs = new int[length];
        inputs[0] = TransformerConfig.START;
        for (int i = 1; i < length; i++) {
            inputs[i] = data[offset + i - 1] & 0xFF;
        }
        TransformerNetwork.Activations a = new TransformerNetwork.Activations(config, 1, length, false);
        Attention.Scratch scratch = network.attention.new Scratch(workers.threads(), length, false);
        network.forward(length, inputs, a, (layer, rows, q, k, v, out) -> {
            network.attention.forward(workers, q, k, v, 1, length, out, null, scratch);
            // The cache a decoder would hold after these positions: the last ctx keys and values.
            for (int p = Math.max(0, length - window); p < length; p++) {
                store(0, layer, p, k[p], v[p]);
            }
        });
        int[][] tables = new int[length][257];
        workers.runRange(length, 16, (r0, r1, worker) -> {
            double[] p = new double[256];
            for (int r = r0; r < r1; r++) {
                Ops.softmax(a.logits[r], 256, p);
                Cdf.fromProbabilities(p, 256, TOTAL_BITS, tables[r]);
            }
        });
        preparedCdfs = tables;
        preparedBytes = java.util.Arrays.copyOfRange(data, offset, offset + length);
        served = 0;
    }
}

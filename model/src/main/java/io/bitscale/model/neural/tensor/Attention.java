package io.bitscale.model.neural.tensor;

import java.util.Arrays;

/**
 * Causal multi-head self-attention over a sliding window, with ALiBi position biases: the query
 * at position {@code i} attends to the keys at positions {@code max(0, i - window + 1) .. i}, head
 * {@code h} scoring key {@code j} as {@code q·k / √dh - slope_h · (i - j)} with
 * {@code slope_h = 2^(-8(h+1)/heads)} (Press et al., 2022). There are no learned positions, so the
 * keys of past positions stay valid as the window slides: the batched pass over a sequence and the
 * incremental pass over a key/value cache compute the same thing.
 *
 * <pre>{@code
 * int heads = 4;
 * int sequences = 2;
 * int length = 64;
 * int rows = sequences * length;
 * float[][] q = new float[rows][128], k = new float[rows][128], v = new float[rows][128], dOut = new float[rows][128];
 * float[][] out = new float[rows][128], dq = new float[rows][128], dk = new float[rows][128], dv = new float[rows][128];
 * Workers workers = Workers.shared();
 * Attention attention = new Attention(128, heads, 256);
 * Attention.Scratch scratch = attention.new Scratch(workers.threads(), length, true);
 * float[][][] probabilities = new float[sequences * heads][length][length];
 * attention.forward(workers, q, k, v, sequences, length, out, probabilities, scratch);
 * attention.backward(workers, q, k, v, probabilities, dOut, sequences, length, dq, dk, dv, scratch);
 * }</pre>
 *
 * <p><b>Same bits, batched or one row at a time.</b> Both paths call {@link #attendRow}, which
 * computes every score as one fused multiply-add chain over the head's dimensions, the softmax in
 * {@code double} over the window in position order, and every output element as one chain over
 * the window's positions in order (see {@link Kernels}). Work is split by (sequence, head), so no
 * sum is split between threads.
 *
 * <p>Rows: Q, K, V and the output have {@code d = heads · dh} columns, head {@code h} in
 * {@code [h·dh, (h+1)·dh)}; sequence {@code s} of a batch occupies rows
 * {@code [s·length, (s+1)·length)}.
 */
public final class Attention {

    private final int d;
    private final int heads;
    private final int headDim;
    private final int window;
    private final float scale;
    private final float[] slopes;

    /**
     * @param d      model width, a multiple of {@code heads}
     * @param heads  attention heads
     * @param window keys per query at most (the query's own position included), at least 1
     */
    public Attention(int d, int heads, int window) {
        if (heads < 1 || d < heads || d % heads != 0 || window < 1) {
            throw new IllegalArgumentException("attention d=" + d + " heads=" + heads + " window=" + window);
        }
        this.d = d;
        this.heads = heads;
        this.headDim = d / heads;
        this.window = window;
        this.scale = (float) (1 / Math.sqrt(headDim));
        this.slopes = new float[heads];
        for (int h = 0; h < heads; h++) {
            slopes[h] = (float) StrictMath.pow(2, -8.0 * (h + 1) / heads);
        }
    }

    /** Keys per query at most. */
    public int window() {
        return window;
    }

    /** Attention heads. */
    public int heads() {
        return heads;
    }

    /**
     * One query against {@code count} keys that end at the query's own position, in position
     * order. Keys are columns of {@code keysT} (row {@code h·dh + c} holds dimension {@code c} of
     * head {@code h}); values are rows of {@code values}.
     *
     * @param q             the query row ({@code d} values)
     * @param head          the head
     * @param keysT         transposed keys; the window is columns {@code [key0, key0 + count)}
     * @param key0          column of the oldest key in the window
     * @param count         keys in the window, {@code 1..window()}
     * @param values        value rows; the window is rows {@code [valueRow0, valueRow0 + count)}
     * @param valueRow0     row of the oldest value
     * @param probabilities receives the attention weights at {@code [key0, key0 + count)}
     * @param out           receives the head's output at {@code [h·dh, (h+1)·dh)}
     */
    public void attendRow(float[] q, int head, float[][] keysT, int key0, int count, float[][] values, int valueRow0,
                          float[] probabilities, float[] out) {
        int offset = head * headDim;
        int end = key0 + count;
        Arrays.fill(probabilities, key0, end, 0f);
        Kernels.rowTimes(q, offset, keysT, offset, headDim, probabilities, key0, count);
        float slope = slopes[head];
        float max = Float.NEGATIVE_INFINITY;
        for (int j = key0; j < end; j++) {
            float score = probabilities[j] * scale - slope * (end - 1 - j);
            probabilities[j] = score;
            max = Math.max(max, score);
        }
        for (int j = key0; j < end; j++) {
            probabilities[j] = Ops.expFloat(probabilities[j] - max);
        }
        double sum = 0;
        for (int j = key0; j < end; j++) {
            sum += probabilities[j];
        }
        if (sum > 0 && !Double.isInfinite(sum)) {
            float inverse = (float) (1 / sum);
            for (int j = key0; j < end; j++) {
                probabilities[j] *= inverse;
            }
        } else {
            // Diverged weights (NaN scores): attend uniformly, as encoder and decoder both will.
            Arrays.fill(probabilities, key0, end, 1f / count);
        }
        Arrays.fill(out, offset, offset + headDim, 0f);
        Kernels.rowTimes(probabilities, key0, values, valueRow0, count, out, offset, headDim);
    }

    /**
     * Per-thread scratch of {@link #forward} and {@link #backward} for sequences of up to
     * {@code length} positions.
     */
    public final class Scratch {
        final float[][][] transposed;
        final float[][] row;
        final float[][][] scoreGradients;
        final int length;

        /** Scratch for {@code threads} threads and sequences of up to {@code length} positions. */
        public Scratch(int threads, int length, boolean training) {
            this.length = length;
            transposed = new float[threads][d][length];
            row = new float[threads][length];
            scoreGradients = training ? new float[threads][length][length] : null;
        }
    }

    /**
     * Attention over {@code sequences} sequences of {@code length} positions.
     *
     * @param probabilities where to keep the attention weights for {@link #backward}:
     *                      {@code [s·heads + h][i][j]}, or {@code null} when there is no backward
     *                      pass (frozen evaluation)
     */
    public void forward(Workers workers, float[][] q, float[][] k, float[][] v, int sequences, int length,
                        float[][] out, float[][][] probabilities, Scratch scratch) {
        checkScratch(scratch, workers, length);
        workers.run(sequences * heads, (unit, worker) -> {
            int s = unit / heads;
            int h = unit % heads;
            int base = s * length;
            int offset = h * headDim;
            float[][] keysT = scratch.transposed[worker];
            Kernels.transpose(k, base, base + length, offset, offset + headDim, keysT, offset, 0);
            for (int i = 0; i < length; i++) {
                int lo = Math.max(0, i - window + 1);
                float[] row = probabilities != null ? probabilities[unit][i] : scratch.row[worker];
                attendRow(q[base + i], h, keysT, lo, i - lo + 1, v, base + lo, row, out[base + i]);
            }
        });
    }

    /**
     * Gradients of {@link #forward}: {@code dq}, {@code dk}, {@code dv} receive (are added)
     * the gradients of the queries, keys and values; callers zero them first.
     */
    public void backward(Workers workers, float[][] q, float[][] k, float[][] v, float[][][] probabilities,
                         float[][] dOut, int sequences, int length, float[][] dq, float[][] dk, float[][] dv,
                         Scratch scratch) {
        checkScratch(scratch, workers, length);
        if (scratch.scoreGradients == null) {
            throw new IllegalArgumentException("scratch was made without training buffers");
        }
        workers.run(sequences * heads, (unit, worker) -> {
            int s = unit / heads;
            int h = unit % heads;
            int base = s * length;
            int offset = h * headDim;
            float[][] valuesT = scratch.transposed[worker];
            float[][] ds = scratch.scoreGradients[worker];
            float[][] p = probabilities[unit];
            Kernels.transpose(v, base, base + length, offset, offset + headDim, valuesT, offset, 0);
            for (int i = 0; i < length; i++) {
                int lo = Math.max(0, i - window + 1);
                int count = i - lo + 1;
                float[] dp = ds[i];
                Arrays.fill(dp, lo, i + 1, 0f);
                Kernels.rowTimes(dOut[base + i], offset, valuesT, offset, headDim, dp, lo, count);
                float[] pi = p[i];
                double dot = 0;
                for (int j = lo; j <= i; j++) {
                    dot += (double) pi[j] * dp[j];
                }
                float mean = (float) dot;
                for (int j = lo; j <= i; j++) {
                    dp[j] = pi[j] * (dp[j] - mean) * scale;
                }
                Kernels.rowTimes(dp, lo, k, base + lo, count, dq[base + i], offset, headDim);
            }
            for (int j = 0; j < length; j++) {
                int last = Math.min(length, j + window);
                Kernels.columnTimes(ds, j, j, last, q, base, dk[base + j], offset, headDim);
                Kernels.columnTimes(p, j, j, last, dOut, base, dv[base + j], offset, headDim);
            }
        });
    }

    private void checkScratch(Scratch scratch, Workers workers, int length) {
        if (scratch.length < length || scratch.row.length < workers.threads()) {
            throw new IllegalArgumentException("scratch for " + scratch.row.length + " threads and length "
                    + scratch.length + ", need " + workers.threads() + " and " + length);
        }
    }
}

package io.bitscale.model.neural;

/**
 * Shape, coding and learning of a {@link TransformerPredictor}. Immutable and validated; sizes and
 * costs are computed from it before anything is allocated.
 *
 * @param layers    transformer blocks, 1..64
 * @param width     model width d, a multiple of {@code heads}, 4..4096
 * @param heads     attention heads, 1..64
 * @param context   attention window in bytes (keys per query, the query's own position
 *                  included), 1..65536
 * @param ffMultiple feed-forward width as a multiple of {@code width}, 1..16
 * @param segments  interleaved segments coded per round (online batch size), 1..4096
 * @param every     rounds between online training steps, 1..65536
 * @param trainWindow bytes of each segment's recent history one online step runs over (its last
 *                  {@code every} bytes are the step's targets, the rest context), {@code every..}
 * @param optimizer how it learns
 * @param adapt     whether it learns while coding
 * @param seed      initial-weight seed
 */
public record TransformerConfig(int layers, int width, int heads, int context, int ffMultiple, int segments, int every,
                                int trainWindow, OptimizerConfig optimizer, boolean adapt, long seed) {

    /** Embedding rows: the 256 byte values and the start-of-context symbol. */
    public static final int VOCABULARY = 257;
    /** The input symbol of the first position of a context (no byte before it). */
    public static final int START = 256;

    /** Validates. */
    public TransformerConfig {
        check("layers", layers, 1, 64);
        check("width", width, 4, 4096);
        check("heads", heads, 1, 64);
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not a multiple of heads " + heads);
        }
        check("context", context, 1, 1 << 16);
        check("ff", ffMultiple, 1, 16);
        check("segments", segments, 1, 4096);
        check("every", every, 1, 1 << 16);
        check("train", trainWindow, every, 1 << 16);
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        long parameters = parameters(layers, width, ffMultiple);
        if (parameters > 1L << 28) {
            throw new IllegalArgumentException("transformer with " + parameters + " parameters is too large (max 2^28)");
        }
    }

    private static void check(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside " + min + ".." + max);
        }
    }

    /** Feed-forward hidden width. */
    public int ffWidth() {
        return ffMultiple * width;
    }

    /** Dimensions per head. */
    public int headWidth() {
        return width / heads;
    }

    /** Learned weights: embeddings, per block two layer norms, four attention and two feed-forward layers, the output. */
    public long parameters() {
        return parameters(layers, width, ffMultiple);
    }

    private static long parameters(int layers, int width, int ffMultiple) {
        long d = width;
        long f = (long) ffMultiple * width;
        long block = 4 * d + 4 * (d * d + d) + (d * f + f) + (f * d + d);
        return VOCABULARY * d + layers * block + 2 * d + d * 256 + 256;
    }

    /**
     * Floating-point operations of one forward pass for one position with a full attention window:
     * {@code 2·(12·d² + 256·d)} per block-and-output product multiply-add (for the default
     * feed-forward multiple 4) plus {@code 4·d·context} per block for scores and weighted sums.
     */
    public long forwardFlopsPerByte() {
        long d = width;
        long f = ffWidth();
        long products = layers * (4 * d * d + 2 * d * f) + d * 256;
        long attention = 2L * layers * d * context;
        return 2 * products + 2 * attention;
    }

    /**
     * Floating-point operations per coded byte: the forward pass, plus, when the model adapts,
     * a training step (forward and backward, about 3 forward passes) over {@code trainWindow}
     * positions per segment every {@code every} bytes of it.
     */
    public long flopsPerByte() {
        long forward = forwardFlopsPerByte();
        if (!adapt) {
            return forward;
        }
        return forward + 3 * forward * trainWindow / every;
    }

    /**
     * Heap bytes of a predictor coding with {@code threads} threads, counted array by array as it
     * allocates them (arrays of rows: 16 bytes per array plus 4 per reference): weights and their
     * optimizer state, each segment's key/value cache of {@code 2·ctx} positions per block, the
     * buffers of one round, and, when it adapts, the training step's activations, attention
     * weights, gradients and transposed weights (allocated at the first step).
     */
    public long memoryBytes(int threads) {
        long d = width;
        long f = ffWidth();
        long layers = this.layers;
        long state = adapt ? optimizer.kind().stateFloats() : 0;
        // Weights: the tensors' rows, once for the values and once per optimizer moment.
        long tensors = rows(VOCABULARY, d) + layers * (8 * rows(1, d) + 4 * rows(d, d) + rows(d, f) + rows(1, f)
                + rows(f, d)) + 2 * rows(1, d) + rows(d, 256) + rows(1, 256);
        long tensorObjects = (1 + layers * 16 + 5) * 96L;
        long weights = (1 + state) * tensors + tensorObjects + 8 * rows(threads, Math.max(256, f)) / 2;
        long window = 2L * context;
        long caches = (long) segments * layers * (rows(d, window) + rows(window, d)) + 16L * (2 * segments + 2)
                + 8L * segments * layers;
        long round = activations(segments, 1, false, d, f) + 4L * segments * 4 + rows(threads, window)
                + 2 * rows(threads, 256) + rows(segments, 257);
        long training = 0;
        if (adapt) {
            long rowsPerStep = (long) segments * trainWindow;
            training = rows(segments, trainWindow + 1L) + activations(segments, trainWindow, true, d, f)
                    + tensors // gradients
                    + layers * (4 * rows(d, d) + rows(f, d) + rows(d, f)) + rows(256, d) // transposed weights
                    + 6 * rows(rowsPerStep, d) + rows(rowsPerStep, f) + rows(threads, Math.max(d, 256))
                    + threads * (rows(d, trainWindow) + 16) + rows(threads, trainWindow)
                    + threads * (16 + rows(trainWindow, trainWindow)) + 3 * 4 * rowsPerStep;
        }
        return weights + caches + round + training + 4096;
    }

    /** Bytes of the buffers of a pass over {@code sequences × length} rows (see TransformerNetwork.Activations). */
    private long activations(long sequences, long length, boolean training, long d, long f) {
        long rows = sequences * length;
        long kept = training ? layers : 1;
        long x = (training ? layers + 1 : 2) * rows(rows, d) + 16 + 4L * (layers + 1);
        long blocks = 9 * (kept * rows(rows, d) + 16 + 4L * layers) + 2 * (kept * rows(rows, f) + 16 + 4L * layers);
        long norms = 2 * (kept * (16 + 4 * rows) + 16 + 4L * layers);
        long finals = 2 * rows(rows, d) + 16 + 4 * rows + rows(rows, 256);
        long probabilities = training ? 16 + 4L * layers + layers * (16 + 4 * sequences * heads
                + sequences * heads * rows(length, length)) : 0;
        return x + blocks + norms + finals + probabilities;
    }

    /** Heap bytes of {@code r} arrays of {@code c} floats (or ints) and the array holding them. */
    private static long rows(long r, long c) {
        return 16 + 4 * r + r * (16 + 4 * c);
    }
}

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

    /** Heap bytes of a predictor coding with {@code threads} threads: weights, optimizer state, caches, batch buffers. */
    public long memoryBytes(int threads) {
        long d = width;
        long f = ffWidth();
        int state = adapt ? optimizer.kind().stateFloats() : 0;
        long weights = (1 + state) * 4 * parameters() + 64L * (VOCABULARY + layers * (12 + 2 * d + f));
        long transposed = adapt ? 4 * (layers * (4 * d * d + 2 * d * f) + 256 * d) + 64 * layers * (4 * d + f) : 0;
        long gradients = adapt ? 4 * parameters() : 0;
        long window = 2L * context;
        long caches = (long) segments * layers * (4 * 2 * d * window + 64 * (d + window));
        long rows = adapt ? (long) segments * trainWindow : segments;
        long activations = rows * 4 * (layers * (12 * d + 3 * f) + 6 * d + 2 * 256) + 64 * rows * layers * 16;
        long probabilities = adapt ? 4L * segments * heads * layers * trainWindow * (trainWindow + 16) : 0;
        long scratch = threads * 4L * (d * window + window + (adapt ? (long) trainWindow * trainWindow : 0) + 2 * 256);
        return weights + transposed + gradients + caches + activations + probabilities + scratch + 16_384;
    }
}

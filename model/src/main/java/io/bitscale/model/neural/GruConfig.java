package io.bitscale.model.neural;

/**
 * Shape and training of a {@link GruPredictor}. Immutable and validated.
 *
 * @param width        hidden units, 1..1024
 * @param embed        byte embedding dimensions, 1..256
 * @param bptt         steps of truncated back-propagation through time: the recurrent weights
 *                     are updated every {@code bptt} bytes from the gradient of those bytes, 1..256
 * @param outputCutoff as {@link MlpConfig#outputCutoff()}
 * @param optimizer    how it learns
 * @param adapt        whether it learns while coding
 * @param seed         initial-weight seed
 */
public record GruConfig(int width, int embed, int bptt, double outputCutoff, OptimizerConfig optimizer,
                        boolean adapt, long seed) {

    /** Validates. */
    public GruConfig {
        check("width", width, 1, 1024);
        check("embed", embed, 1, 256);
        check("bptt", bptt, 1, 256);
        if (!(outputCutoff >= 0 && outputCutoff < 1)) {
            throw new IllegalArgumentException("output cutoff " + outputCutoff + " outside [0, 1)");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
    }

    private static void check(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside " + min + ".." + max);
        }
    }

    /**
     * Rough floating-point operations per coded byte: three gates over the input and the state,
     * and the output layer, forward once and backward through the truncated window (about twice
     * the forward work); a multiply-add is two.
     */
    public long operationsPerByte() {
        long gates = 3L * width * (embed + width);
        long output = 256L * width;
        return 2 * 3 * (gates + output) + 20L * 256;
    }

    /** Learned weights: embedding, input and recurrent gate weights with biases, output layer. */
    public long parameters() {
        long gates = 3L * width;
        return 256L * embed + embed * gates + width * gates + 2 * gates + width * 256L + 256;
    }

    /** Heap bytes: weights, optimizer state, gradient accumulators and the BPTT history. */
    public long memoryBytes() {
        int state = optimizer.kind().stateFloats();
        long gates = 3L * width;
        long tensors = Tensor.memoryBytes(256, embed, state) + Tensor.memoryBytes(embed, gates, state)
                + Tensor.memoryBytes(width, gates, state) + 2 * Tensor.memoryBytes(1, gates, state)
                + Tensor.memoryBytes(width, 256, state) + Tensor.memoryBytes(1, 256, state);
        long accumulators = Tensor.memoryBytes(256, embed, 0) + Tensor.memoryBytes(embed + width + 2, gates, 0);
        long history = (long) bptt * (16 + 4 * (embed + 6L * width)) + 4L * bptt;
        return tensors + accumulators + history + 8L * 256 + 4L * 257 + 4L * 8 * 256 + 2048;
    }
}

package io.bitscale.model.neural;

/**
 * Shape and training of an {@link MlpPredictor}. Immutable and validated.
 *
 * @param context     previous bytes embedded position by position, 1..16
 * @param embed       embedding dimensions per byte and per hashed context, 1..256
 * @param orderLow    lowest hashed context order, or 0 for no hashed contexts
 * @param orderHigh   highest hashed context order ({@code orderLow..orderHigh}, at most 8)
 * @param hashBits    log2 of the rows of each hashed-context table, 4..24
 * @param words       hashed word contexts: 0 none, 1 the current word so far, 2 also the previous
 *                    word with it (letters case-folded, bytes ≥ 128 count as letters)
 * @param width       hidden units per layer, 1..4096
 * @param depth       hidden layers, 1..8
 * @param outputCutoff the training step updates output weights of bytes predicted with at
 *                    least this probability (and of the coded byte); 0 = all, exact gradient
 * @param optimizer   how it learns
 * @param adapt       whether it learns while coding
 * @param seed        initial-weight seed
 */
public record MlpConfig(int context, int embed, int orderLow, int orderHigh, int hashBits, int words, int width, int depth,
                        double outputCutoff, OptimizerConfig optimizer, boolean adapt, long seed) {

    /** Validates. */
    public MlpConfig {
        check("context", context, 1, 16);
        check("embed", embed, 1, 256);
        check("width", width, 1, 4096);
        check("depth", depth, 1, 8);
        if (orderLow != 0 || orderHigh != 0) {
            check("lowest order", orderLow, 1, 8);
            check("highest order", orderHigh, orderLow, 8);
        }
        check("words", words, 0, 2);
        // (A compact constructor runs before the fields are set: use the parameters, not accessors.)
        int tables = (orderLow == 0 ? 0 : orderHigh - orderLow + 1) + words;
        if (tables > 0) {
            check("hash bits", hashBits, 4, 24);
        }
        if (!(outputCutoff >= 0 && outputCutoff < 1)) {
            throw new IllegalArgumentException("output cutoff " + outputCutoff + " outside [0, 1)");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        long parameters = parameters(context, embed, tables, hashBits, width, depth);
        if (parameters > 1L << 28) {
            throw new IllegalArgumentException("mlp with " + parameters + " parameters is too large (max 2^28)");
        }
    }

    private static void check(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside " + min + ".." + max);
        }
    }

    /** Number of hashed context orders. */
    public int orders() {
        return orderLow == 0 ? 0 : orderHigh - orderLow + 1;
    }

    /** Hashed-context tables: one per order and one per word context. */
    public int hashedTables() {
        return orders() + words;
    }

    /** Width of the network input: one embedding per context byte and per hashed table. */
    public int inputWidth() {
        return (context + hashedTables()) * embed;
    }

    /** Learned weights: embeddings, hidden layers with biases, output layer with biases. */
    public long parameters() {
        return parameters(context, embed, hashedTables(), hashBits, width, depth);
    }

    private static long parameters(int context, int embed, int tables, int hashBits, int width, int depth) {
        long embeddings = 256L * embed + (long) tables * (1L << hashBits) * embed;
        long inputWidth = (long) (context + tables) * embed;
        long hidden = inputWidth * width + width + (depth - 1L) * ((long) width * width + width);
        long output = (long) width * 256 + 256;
        return embeddings + hidden + output;
    }

    /**
     * Rough floating-point operations per coded byte: a multiply-add is two, the dense weights are
     * read once forward and twice backward, the softmax and its 256 outputs a few more each
     * (embedding rows are looked up, not multiplied, so the hashed tables cost little).
     */
    public long operationsPerByte() {
        long inputWidth = inputWidth();
        long dense = inputWidth * width + (depth - 1L) * width * width + (long) width * 256;
        return 2 * 3 * dense + 20L * 256 + 4 * inputWidth;
    }

    /** Heap bytes: weights and optimizer state (one array per row), plus scratch. */
    public long memoryBytes() {
        int state = optimizer.kind().stateFloats();
        long bytes = Tensor.memoryBytes(256, embed, state)
                + hashedTables() * Tensor.memoryBytes(1L << hashBits, embed, state)
                + Tensor.memoryBytes(inputWidth(), width, state) + Tensor.memoryBytes(1, width, state)
                + (depth - 1L) * (Tensor.memoryBytes(width, width, state) + Tensor.memoryBytes(1, width, state))
                + Tensor.memoryBytes(width, 256, state) + Tensor.memoryBytes(1, 256, state);
        long scratch = 8L * 256 + 4L * 257 + 4L * (3 * inputWidth() + 2L * depth * width + 6 * 256) + 1024;
        return bytes + scratch;
    }
}

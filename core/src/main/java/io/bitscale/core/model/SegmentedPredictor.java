package io.bitscale.core.model;

/**
 * A {@link SymbolPredictor} that codes each block as {@link #segments()} interleaved segments, so
 * that it can predict one byte of every segment at once (one batched forward pass of a network
 * instead of one pass per byte).
 *
 * <pre>{@code
 * // the loop the coder runs (PredictiveCoder does this for every SegmentedPredictor):
 * SegmentedPredictor model = (SegmentedPredictor) factory.create();
 * byte[] block = data;
 * int length = block.length;
 * model.beginBlock(length);
 * for (int round = 0; round < SegmentedPredictor.rounds(length, model.segments()); round++) {
 *     for (int s = 0; s < SegmentedPredictor.active(length, model.segments(), round); s++) {
 *         int i = SegmentedPredictor.start(length, model.segments(), s) + round;
 *         model.update(coder.codeSymbol(model.cdf(), 256, block[i] & 0xFF));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Layout.</b> A block of {@code L} bytes is cut into {@code B = segments()} contiguous
 * segments, the first {@code L mod B} of {@code ⌊L/B⌋ + 1} bytes and the rest of {@code ⌊L/B⌋}
 * (so a block shorter than {@code B} has empty segments at the end). Round {@code t} codes byte
 * {@code t} of every segment that is longer than {@code t}: those are always segments
 * {@code 0..active-1}.
 *
 * <p><b>Call protocol.</b> For every block the loop calls {@link #beginBlock(int)} once, then for
 * every round and every active segment, in increasing segment order, {@link #cdf()} once and
 * {@link #update(int)} once, exactly as for a plain {@code SymbolPredictor}: the predictor follows
 * the layout to know which segment each call is for. With {@code segments() == 1} the calls are
 * those of the plain loop, byte after byte, so a predictor must then give the same probabilities
 * whether or not {@code beginBlock} is called.
 */
public interface SegmentedPredictor extends SymbolPredictor {

    /** Segments per block, at least 1; fixed for the predictor's lifetime. */
    int segments();

    /**
     * Announces a block of {@code length} bytes, coded in the interleaved order above.
     *
     * @param length the block's length, at least 1
     * @throws IllegalStateException if the previous block was not coded to its end
     */
    void beginBlock(int length);

    /** Rounds of a block: the length of its first (longest) segment. */
    static int rounds(int length, int segments) {
        return (length + segments - 1) / segments;
    }

    /** Segments coded in round {@code round}: {@code segments} except in the last round of an uneven block. */
    static int active(int length, int segments, int round) {
        return round < length / segments ? segments : length % segments;
    }

    /** Offset in the block of the first byte of segment {@code segment}. */
    static int start(int length, int segments, int segment) {
        return segment * (length / segments) + Math.min(segment, length % segments);
    }
}

package io.bitscale.core.model;

/**
 * A {@link BitPredictor} that can state, without changing its state, the probability it gives
 * every one of the 256 possible next bytes: the product of the eight {@code p1()} values it would
 * return along each byte's path. Optional; a surprise map uses it to list the most probable
 * alternatives to the byte that occurred ({@code bitscale explain}).
 *
 * <pre>{@code
 * double[] next = new double[256];
 * if (model instanceof ByteLookahead lookahead) {             // model: a BitPredictor at a byte boundary
 *     lookahead.nextByteProbabilities(next);     // next['e'] = P(next byte is 'e')
 * }
 * }</pre>
 *
 * <p>A bit predictor cannot be asked "what if" in general: {@code p1()} and {@code update} move
 * it along one path and may change its tables on the way (hashed slots, adaptive stages). Only a
 * model whose probabilities for the whole next byte can be read from its state implements this,
 * and then exactly: for the byte {@code v} that is coded next, {@code probabilities[v]} equals
 * {@code Π p} of the eight probabilities the coder will be given, up to the rounding of the
 * double products (relative 1e-15).
 *
 * <p><b>Call protocol.</b> Only at a byte boundary: before the first {@code p1()} of a byte
 * (after the eighth {@code update} of the previous one, or on a fresh predictor).
 */
public interface ByteLookahead {

    /**
     * Fills {@code probabilities[0..256)} with the probability of each next byte; they sum to 1
     * up to rounding. Changes nothing the predictor will compute.
     *
     * @throws IllegalStateException if called in the middle of a byte
     */
    void nextByteProbabilities(double[] probabilities);
}

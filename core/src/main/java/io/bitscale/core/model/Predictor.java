package io.bitscale.core.model;

/**
 * A sequential byte model: something that predicts the next byte of a stream from the bytes
 * before it and learns as it goes. A predictor is either a {@link BitPredictor} (one binary
 * decision at a time, most significant bit first) or a {@link SymbolPredictor} (a 256-way
 * distribution per byte); the coder drives either through the same lockstep loop.
 *
 * <p><b>Determinism.</b> A predictor must compute the same probabilities from the same history
 * on every JVM and CPU: integer or fixed-point arithmetic, or floats restricted to
 * {@code + - * /} and {@link StrictMath}; no iteration over hash-ordered collections; no state
 * shared with other instances. The decoder rebuilds the encoder's model from scratch and relies
 * on it bit for bit.
 */
public interface Predictor {

    /** Number of learned parameters (table cells, weights): the N of a scaling law. */
    long parameters();

    /** Heap bytes this instance holds, within 10% (the memory axis of scaling plots). */
    long memoryBytes();
}

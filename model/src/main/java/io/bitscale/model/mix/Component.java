package io.bitscale.model.mix;

/**
 * A model that contributes inputs to a {@link Mixture}'s mixer rather than a finished
 * probability. Components see the shared {@link ByteHistory}.
 *
 * <p>Call protocol per bit: {@link #predict(int[], int)} writes {@link #inputCount()} values in
 * the stretch domain ({@code [-2047, 2047]}, positive favours a 1) starting at the offset; then,
 * after the mixture has advanced the history by the coded bit, {@link #update(int)} learns it.
 */
public interface Component {

    /** Number of mixer inputs written per bit. */
    int inputCount();

    /** Writes this component's inputs for the next bit. */
    void predict(int[] inputs, int offset);

    /**
     * Learns the coded bit; the shared history already includes it.
     *
     * @param bit 0 or 1
     */
    void update(int bit);

    /** Learned parameters (table cells). */
    long parameters();

    /** Heap bytes held. */
    long memoryBytes();

    /**
     * A hint for choosing mixer weights: how confident the component is that the next byte is
     * predictable, in {@code [0, 15]}, or -1 if it has no opinion (match models report their
     * match length, context models their highest known order).
     */
    default int confidence() {
        return -1;
    }

    /** Builds components over a given history; states its size before allocating. */
    interface Factory {
        /** What the component is, for size reports: its spec. */
        default String name() {
            return "component";
        }

        /**
         * Rough operations per coded byte: predicting and updating eight bits (see
         * {@link io.bitscale.core.model.PredictorFactory#operationsPerByte()}); -1 if not stated.
         */
        default long operationsPerByte() {
            return -1;
        }

        /** Mixer inputs of each component built. */
        int inputCount();

        /** Learned parameters of one component. */
        long parameters();

        /** Heap bytes of one component. */
        long memoryBytes();

        /** A fresh component reading {@code history}. */
        Component create(ByteHistory history);
    }
}

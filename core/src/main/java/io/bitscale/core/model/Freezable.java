package io.bitscale.core.model;

/**
 * A predictor that can stop learning: the optional half of the model SPI that a frozen held-out
 * evaluation needs (train on D bytes, freeze, code a test split that teaches the model nothing).
 *
 * <pre>{@code
 * Predictor model = factory.create();
 * PredictiveCoder.of(model).learn(data, 0, data.length);     // train on D bytes
 * if (model instanceof Freezable frozen) {
 *     frozen.freeze();          // from here on, update() only moves the context forward
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> After {@link #freeze()}, the call protocol is unchanged ({@code p1}/
 * {@code update} or {@code cdf}/{@code update}), but {@code update} changes no learned
 * parameter: counts, bit histories, table slots, mixer and SSE weights, network weights and
 * indexes of earlier text stay as they were. It still advances what a prediction is conditioned
 * on (the previous bytes, the position in the byte, a recurrent state), because that is input,
 * not learning. So a frozen model's probability for a byte depends only on its training and on
 * the bytes before it, never on which test bytes it has coded. Freezing is one-way and
 * idempotent; the decoder must freeze at the same byte as the encoder.
 */
public interface Freezable {

    /**
     * Stops learning, as the class comment defines.
     *
     * @throws UnsupportedOperationException if a part of the model cannot freeze (the message
     *                                       names it); such a model must not be used for a frozen
     *                                       evaluation
     */
    void freeze();
}

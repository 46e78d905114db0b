package io.bitscale.core.model;

/**
 * A predictor that can return to the state its factory created it in, keeping its memory: the
 * optional half of the model SPI that lets block-parallel coding reuse one model per thread
 * instead of allocating (and page-faulting) a fresh one for every block.
 *
 * <pre>{@code
 * Predictor model = factory.create();
 * PredictiveCoder.of(model).learn(data, 0, data.length);      // one block
 * if (model instanceof Restartable restartable) {
 *     restartable.restart();    // now indistinguishable from factory.create()
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> After {@link #restart()}, every probability the predictor gives for any
 * sequence of bytes is bit for bit what a model fresh from the same factory would give: every
 * table, weight, count, history and position is back at its initial value, and a frozen model
 * learns again. Streams do not record whether a model was restarted or created, so an
 * implementation that forgets one field makes the output depend on the thread count; the
 * stream tests code the same input on 1, 2 and 3 threads and compare the bytes.
 */
public interface Restartable {

    /** Returns this predictor to its initial state, as the class comment defines. */
    void restart();
}

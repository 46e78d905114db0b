package io.bitscale.core.stream;

import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.Restartable;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Models for the blocks of one stream: a block takes a model, codes, and gives it back, so N
 * threads hold N models however many blocks the input has. A returned model is handed out again
 * only if it is {@link Restartable} (restarted first, so it is indistinguishable from a new one);
 * other models are dropped and the next block gets a fresh one from the factory.
 */
final class ModelPool {

    private final PredictorFactory factory;
    private final ConcurrentLinkedQueue<Predictor> idle = new ConcurrentLinkedQueue<>();

    ModelPool(PredictorFactory factory) {
        this.factory = factory;
    }

    /** A model in its initial state: a restarted idle one, or a new one. */
    Predictor take() {
        Predictor model = idle.poll();
        if (model == null) {
            return factory.create();
        }
        ((Restartable) model).restart();
        return model;
    }

    /** Gives a model back after its block; kept only if it can restart. */
    void give(Predictor model) {
        if (model instanceof Restartable) {
            idle.add(model);
        }
    }
}

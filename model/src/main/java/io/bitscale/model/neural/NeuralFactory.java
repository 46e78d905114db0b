package io.bitscale.model.neural;

import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;

import java.util.function.Supplier;

/**
 * The factory of a neural model: besides the parameters and heap bytes every factory states, it
 * states the compute a model needs, {@link #flopsPerByte()}, before anything is allocated, so a
 * caller can refuse a spec that would take too long (the decoder's CPU bound).
 *
 * <pre>{@code
 * NeuralFactory factory = (NeuralFactory) Models.factory("transformer(layers=4,d=128)");
 * long inputBytes = 1 << 20;
 * long budget = 1L << 40;
 * if (factory.flopsPerByte() * inputBytes > budget) {
 *     throw new IllegalArgumentException("about " + factory.flopsPerByte() * inputBytes + " FLOPs: too slow");
 * }
 * }</pre>
 */
public final class NeuralFactory implements PredictorFactory {

    private final String spec;
    private final long parameters;
    private final long memoryBytes;
    private final long flopsPerByte;
    private final Supplier<? extends Predictor> constructor;

    NeuralFactory(String spec, long parameters, long memoryBytes, long flopsPerByte,
                  Supplier<? extends Predictor> constructor) {
        this.spec = spec;
        this.parameters = parameters;
        this.memoryBytes = memoryBytes;
        this.flopsPerByte = flopsPerByte;
        this.constructor = constructor;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public long parameters() {
        return parameters;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    /**
     * Floating-point operations per coded byte, known from the spec: the forward pass over one
     * position (full context window), plus the training step's share when the model learns while
     * coding (a backward pass counted as two forward passes). Products count two operations per
     * multiply-add; exponentials and the coder are not counted.
     */
    public long flopsPerByte() {
        return flopsPerByte;
    }

    /** The same count as {@link #flopsPerByte()}: the work bound a decoder checks before building the model. */
    @Override
    public long operationsPerByte() {
        return flopsPerByte;
    }

    @Override
    public Predictor create() {
        return constructor.get();
    }

    @Override
    public String toString() {
        return spec;
    }
}

package io.bitscale.model.mix;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Freezable;

/**
 * Lets any {@link BitPredictor} (for example {@code order2}, or a byte model through
 * {@link io.bitscale.core.model.SymbolBits}) take part in a mixture: its one input is
 * {@code stretch(p1)}. The wrapped predictor keeps its own position; the mixture calls it once
 * per bit like a coder would.
 */
public final class PredictorComponent implements Component, Freezable {

    /** Heap bytes of the wrapping (this object and a byte-to-bit adapter), on top of the model's. */
    public static final long OVERHEAD_BYTES = 48;

    private final BitPredictor predictor;
    private final long modelBytes;

    /**
     * Wraps a predictor that no one else drives.
     *
     * @param predictor  the predictor (a byte model already adapted with SymbolBits)
     * @param modelBytes the heap bytes its factory stated for the model itself
     */
    public PredictorComponent(BitPredictor predictor, long modelBytes) {
        this.predictor = predictor;
        this.modelBytes = modelBytes;
    }

    @Override
    public int inputCount() {
        return 1;
    }

    @Override
    public void predict(int[] inputs, int offset) {
        inputs[offset] = Logistic.stretch(predictor.p1() >>> 4);
    }

    @Override
    public void update(int bit) {
        predictor.update(bit);
    }

    /**
     * Freezes the wrapped predictor.
     *
     * @throws UnsupportedOperationException if it is not {@link Freezable}
     */
    @Override
    public void freeze() {
        if (!(predictor instanceof Freezable frozen)) {
            throw new UnsupportedOperationException(predictor.getClass().getName() + " cannot freeze");
        }
        frozen.freeze();
    }

    @Override
    public long parameters() {
        return predictor.parameters();
    }

    @Override
    public long memoryBytes() {
        return modelBytes + OVERHEAD_BYTES;
    }
}

package io.bitscale.model.neural;

import io.bitscale.core.model.Freezable;
import io.bitscale.core.model.SymbolPredictor;

import java.util.List;

/**
 * A neural byte model whose learned state is a fixed list of {@link Tensor}s: what a
 * {@link Snapshot} saves and loads. Every neural predictor of this package is one: the per-byte
 * {@link NeuralPredictor}s ({@code mlp}, {@code gru}) and the batched networks that code
 * interleaved segments ({@code mlp(impl=batched)}, {@code transformer}).
 *
 * <p>Two models built from the same spec have the same tensors (names, shapes, order), so the
 * weights of one can be loaded into the other.
 *
 * <p>Every one can {@link #freeze()}: no more training steps, so its tensors and optimizer state
 * stay as they are, while its context (previous bytes, recurrent state, cached keys and values)
 * still advances; {@link #adapts()} is then false.
 */
public interface NeuralModel extends SymbolPredictor, Freezable {

    /** The learned tensors, in a fixed order (the order a snapshot stores them). */
    List<Tensor> tensors();

    /** Whether the model learns from the bytes it codes. */
    boolean adapts();
}

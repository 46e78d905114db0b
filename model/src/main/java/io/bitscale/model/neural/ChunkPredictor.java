package io.bitscale.model.neural;

import io.bitscale.core.model.SymbolPredictor;

/**
 * A frozen predictor that can compute the distributions of a whole chunk in one batched causal
 * pass when the bytes are known in advance (by an encoder, or to measure bits per byte), then
 * serve them through the usual {@link #cdf()} / {@link #update(int)} calls. A decoder, which
 * does not know the bytes, calls neither {@link #prepare} nor anything else new: it gets exactly
 * the same tables one byte at a time.
 *
 * <pre>{@code
 * byte[] chunk = data;
 * ChunkPredictor model = (ChunkPredictor) SnapshotFactory.of(snapshot, false).create();
 * if (model.canPrepare()) {                       // frozen, one segment (the trainer's snapshots)
 *     model.prepare(chunk, 0, chunk.length);      // one pass, all threads
 * }
 * PredictiveCoder.of(model).codeBlock(encoder, chunk, 0, chunk.length);
 * }</pre>
 */
public interface ChunkPredictor extends SymbolPredictor {

    /** Whether {@link #prepare} is possible now: the model is frozen, codes one segment and has coded nothing yet. */
    boolean canPrepare();

    /**
     * Computes the tables of the next {@code length} bytes, which must then be coded exactly as
     * given; after them the predictor continues one byte at a time as if it had coded them so.
     *
     * @throws IllegalStateException if {@link #canPrepare()} is false
     */
    void prepare(byte[] data, int offset, int length);
}

package io.bitscale.core.model;

/**
 * Makes fresh, identical predictors for one model configuration, and states their cost before
 * any of them is allocated, so a decoder can refuse a stream whose model would exceed its
 * memory limit.
 *
 * <p>Two predictors from the same factory, fed the same history, produce the same
 * probabilities: that is what lets the decoder rebuild the encoder's model.
 */
public interface PredictorFactory {

    /**
     * The canonical spec of this model, stored in the stream header, from which a
     * {@link ModelResolver} recreates this factory (for example {@code order2}).
     */
    String spec();

    /** Learned parameters of one predictor, known before it is built. */
    long parameters();

    /** Heap bytes of one predictor, known before it is built (upper bound within 10%). */
    long memoryBytes();

    /**
     * Arithmetic operations one predictor spends per coded byte (predicting and learning), known
     * before it is built: the compute axis of scaling plots, and what lets a reader refuse a
     * stream whose model would take hours to decode. A rough count of multiply-adds, table
     * lookups and updates is enough; it need not be exact. {@code -1} when not stated (a reader
     * then cannot bound the work of such a stream).
     */
    default long operationsPerByte() {
        return -1;
    }

    /**
     * Where the size is: the model's parts, whose parameters and memory add up to
     * {@link #parameters()} and {@link #memoryBytes()}. By default the model is one part.
     */
    default java.util.List<ModelPart> parts() {
        return java.util.List.of(new ModelPart(spec(), parameters(), memoryBytes(), operationsPerByte()));
    }

    /** A predictor in its initial state. */
    Predictor create();

    /**
     * SHA-256 of the pretrained snapshot this model starts from, or {@code null} for a model
     * that starts from scratch. Stored in the stream header; a decoder whose factory reports a
     * different digest refuses the stream.
     */
    default byte[] snapshotSha256() {
        return null;
    }
}

package io.bitscale.scaling.sweep;

import io.bitscale.model.neural.SequenceTrainer;

import java.util.Locale;

/**
 * How the {@value SweepConfig#PRETRAINED} protocol trains a cell's model on its D bytes before
 * freezing it: minibatches of windows ({@link SequenceTrainer}), the last
 * {@code validationFraction} of the D bytes held out for early stopping, the best weights kept.
 * The frozen model then codes the test split as independent chunks of {@code chunkBytes}, each
 * from an empty context (the protocol of Delétang et al.), so a cell's bpb is the mean over
 * chunks of what a file of that chunk would cost the model.
 *
 * <p>Written in a sweep config as {@code pretraining: {contextBytes: 256, batchSequences: 16, ...}};
 * every key is optional and takes the value of {@link #DEFAULTS}. The options are part of each
 * pretrained cell's id ({@link #describe()}), so changing one measures the cell again.
 *
 * @param contextBytes       bytes per training window
 * @param batchSequences     windows per optimizer step
 * @param warmupSteps        steps of linear warm-up before the cosine decay (when the spec sets no schedule)
 * @param validationFraction share of the D bytes held out at their end, in (0, 0.5]
 * @param maxValidationBytes at most this many held-out bytes are scored per validation
 * @param evaluateEveryBytes training bytes between validations (rounded to whole steps, at least one)
 * @param patience           validations without improvement before training stops
 * @param chunkBytes         the test split (and each validation) is coded in independent chunks of this size
 * @param seed               the order of the training windows
 */
public record Pretraining(int contextBytes, int batchSequences, long warmupSteps, double validationFraction,
                          long maxValidationBytes, long evaluateEveryBytes, int patience, int chunkBytes, long seed) {

    /**
     * Windows of 256 bytes, 16 per step, 100 warm-up steps, 5% held out (at most 256 KiB scored),
     * a validation every 2 MiB of training, patience 3, test chunks of 2048 bytes, seed 1: the
     * settings of the one-hour training run (docs/neural.md).
     */
    public static final Pretraining DEFAULTS = new Pretraining(256, 16, 100, 0.05, 1 << 18, 1 << 21, 3, 2048, 1);

    /** Validates. */
    public Pretraining {
        if (contextBytes < 1 || batchSequences < 1 || warmupSteps < 0 || maxValidationBytes < 1
                || evaluateEveryBytes < 1 || patience < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("pretraining options must be positive (warmupSteps >= 0): contextBytes="
                    + contextBytes + " batchSequences=" + batchSequences + " warmupSteps=" + warmupSteps
                    + " maxValidationBytes=" + maxValidationBytes + " evaluateEveryBytes=" + evaluateEveryBytes
                    + " patience=" + patience + " chunkBytes=" + chunkBytes);
        }
        if (!(validationFraction > 0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("pretraining validationFraction " + validationFraction
                    + " outside (0, 0.5]");
        }
    }

    /** The trainer's options: one epoch, no step limit, no gradient accumulation. */
    public SequenceTrainer.Options options() {
        long bytesPerStep = (long) contextBytes * batchSequences;
        long evaluateEvery = Math.max(1, evaluateEveryBytes / bytesPerStep);
        return new SequenceTrainer.Options(contextBytes, batchSequences, 1, 1, 0, warmupSteps, validationFraction,
                maxValidationBytes, chunkBytes, evaluateEvery, patience, seed);
    }

    /** A canonical one-line form, part of a pretrained cell's id. */
    public String describe() {
        return String.format(Locale.ROOT, "context=%d,batch=%d,warmup=%d,validation=%s,maxValidation=%d,"
                        + "evaluateEvery=%d,patience=%d,chunk=%d,seed=%d", contextBytes, batchSequences, warmupSteps,
                Double.toString(validationFraction), maxValidationBytes, evaluateEveryBytes, patience, chunkBytes, seed);
    }
}

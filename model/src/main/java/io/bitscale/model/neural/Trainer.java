package io.bitscale.model.neural;

import io.bitscale.model.spec.Spec;

import java.util.List;

/**
 * Pretrains a neural model on a byte sequence: the last part is held out for validation, the
 * rest is read in order, one training step per byte (batch size 1, as when coding online), with
 * the byte history cleared at every chunk boundary so that the model learns to predict from a
 * cold start, as it will be evaluated. Every {@code evaluateEveryBytes} and at the end of each
 * epoch the current weights are scored on the validation part, in independent chunks, frozen;
 * the best weights are kept, and training stops early after {@code patience} evaluations
 * without improvement.
 *
 * <pre>{@code
 * Trainer.Result result = Trainer.train("mlp(width=128)", data, Trainer.Options.DEFAULTS, Trainer.Listener.NONE);
 * Snapshot.of("mlp(width=128)", result.model(), Snapshot.Quantization.INT8, Sha256.of(data), data.length)
 *         .write(Path.of("model.bsm"));
 * }</pre>
 */
public final class Trainer {

    /**
     * @param validationFraction share of the data held out at its end, (0, 0.5]
     * @param maxValidationBytes at most this many held-out bytes are scored
     * @param epochs             passes over the training part, at least 1
     * @param evaluateEveryBytes training bytes between validations
     * @param patience           validations without improvement before stopping, at least 1
     * @param chunkBytes         the byte history is cleared every this many bytes, in training and
     *                           validation; 0 = never
     */
    public record Options(double validationFraction, long maxValidationBytes, int epochs, long evaluateEveryBytes,
                          int patience, int chunkBytes) {

        /** 5% held out (at most 1 MiB), one epoch, validation every MiB, patience 3, 2048-byte chunks. */
        public static final Options DEFAULTS = new Options(0.05, 1 << 20, 1, 1 << 20, 3, 2048);

        /** Validates. */
        public Options {
            if (!(validationFraction > 0 && validationFraction <= 0.5)) {
                throw new IllegalArgumentException("validation fraction " + validationFraction + " outside (0, 0.5]");
            }
            if (maxValidationBytes < 1 || epochs < 1 || evaluateEveryBytes < 1 || patience < 1 || chunkBytes < 0) {
                throw new IllegalArgumentException("validation bytes, epochs, evaluation interval and patience must be "
                        + "positive, chunk bytes >= 0");
            }
        }
    }

    /** Receives progress. */
    public interface Listener {
        /** Prints nothing. */
        Listener NONE = new Listener() { };

        /** After every {@code progressBytes} training bytes. */
        default void progress(long trainedBytes, long totalBytes) {
        }

        /**
         * After a validation.
         *
         * @param trainBpb      mean loss of the training bytes since the previous validation
         * @param validationBpb mean loss on the validation part
         * @param best          whether these weights are the best so far
         */
        default void evaluated(int epoch, long trainedBytes, double trainBpb, double validationBpb, boolean best) {
        }
    }

    /**
     * What training produced.
     *
     * @param model           the best weights, in a model that adapts as its spec says
     * @param validationBpb   validation loss of those weights, bits per byte
     * @param trainedBytes    training steps taken
     * @param trainingBytes   length of the training part
     * @param validationBytes length of the validation part scored
     * @param stoppedEarly    whether patience ran out
     */
    public record Result(NeuralPredictor model, double validationBpb, long trainedBytes, long trainingBytes,
                         long validationBytes, boolean stoppedEarly) {
    }

    private Trainer() {
    }

    /**
     * Trains the model {@code spec} names on {@code data}.
     *
     * @throws IllegalArgumentException if the spec is not a neural model or the data is too short
     *                                  to hold out a validation part
     */
    public static Result train(String spec, byte[] data, Options options, Listener listener) {
        Spec parsed = Spec.parse(spec);
        NeuralPredictor model = NeuralSpecs.predictor(NeuralSpecs.with(parsed, "adapt", 1));
        NeuralPredictor validator = NeuralSpecs.predictor(NeuralSpecs.with(parsed, "adapt", 0));
        long held = Math.max(1, Math.round(data.length * options.validationFraction()));
        int trainingBytes = (int) (data.length - held);
        int validationStart = trainingBytes;
        int validationBytes = (int) Math.min(held, options.maxValidationBytes());
        if (trainingBytes < 1) {
            throw new IllegalArgumentException("need at least 2 bytes of data to train and validate, got " + data.length);
        }
        List<Tensor> tensors = model.tensors();
        float[][] best = snapshotValues(tensors);
        double bestBpb = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        long trained = 0;
        double lossBits = 0;
        long lossBytes = 0;
        boolean stopped = false;
        int chunk = options.chunkBytes();
        long nextEvaluation = options.evaluateEveryBytes();
        long total = (long) trainingBytes * options.epochs();
        epochs:
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            model.resetContext();
            for (int i = 0; i < trainingBytes; i++) {
                if (chunk > 0 && i % chunk == 0) {
                    model.resetContext();
                }
                lossBits += model.train(data[i] & 0xFF);
                lossBytes++;
                trained++;
                if ((trained & 0xFFFF) == 0) {
                    listener.progress(trained, total);
                }
                boolean endOfEpoch = i == trainingBytes - 1;
                if (trained >= nextEvaluation || endOfEpoch) {
                    nextEvaluation = trained + options.evaluateEveryBytes();
                    double bpb = validate(model, validator, data, validationStart, validationBytes, chunk);
                    boolean improved = bpb < bestBpb;
                    if (improved) {
                        bestBpb = bpb;
                        best = snapshotValues(tensors);
                        sinceBest = 0;
                    } else {
                        sinceBest++;
                    }
                    listener.evaluated(epoch, trained, lossBits / lossBytes, bpb, improved);
                    lossBits = 0;
                    lossBytes = 0;
                    if (sinceBest >= options.patience()) {
                        stopped = true;
                        break epochs;
                    }
                }
            }
        }
        NeuralPredictor result = NeuralSpecs.predictor(parsed);
        List<Tensor> target = result.tensors();
        for (int t = 0; t < target.size(); t++) {
            target.get(t).load(best[t]);
        }
        return new Result(result, bestBpb, trained, trainingBytes, validationBytes, stopped);
    }

    /** Scores the current weights, frozen, on the validation bytes in independent chunks. */
    private static double validate(NeuralPredictor model, NeuralPredictor validator, byte[] data, int start, int length,
                                   int chunk) {
        List<Tensor> from = model.tensors();
        List<Tensor> to = validator.tensors();
        for (int t = 0; t < from.size(); t++) {
            to.get(t).load(from.get(t).copyValues());
        }
        validator.resetContext();
        double bits = 0;
        for (int i = 0; i < length; i++) {
            if (chunk > 0 && i % chunk == 0) {
                validator.resetContext();
            }
            bits += validator.score(data[start + i] & 0xFF);
        }
        return bits / length;
    }

    private static float[][] snapshotValues(List<Tensor> tensors) {
        float[][] values = new float[tensors.size()][];
        for (int t = 0; t < tensors.size(); t++) {
            values[t] = tensors.get(t).copyValues();
        }
        return values;
    }
}

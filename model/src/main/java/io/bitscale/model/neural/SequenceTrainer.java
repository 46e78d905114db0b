package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import io.bitscale.model.neural.tensor.Workers;
import io.bitscale.model.spec.Spec;

import java.util.Arrays;
import java.util.List;

/**
 * Pretrains a {@code transformer} on minibatches of sequences: the data's last part is held out;
 * the rest is cut into windows of {@code contextBytes} bytes, shuffled every epoch (seeded), and
 * read {@code batchSequences} windows at a time; {@code accumulation} such batches make one
 * optimizer step (their gradients add up). Each window is a cold start: its first input is the
 * start symbol, as in the evaluation of independent chunks. Unless the spec sets {@code sched},
 * the rate warms up linearly over {@link Options#warmupSteps()} and then follows half a cosine
 * down to a tenth over the remaining steps (the spec records it). Every
 * {@link Options#evaluateEverySteps()} steps and at the end, the weights are scored frozen on
 * held-out chunks of {@link Options#validationChunkBytes()} bytes (each from an empty context,
 * the sliding-window attention of the spec's {@code ctx}); the best weights are kept and training
 * stops after {@link Options#patience()} evaluations without improvement. The result's spec has
 * {@code segments=1} unless the spec sets it: frozen coding then takes each chunk as one sequence.
 *
 * <pre>{@code
 * SequenceTrainer.Result result = SequenceTrainer.train("transformer(layers=4,d=128,heads=4,ctx=128)", data,
 *         SequenceTrainer.Options.DEFAULTS, SequenceTrainer.Listener.NONE, Workers.shared());
 * Snapshot.of(result.spec(), result.model(), Snapshot.Quantization.FLOAT32, Sha256.of(data), data.length).write(path);
 * }</pre>
 *
 * <p><b>Determinism.</b> The window order comes from the seed, every product and sum has a fixed
 * order (see {@link io.bitscale.model.neural.tensor}), so two runs with the same data, spec and
 * options give identical weights, on any number of threads and any JVM.
 */
public final class SequenceTrainer {

    /**
     * @param contextBytes         bytes per training window (the sequence length)
     * @param batchSequences       windows per batch
     * @param accumulation         batches per optimizer step
     * @param epochs               passes over the training part
     * @param maxSteps             stop after this many steps (0 = no limit)
     * @param warmupSteps          linear warm-up (when the spec sets no schedule)
     * @param validationFraction   share of the data held out at its end, (0, 0.5]
     * @param maxValidationBytes   at most this many held-out bytes are scored
     * @param validationChunkBytes the held-out bytes are scored in independent chunks of this size
     * @param evaluateEverySteps   steps between validations
     * @param patience             validations without improvement before stopping
     * @param seed                 the window order
     */
    public record Options(int contextBytes, int batchSequences, int accumulation, int epochs, long maxSteps,
                          long warmupSteps, double validationFraction, long maxValidationBytes, int validationChunkBytes,
                          long evaluateEverySteps, int patience, long seed) {

        /** 128-byte windows, 32 per batch, no accumulation, one epoch, 5% held out (at most 256 KiB, in 2048-byte chunks). */
        public static final Options DEFAULTS = new Options(128, 32, 1, 1, 0, 200, 0.05, 1 << 18, 2048, 500, 3, 1);

        /** Validates. */
        public Options {
            if (contextBytes < 1 || batchSequences < 1 || accumulation < 1 || epochs < 1 || maxSteps < 0
                    || warmupSteps < 0 || maxValidationBytes < 1 || validationChunkBytes < 1 || evaluateEverySteps < 1
                    || patience < 1) {
                throw new IllegalArgumentException("training options must be positive: " + this);
            }
            if (!(validationFraction > 0 && validationFraction <= 0.5)) {
                throw new IllegalArgumentException("validation fraction " + validationFraction + " outside (0, 0.5]");
            }
        }
    }

    /**
     * Where training stands, for a progress bar.
     *
     * @param step            optimizer steps taken
     * @param steps           steps planned
     * @param trainedBytes    bytes (positions) trained on so far
     * @param bytesPerSecond  training throughput since the start, wall clock
     * @param etaSeconds      estimated seconds to the last planned step
     * @param trainBpb        mean loss of the steps since the previous report, bits per byte
     * @param learningRate    the rate of the last step
     */
    public record Progress(long step, long steps, long trainedBytes, double bytesPerSecond, double etaSeconds,
                           double trainBpb, double learningRate) {
    }

    /** Receives progress. */
    public interface Listener {
        /** Prints nothing. */
        Listener NONE = new Listener() { };

        /** After every step. */
        default void progress(Progress progress) {
        }

        /** After a validation. */
        default void evaluated(long step, double trainBpb, double validationBpb, boolean best) {
        }

        /**
         * After a validation that improved on every earlier one: {@code best} builds the frozen
         * model of the weights just validated (a copy, built only when called), e.g. to write a
         * snapshot while training goes on.
         */
        default void improved(long step, double validationBpb, java.util.function.Supplier<NeuralModel> best) {
        }
    }

    /**
     * What training produced.
     *
     * @param spec            the spec with the schedule that was used written in (what a snapshot stores)
     * @param model           the best weights, frozen ({@code adapt=0}, one segment)
     * @param validationBpb   validation loss of those weights
     * @param steps           optimizer steps taken
     * @param trainedBytes    positions trained on
     * @param trainingBytes   length of the training part
     * @param validationBytes held-out bytes scored
     * @param stoppedEarly    whether patience ran out
     */
    public record Result(String spec, NeuralModel model, double validationBpb, long steps, long trainedBytes,
                         long trainingBytes, long validationBytes, boolean stoppedEarly) {
    }

    private SequenceTrainer() {
    }

    /**
     * Trains the transformer {@code spec} names on {@code data}.
     *
     * @throws IllegalArgumentException if the spec is not a transformer or the data holds no training window
     */
    public static Result train(String spec, byte[] data, Options options, Listener listener, Workers workers) {
        Spec parsed = Spec.parse(spec);
        if (!parsed.name().equals("transformer")) {
            throw new IllegalArgumentException("SequenceTrainer trains transformers, not '" + parsed.name() + "'");
        }
        int length = options.contextBytes();
        long held = Math.max(1, Math.round(data.length * options.validationFraction()));
        int trainingBytes = (int) (data.length - held);
        int windows = trainingBytes / length;
        int perStep = options.batchSequences() * options.accumulation();
        if (windows < perStep) {
            throw new IllegalArgumentException(trainingBytes + " training bytes hold " + windows + " windows of " + length
                    + ", a step needs " + perStep);
        }
        long steps = (long) options.epochs() * (windows / perStep);
        if (options.maxSteps() > 0) {
            steps = Math.min(steps, options.maxSteps());
        }
        if (!NeuralSpecs.has(parsed, "segments")) {
            // A pretrained model is mostly coded frozen, a chunk at a time: one sequence per chunk.
            parsed = NeuralSpecs.with(parsed, "segments", 1);
        }
        if (!NeuralSpecs.has(parsed, "sched")) {
            long warm = Math.min(options.warmupSteps(), steps / 2);
            parsed = NeuralSpecs.with(NeuralSpecs.with(NeuralSpecs.with(parsed, "sched", "cosine"), "warm", warm), "tau",
                    Math.max(1, steps - warm));
        }
        Spec learning = NeuralSpecs.with(NeuralSpecs.with(parsed, "adapt", 1), "segments", 1);
        TransformerConfig config = NeuralSpecs.transformer(learning);
        TransformerNetwork network = new TransformerNetwork(config, workers);
        Optimizer optimizer = new Optimizer(config.optimizer());
        for (Tensor t : network.tensors) {
            optimizer.attach(t);
        }
        int rows = options.batchSequences() * length;
        TransformerNetwork.Activations activations = new TransformerNetwork.Activations(config,
                options.batchSequences(), length, true);
        TransformerNetwork.Training training = new TransformerNetwork.Training(network, rows, length);
        int validationStart = trainingBytes;
        int validationBytes = (int) Math.min(held, options.maxValidationBytes());

        int[] order = new int[windows];
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        float[] weights = new float[rows];
        Arrays.fill(weights, 1f / ((float) rows * options.accumulation()));
        float[][] best = copy(network.tensors);
        double bestBpb = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        boolean stopped = false;
        long step = 0;
        long trained = 0;
        double lossBits = 0;
        long lossBytes = 0;
        double reportBits = 0;
        long reportBytes = 0;
        long start = System.nanoTime();
        int cursor = windows;
        int epoch = 0;
        while (step < steps) {
            network.zeroGradients(training);
            network.transposeWeights(training);
            for (int a = 0; a < options.accumulation(); a++) {
                for (int s = 0; s < options.batchSequences(); s++) {
                    if (cursor == windows) {
                        shuffle(order, options.seed() + epoch++);
                        cursor = 0;
                    }
                    int offset = order[cursor++] * length;
                    int base = s * length;
                    for (int i = 0; i < length; i++) {
                        targets[base + i] = data[offset + i] & 0xFF;
                        inputs[base + i] = i == 0 ? TransformerConfig.START : data[offset + i - 1] & 0xFF;
                    }
                }
                forwardSequences(network, options.batchSequences(), length, inputs, activations, training);
                double bits = network.lossAndGradient(rows, targets, weights, activations);
                network.backward(options.batchSequences(), length, inputs, activations, training);
                lossBits += bits;
                reportBits += bits;
                lossBytes += rows;
                reportBytes += rows;
                trained += rows;
            }
            network.step(optimizer, training);
            step++;
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.progress(new Progress(step, steps, trained, trained / seconds, seconds / step * (steps - step),
                    reportBits / reportBytes, config.optimizer().rateAt(step)));
            reportBits = 0;
            reportBytes = 0;
            if (step % options.evaluateEverySteps() == 0 || step == steps) {
                double bpb = validate(network, data, validationStart, validationBytes, options.validationChunkBytes());
                boolean improved = bpb < bestBpb;
                if (improved) {
                    bestBpb = bpb;
                    best = copy(network.tensors);
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                listener.evaluated(step, lossBits / lossBytes, bpb, improved);
                if (improved) {
                    float[][] weightsNow = best;
                    Spec current = parsed;
                    listener.improved(step, bpb, () -> frozen(current, weightsNow, workers));
                }
                lossBits = 0;
                lossBytes = 0;
                if (sinceBest >= options.patience()) {
                    stopped = true;
                    break;
                }
            }
        }
        return new Result(parsed.toString(), frozen(parsed, best, workers), bestBpb, step, trained, trainingBytes,
                validationBytes, stopped);
    }

    /** The frozen one-segment transformer of {@code spec} holding {@code weights}. */
    private static NeuralModel frozen(Spec spec, float[][] weights, Workers workers) {
        Spec frozen = NeuralSpecs.with(NeuralSpecs.with(spec, "adapt", 0), "segments", 1);
        NeuralModel model = new TransformerPredictor(NeuralSpecs.transformer(frozen), workers);
        List<Tensor> target = model.tensors();
        for (int t = 0; t < target.size(); t++) {
            target.get(t).load(weights[t]);
        }
        return model;
    }

    private static void forwardSequences(TransformerNetwork network, int sequences, int length, int[] inputs,
                                         TransformerNetwork.Activations a, TransformerNetwork.Training t) {
        network.forward(sequences * length, inputs, a, (layer, rows, q, k, v, out) -> network.attention.forward(
                network.workers, q, k, v, sequences, length, out, a.probabilities[layer], t.attentionScratch));
    }

    /**
     * Frozen loss on {@code length} bytes from {@code start}, in independent chunks of
     * {@code chunkBytes}, several chunks per batched pass.
     *
     * @return bits per byte
     */
    static double validate(TransformerNetwork network, byte[] data, int start, int length, int chunkBytes) {
        int chunk = Math.min(chunkBytes, length);
        int perPass = Math.max(1, Math.min(4, (1 << 13) / chunk));
        TransformerNetwork.Activations a = new TransformerNetwork.Activations(network.config, perPass, chunk, false);
        var scratch = network.attention.new Scratch(network.workers.threads(), chunk, false);
        int[] inputs = new int[perPass * chunk];
        int[] targets = new int[perPass * chunk];
        float[] weights = new float[perPass * chunk];
        double bits = 0;
        long counted = 0;
        int chunks = (length + chunk - 1) / chunk;
        for (int c0 = 0; c0 < chunks; c0 += perPass) {
            int sequences = Math.min(perPass, chunks - c0);
            for (int s = 0; s < sequences; s++) {
                int offset = start + (c0 + s) * chunk;
                int valid = Math.min(chunk, start + length - offset);
                for (int i = 0; i < chunk; i++) {
                    int r = s * chunk + i;
                    boolean real = i < valid;
                    targets[r] = real ? data[offset + i] & 0xFF : 0;
                    inputs[r] = i == 0 || !real ? TransformerConfig.START : data[offset + i - 1] & 0xFF;
                    weights[r] = real ? 1f : 0f;
                    counted += real ? 1 : 0;
                }
            }
            int seqs = sequences;
            network.forward(seqs * chunk, inputs, a, (layer, rows, q, k, v, out) -> network.attention.forward(
                    network.workers, q, k, v, seqs, chunk, out, null, scratch));
            bits += network.lossAndGradient(seqs * chunk, targets, weights, a);
        }
        return bits / counted;
    }

    /** Fisher-Yates with the in-house generator: the same order on every JVM. */
    private static void shuffle(int[] order, long seed) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplitMix64 random = new SplitMix64(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = (int) Long.remainderUnsigned(random.nextLong(), i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static float[][] copy(List<Tensor> tensors) {
        float[][] values = new float[tensors.size()][];
        for (int t = 0; t < tensors.size(); t++) {
            values[t] = tensors.get(t).copyValues();
        }
        return values;
    }
}

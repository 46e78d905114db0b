package io.bitscale.cli;

import io.bitscale.core.io.Sha256;
import io.bitscale.model.neural.NeuralModel;
import io.bitscale.model.neural.NeuralPredictor;
import io.bitscale.model.neural.SequenceTrainer;
import io.bitscale.model.neural.tensor.Workers;
import io.bitscale.model.neural.NeuralSpecs;
import io.bitscale.model.neural.Snapshot;
import io.bitscale.model.neural.Trainer;
import io.bitscale.model.spec.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code bitscale train}: pretrains a neural model and writes a snapshot for {@code --model-file}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain a neural model (mlp, gru, transformer) on files and save a snapshot (.bsm) for "
                + "compress/decompress/eval --model-file.",
                "The data (files concatenated in the order given) is split: the last part is held out for "
                        + "validation, scored frozen in independent chunks; the best weights are kept and training "
                        + "stops early when validation stops improving.",
                "mlp and gru train byte by byte; transformer trains on batches of --context-byte windows "
                        + "(--batch windows per batch, --accumulate batches per AdamW step, linear warm-up then "
                        + "cosine decay, gradient clipping with clip=...), on --threads threads (the snapshot does not "
                        + "depend on it), writing the best weights so far to OUT after every improving validation."},
        footer = {"", "Examples:", "  bitscale train -m 'mlp(width=128)' --data corpus/*.txt --max-bytes 10m -o model.bsm "
                + "--quantize float32,int8",
                "  bitscale train -m 'transformer(layers=4,d=128,heads=4,ctx=64,clip=10000)' --data wiki.txt "
                        + "--context 64 --batch 32 -T 2 --allow-slow-models -o transformer.bsm"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "SPEC", defaultValue = "mlp",
            description = "Neural model spec, mlp(...), gru(...) or transformer(...) (default: ${DEFAULT-VALUE}). "
                    + "Without sched=..., training uses sched=cosine with tau = the planned training (bytes for "
                    + "mlp/gru, steps after --warmup for transformer), recorded in the snapshot's spec.")
    String model;

    @Option(names = "--data", paramLabel = "FILE", arity = "1..*", required = true,
            description = "Training data, concatenated in the order given.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--max-bytes", paramLabel = "N",
            description = "Use only the first N bytes of the data (suffix k, m, g = 2^10, 2^20, 2^30).")
    String maxBytes;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "Snapshot file to write.")
    Path output;

    @Option(names = "--quantize", paramLabel = "Q", split = ",", defaultValue = "float32",
            description = "float32, int8 or int4; several (comma-separated) write OUT for the first and "
                    + "OUT-<q>.bsm for the others (default: ${DEFAULT-VALUE}).")
    List<String> quantize = new ArrayList<>();

    @Option(names = "--validation", paramLabel = "FRACTION", defaultValue = "0.05",
            description = "Share of the data held out at its end (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--max-validation-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Score at most N held-out bytes per validation (default: ${DEFAULT-VALUE}).")
    long maxValidationBytes;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--eval-every", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Training bytes between validations (default: ${DEFAULT-VALUE}).")
    long evaluateEvery;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "Stop after N validations without improvement (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--chunk-bytes", paramLabel = "N", defaultValue = "2048",
            description = "Clear the byte history every N bytes, in training and validation; 0 = never "
                    + "(default: ${DEFAULT-VALUE}, Deletang et al.'s evaluation chunks).")
    int chunkBytes;

    @Option(names = "--context", paramLabel = "BYTES", defaultValue = "128",
            description = "transformer: bytes per training window (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "transformer: windows per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--accumulate", paramLabel = "N", defaultValue = "1",
            description = "transformer: batches whose gradients are summed per optimizer step (default: ${DEFAULT-VALUE}).")
    int accumulate;

    @Option(names = "--warmup", paramLabel = "STEPS", defaultValue = "200",
            description = "transformer: linear warm-up steps before the cosine decay, when the spec sets no sched "
                    + "(default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0",
            description = "transformer: stop after N optimizer steps; 0 = the epochs decide (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "transformer: seed of the window order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-T", "--threads"}, paramLabel = "N",
            description = "transformer: kernel threads (default: one per processor, at most 8).")
    Integer threads;

    @Option(names = "--allow-slow-models", description = WorkBudget.HELP)
    boolean allowSlowModels;

    @Option(names = {"-f", "--force"}, description = "Overwrite output files.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print only the result.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Spec spec = Spec.parse(model);
        if (!NeuralSpecs.isNeural(spec)) {
            throw new UsageException("train needs a neural model spec (mlp(...), gru(...) or transformer(...)), got '"
                    + model + "'");
        }
        // Validates the arguments and the work budget before reading any data.
        WorkBudget.check(Plugins.registry().factory(model), allowSlowModels);
        boolean sequences = spec.name().equals("transformer");
        if (!sequences) {
            NeuralSpecs.predictor(spec);
        }
        List<Snapshot.Quantization> quantizations = new ArrayList<>();
        for (String q : quantize) {
            quantizations.add(Snapshot.Quantization.parse(q.trim()));
        }
        List<Path> targets = new ArrayList<>();
        for (int i = 0; i < quantizations.size(); i++) {
            Path target = i == 0 ? output : derivedName(output, quantizations.get(i));
            if (Files.exists(target) && !force) {
                throw new UsageException(target + " exists; use --force to overwrite it");
            }
            targets.add(target);
        }
        long limit = maxBytes == null ? Integer.MAX_VALUE - 64 : parseSize(maxBytes);
        byte[] bytes = readData(limit);
        byte[] digest = Sha256.of(bytes);
        if (sequences) {
            return trainSequences(spec, bytes, digest, quantizations, targets);
        }
        Trainer.Options options = new Trainer.Options(validation, maxValidationBytes, epochs, evaluateEvery, patience,
                chunkBytes);
        if (!NeuralSpecs.has(spec, "sched")) {
            // A constant rate leaves the weights fitted to the last few hundred KB; a cosine decay
            // over the run averages over all of it (2.69 vs 2.91 bpb held out, docs/neural.md).
            long steps = (bytes.length - Math.max(1, Math.round(bytes.length * validation))) * (long) epochs;
            spec = NeuralSpecs.with(NeuralSpecs.with(spec, "sched", "cosine"), "tau", Math.max(1, steps));
        }
        if (!quiet) {
            System.out.printf(Locale.ROOT, "training %s on %d bytes (sha256 %s), %s parameters%n", spec, bytes.length,
                    HexFormat.of().formatHex(digest), NeuralSpecs.predictor(spec).parameters());
        }
        long start = System.nanoTime();
        Trainer.Result result = Trainer.train(spec.toString(), bytes, options, new Trainer.Listener() {
            @Override
            public void evaluated(int epoch, long trainedBytes, double trainBpb, double validationBpb, boolean best) {
                if (!quiet) {
                    System.out.printf(Locale.ROOT, "epoch %d  %,13d bytes  train %.4f bpb  validation %.4f bpb%s  %.0f s%n",
                            epoch, trainedBytes, trainBpb, validationBpb, best ? " *" : "",
                            (System.nanoTime() - start) / 1e9);
                }
            }
        });
        NeuralPredictor trained = result.model();
        for (int i = 0; i < quantizations.size(); i++) {
            Snapshot snapshot = Snapshot.of(spec.toString(), trained, quantizations.get(i), digest, bytes.length);
            try (Endpoints.Output out = Endpoints.Output.file(targets.get(i), force)) {
                out.stream().write(snapshot.bytes());
                out.commit();
            }
            System.out.printf(Locale.ROOT, "%s: %d bytes (%s), sha256 %s; validation %.4f bpb (float32 weights, "
                            + "%d held-out bytes%s), %d bytes trained%s%n", targets.get(i), snapshot.sizeBytes(),
                    quantizations.get(i).word(), snapshot.sha256Hex(), result.validationBpb(), result.validationBytes(),
                    chunkBytes > 0 ? " in " + chunkBytes + "-byte chunks" : "", result.trainedBytes(),
                    result.stoppedEarly() ? ", stopped early" : "");
        }
        return ExitCode.OK;
    }

    /** The transformer: {@link SequenceTrainer} on batches of windows. */
    private int trainSequences(Spec spec, byte[] bytes, byte[] digest, List<Snapshot.Quantization> quantizations,
                               List<Path> targets) throws Exception {
        long positionsPerStep = (long) context * batch * accumulate;
        SequenceTrainer.Options options;
        try {
            options = new SequenceTrainer.Options(context, batch, accumulate, epochs, maxSteps, warmup, validation,
                    maxValidationBytes, chunkBytes > 0 ? chunkBytes : (int) Math.min(Integer.MAX_VALUE, maxValidationBytes),
                    Math.max(1, evaluateEvery / positionsPerStep), patience, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int kernelThreads = threads != null ? threads : Math.min(8, Runtime.getRuntime().availableProcessors());
        if (kernelThreads < 1 || kernelThreads > 256) {
            throw new UsageException("--threads must be 1..256");
        }
        if (!quiet) {
            System.out.printf(Locale.ROOT, "training %s on %d bytes (sha256 %s), %d parameters, %d threads; %d-byte "
                            + "windows, %d per batch, %d batches per step (%d bytes per step), validation every %d steps%n",
                    spec, bytes.length, HexFormat.of().formatHex(digest), Plugins.registry().factory(spec.toString())
                            .parameters(), kernelThreads, context, batch, accumulate, positionsPerStep,
                    options.evaluateEverySteps());
        }
        long start = System.nanoTime();
        SequenceTrainer.Result result;
        try (Workers workers = new Workers(kernelThreads)) {
            result = SequenceTrainer.train(spec.toString(), bytes, options, new SequenceTrainer.Listener() {
                private long lastReport;

                @Override
                public void progress(SequenceTrainer.Progress p) {
                    long now = System.nanoTime();
                    if (!quiet && (now - lastReport > 10_000_000_000L || p.step() == p.steps() || p.step() == 1)) {
                        lastReport = now;
                        System.out.printf(Locale.ROOT, "step %,d/%,d  %,d bytes  %,.0f bytes/s  ETA %s  train %.4f bpb  "
                                        + "lr %.6f%n", p.step(), p.steps(), p.trainedBytes(), p.bytesPerSecond(),
                                duration(p.etaSeconds()), p.trainBpb(), p.learningRate());
                    }
                }

                @Override
                public void evaluated(long step, double trainBpb, double validationBpb, boolean best) {
                    if (!quiet) {
                        System.out.printf(Locale.ROOT, "step %,d  train %.4f bpb  validation %.4f bpb%s  %.0f s%n", step,
                                trainBpb, validationBpb, best ? " *" : "", (System.nanoTime() - start) / 1e9);
                    }
                }

                @Override
                public void improved(long step, double validationBpb, Supplier<NeuralModel> best) {
                    try {
                        write(Snapshot.of(spec.toString(), best.get(), Snapshot.Quantization.FLOAT32, digest,
                                bytes.length), targets.get(0));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }, workers);
        }
        for (int i = 0; i < quantizations.size(); i++) {
            Snapshot snapshot = Snapshot.of(result.spec(), result.model(), quantizations.get(i), digest, bytes.length);
            write(snapshot, targets.get(i));
            System.out.printf(Locale.ROOT, "%s: %d bytes (%s), sha256 %s; validation %.4f bpb (float32 weights, "
                            + "%d held-out bytes in %d-byte chunks), %d steps, %d bytes trained in %.0f s%s%n",
                    targets.get(i), snapshot.sizeBytes(), quantizations.get(i).word(), snapshot.sha256Hex(),
                    result.validationBpb(), result.validationBytes(), options.validationChunkBytes(), result.steps(),
                    result.trainedBytes(), (System.nanoTime() - start) / 1e9,
                    result.stoppedEarly() ? ", stopped early" : "");
        }
        return ExitCode.OK;
    }

    private void write(Snapshot snapshot, Path target) throws java.io.IOException {
        try (Endpoints.Output out = Endpoints.Output.file(target, true)) {
            out.stream().write(snapshot.bytes());
            out.commit();
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private byte[] readData(long limit) throws java.io.IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (Path file : data) {
            if (!Files.isRegularFile(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while (all.size() < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - all.size()))) > 0) {
                    all.write(buffer, 0, n);
                }
            }
            if (all.size() >= limit) {
                break;
            }
        }
        if (all.size() < 2) {
            throw new UsageException("need at least 2 bytes of training data, got " + all.size());
        }
        return all.toByteArray();
    }

    private static long parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
        try {
            long value = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            if (value < 2 || value > (Integer.MAX_VALUE - 64L) >> shift) {
                throw new UsageException("--max-bytes " + text + " outside 2 .. 2 GiB");
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new UsageException("--max-bytes " + text + " is not a size like 10m");
        }
    }

    private static Path derivedName(Path output, Snapshot.Quantization quantization) {
        String name = output.getFileName().toString();
        String stem = name.endsWith(".bsm") ? name.substring(0, name.length() - 4) : name;
        return output.resolveSibling(stem + "-" + quantization.word() + ".bsm");
    }
}

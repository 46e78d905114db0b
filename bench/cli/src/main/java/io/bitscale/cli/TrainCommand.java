package io.bitscale.cli;

import io.bitscale.core.io.Sha256;
import io.bitscale.model.neural.NeuralPredictor;
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

/** {@code bitscale train}: pretrains a neural model and writes a snapshot for {@code --model-file}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain a neural model (mlp, gru) on files and save a snapshot (.bsm) for "
                + "compress/decompress/eval --model-file.",
                "The data (files concatenated in the order given) is split: the last part is held out for "
                        + "validation, scored frozen in independent chunks; the best weights are kept and training "
                        + "stops early when validation stops improving."},
        footer = {"", "Example:", "  bitscale train -m 'mlp(width=128)' --data corpus/*.txt --max-bytes 10m -o model.bsm "
                + "--quantize float32,int8"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "SPEC", defaultValue = "mlp",
            description = "Neural model spec, mlp(...) or gru(...) (default: ${DEFAULT-VALUE}). Without sched=..., "
                    + "training uses sched=cosine,tau=<training bytes x epochs>, recorded in the snapshot's spec.")
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

    @Option(names = {"-f", "--force"}, description = "Overwrite output files.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print only the result.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Spec spec = Spec.parse(model);
        if (!NeuralSpecs.isNeural(spec)) {
            throw new UsageException("train needs a neural model spec (mlp(...) or gru(...)), got '" + model + "'");
        }
        NeuralSpecs.predictor(spec); // validates the arguments before reading any data
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

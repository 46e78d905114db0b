package io.bitscale.cli;

import io.bitscale.core.io.Sha256;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitscale.corpora.CorpusFetcher;
import io.bitscale.corpora.CorpusLocator;
import io.bitscale.corpora.CorpusNotFoundException;
import io.bitscale.corpora.synthetic.SyntheticSource;
import io.bitscale.scaling.eval.EvalResult;
import io.bitscale.scaling.eval.Evaluator;
import io.bitscale.core.model.ModelPart;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.neural.ChunkPredictor;
import io.bitscale.model.neural.tensor.Workers;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bitscale eval}: bits per byte of a model on files, corpora or a synthetic source,
 * without writing a file. Each input is compressed through the real container and decompressed
 * again (verified byte for byte), so the reported sizes and speeds are the real ones.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure bits per byte of a model on files, corpus files or sets, or a synthetic source.",
                "Compresses through the real container (every header byte counted), decompresses, and checks "
                        + "the round trip. idealBpb is the model's cross-entropy; overheadBits = payload bits - ideal "
                        + "bits is the arithmetic coder's own loss."},
        footer = {"", "Examples:", "  bitscale eval --corpus calgary/book1", "  bitscale eval -m order1 --corpus calgary --json",
                "  bitscale eval --synthetic markov:m=16,k=2,alpha=0.5,seed=1 --synthetic-bytes 1000000",
                "  bitscale eval --model-file transformer.bsm --chunk-bytes 2048 --threads 2 --allow-slow-models test.txt"})
final class EvalCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "SPEC", defaultValue = Models.DEFAULT_SPEC,
            description = "Model spec (default: ${DEFAULT-VALUE}); 'bitscale models' lists them.")
    String model;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to evaluate.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-c", "--corpus"}, paramLabel = "NAME",
            description = "Corpus file (calgary/book1) or whole set (calgary, canterbury, large, text-enwiki); repeatable.")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--corpora", paramLabel = "DIR",
            description = "Corpus root; otherwise $BITSCALE_CORPORA, corpora/data, ../shared/corpora.")
    Path corpusRoot;

    @Option(names = "--no-fetch", description = "When no corpus is found, do not try to download Canterbury and Calgary.")
    boolean noFetch;

    @Option(names = "--synthetic", paramLabel = "SOURCE",
            description = "A generated source with a known entropy rate, e.g. text-like or markov:m=16,k=2,alpha=0.5,seed=1.")
    String synthetic;

    @Option(names = "--synthetic-bytes", paramLabel = "N", defaultValue = "1000000",
            description = "Bytes to generate for --synthetic (default: ${DEFAULT-VALUE}).")
    int syntheticBytes;

    @Option(names = "--json", description = "One JSON object per input (JSON Lines) instead of a table.")
    boolean json;

    @Option(names = "--frame-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Uncompressed bytes per frame (default: ${DEFAULT-VALUE}).")
    int frameBytes;

    @Option(names = "--model-file", paramLabel = "BSM",
            description = "Evaluate a pretrained snapshot (from 'bitscale train') instead of -m; adds adjustedBpb = "
                    + "8 x (compressed + snapshot bytes) / bytes.")
    Path modelFile;

    @Option(names = "--adapt", description = "With --model-file: keep learning while coding (default: frozen).")
    boolean adapt;

    @Option(names = "--chunk-bytes", paramLabel = "N", defaultValue = "0",
            description = "Code each input as independent N-byte chunks, each its own stream with a fresh model "
                    + "(Deletang et al. use 2048), and sum; 0 = whole inputs (default).")
    int chunkBytes;

    @Option(names = {"-T", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "With --chunk-bytes: code N chunks at a time, each on one thread (a frozen snapshot's "
                    + "transformer computes a chunk's tables in one causal pass); otherwise the neural kernels' "
                    + "threads. Results do not depend on it (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--allow-slow-models", description = WorkBudget.HELP)
    boolean allowSlowModels;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "auto (a bar on a terminal, a line every 30 s otherwise), always, never (default: ${DEFAULT-VALUE}).")
    String progress;

    private final ObjectMapper mapper = new ObjectMapper();
    private List<ModelPart> parts = List.of();
    private long factoryWork = -1;

    private Progress.Mode progressMode() {
        return switch (progress) {
            case "auto" -> Progress.Mode.AUTO;
            case "always" -> Progress.Mode.ALWAYS;
            case "never" -> Progress.Mode.NEVER;
            default -> throw new UsageException("--progress must be auto, always or never, not '" + progress + "'");
        };
    }
    private io.bitscale.model.neural.Snapshot snapshot;

    @Override
    public Integer call() throws Exception {
        snapshot = modelFile == null ? null : ModelFiles.read(modelFile);
        PredictorFactory factory = ModelFiles.factory(model, snapshot, adapt);
        parts = factory.parts();
        factoryWork = factory.operationsPerByte();
        WorkBudget.check(factory, allowSlowModels);
        if (chunkBytes < 0) {
            throw new UsageException("--chunk-bytes must be >= 0");
        }
        if (threads < 1 || threads > 256) {
            throw new UsageException("--threads must be 1..256");
        }
        Workers.setSharedThreads(chunkBytes > 0 ? 1 : threads);
        if (files.isEmpty() && corpora.isEmpty() && synthetic == null) {
            throw new UsageException("nothing to evaluate: give FILE..., --corpus NAME or --synthetic SOURCE");
        }
        List<Input> inputs = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            inputs.add(Input.file(file.toString(), file));
        }
        if (!corpora.isEmpty()) {
            inputs.addAll(resolveCorpora());
        }
        if (synthetic != null) {
            inputs.add(Input.synthetic(SyntheticSource.parse(synthetic), syntheticBytes));
        }
        List<EvalResult> results = new ArrayList<>();
        if (!json) {
            System.out.printf(Locale.ROOT, "%-28s %11s %11s %8s %8s %10s %8s %9s %8s %8s%n", "input", "bytes",
                    "compressed", "bpb", "idealBpb", "overhead", "params", "memory", "c MB/s", "d MB/s");
        }
        for (Input input : inputs) {
            Progress progress = Progress.of(input.label, progressMode(), json && System.console() == null);
            EvalResult result;
            try {
                Evaluator withProgress = new Evaluator(ModelFiles.resolver(snapshot),
                        new StreamOptions(frameBytes).withAllowSlowModels(allowSlowModels), progress);
                result = chunkBytes > 0
                        ? evaluateChunks(input, factory, progress)
                        : input.file != null
                        ? withProgress.evaluate(input.label, factory, () -> Files.newInputStream(input.file), Files.size(input.file))
                        : withProgress.evaluate(input.label, factory, input.data);
            } finally {
                progress.finish();
            }
            results.add(result);
            print(result, input);
        }
        if (!json && results.size() > 1) {
            long bytes = 0;
            long compressed = 0;
            double ideal = 0;
            for (EvalResult r : results) {
                bytes += r.bytes();
                compressed += r.compressedBytes();
                ideal += r.idealBits();
            }
            System.out.printf(Locale.ROOT, "%-28s %11d %11d %8.4f %8.4f%n", "total (" + results.size() + " inputs)",
                    bytes, compressed, bytes == 0 ? 0 : 8.0 * compressed / bytes, bytes == 0 ? 0 : ideal / bytes);
        }
        return ExitCode.OK;
    }

    private void print(EvalResult r, Input input) throws IOException {
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", r.source());
            row.put("model", r.spec());
            row.put("bytes", r.bytes());
            row.put("compressedBytes", r.compressedBytes());
            row.put("payloadBytes", r.payloadBytes());
            row.put("bpb", r.bpb());
            row.put("idealBpb", r.idealBpb());
            row.put("overheadBits", r.overheadBits());
            row.put("parameters", r.parameters());
            row.put("memoryBytes", r.memoryBytes());
            row.put("operationsPerByte", parts.isEmpty() ? -1 : factoryWork);
            List<Map<String, Object>> components = new ArrayList<>();
            for (ModelPart part : parts) {
                Map<String, Object> component = new LinkedHashMap<>();
                component.put("name", part.name());
                component.put("parameters", part.parameters());
                component.put("memoryBytes", part.memoryBytes());
                component.put("operationsPerByte", part.operationsPerByte());
                components.add(component);
            }
            row.put("components", components);
            row.put("compressMBps", r.compressMBps());
            row.put("decompressMBps", r.decompressMBps());
            row.put("sha256", r.sha256());
            if (input.source != null) {
                row.put("entropyRateBpb", input.source.entropyRateBits());
            }
            if (chunkBytes > 0) {
                row.put("chunkBytes", chunkBytes);
            }
            if (snapshot != null) {
                row.put("snapshotBytes", snapshot.sizeBytes());
                row.put("snapshotSha256", snapshot.sha256Hex());
                row.put("adjustedBpb", adjustedBpb(r));
            }
            row.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println(mapper.writeValueAsString(row));
        } else {
            System.out.printf(Locale.ROOT, "%-28s %11d %11d %8.4f %8.4f %10.1f %8s %9s %8.2f %8.2f%n", r.source(),
                    r.bytes(), r.compressedBytes(), r.bpb(), r.idealBpb(), r.overheadBits(), human(r.parameters(), 1000, ""),
                    human(r.memoryBytes(), 1024, "B"), r.compressMBps(), r.decompressMBps());
            if (input.source != null) {
                System.out.printf(Locale.ROOT, "%-28s entropy rate of the source: %.4f bpb (%s)%n", "",
                        input.source.entropyRateBits(), input.source.describe());
            }
            if (snapshot != null) {
                System.out.printf(Locale.ROOT, "%-28s adjusted bpb %.4f (with the %d-byte snapshot %s)%n", "",
                        adjustedBpb(r), snapshot.sizeBytes(), modelFile.getFileName());
            }
        }
    }

    /** Delétang et al.'s adjusted rate: the snapshot's bytes count as part of the compressed size. */
    private double adjustedBpb(EvalResult r) {
        return r.bytes() == 0 ? 0 : 8.0 * (r.compressedBytes() + snapshot.sizeBytes()) / r.bytes();
    }

    /**
     * Codes the input as independent chunks, each through its own container (header, frame and
     * payload counted as a file of that chunk would count them) and decoded again, {@link #threads}
     * chunks at a time, and sums in chunk order. A model that can compute a chunk's tables in one
     * causal pass ({@link ChunkPredictor}, a frozen transformer) does so before coding the chunk;
     * the decoder still rebuilds them one byte at a time, which checks that pass.
     */
    private EvalResult evaluateChunks(Input input, PredictorFactory factory, Progress progress)
            throws IOException, InterruptedException {
        byte[] data = input.file != null ? Files.readAllBytes(input.file) : input.data;
        int count = (int) ((data.length + (long) chunkBytes - 1) / chunkBytes);
        StreamOptions options = new StreamOptions(frameBytes).withAllowSlowModels(allowSlowModels);
        ModelResolver resolver = ModelFiles.resolver(snapshot);
        EvalResult[] parts = new EvalResult[count];
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bitscale-eval-chunk");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < count; c++) {
                int index = c;
                futures.add(pool.submit(() -> {
                    int start = index * chunkBytes;
                    byte[] chunk = java.util.Arrays.copyOfRange(data, start, Math.min(data.length, start + chunkBytes));
                    parts[index] = new Evaluator(resolver, options, Evaluator.Progress.NONE)
                            .evaluate(input.label, new PreparingFactory(factory, chunk), chunk);
                    synchronized (progress) {
                        progress.update("chunks", done.addAndGet(chunk.length), data.length);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long compressed = 0;
        long payload = 0;
        double ideal = 0;
        double compressSeconds = 0;
        double decompressSeconds = 0;
        for (EvalResult part : parts) {
            compressed += part.compressedBytes();
            payload += part.payloadBytes();
            ideal += part.idealBits();
            compressSeconds += part.compressSeconds();
            decompressSeconds += part.decompressSeconds();
        }
        // Seconds are summed over chunks: CPU-side time per phase, not wall time when threads > 1.
        String sha256 = Sha256.hex(Sha256.of(data));
        return new EvalResult(input.label, factory.spec(), data.length, compressed, payload, ideal, factory.parameters(),
                factory.memoryBytes(), compressSeconds, decompressSeconds, sha256);
    }

    /**
     * {@code factory} whose predictors, when they can, have the tables of {@code chunk} computed
     * in one pass before the encoder codes exactly that chunk; everything the header records
     * (spec, snapshot digest, sizes) is the wrapped factory's.
     */
    private record PreparingFactory(PredictorFactory factory, byte[] chunk) implements PredictorFactory {
        @Override
        public String spec() {
            return factory.spec();
        }

        @Override
        public long parameters() {
            return factory.parameters();
        }

        @Override
        public long memoryBytes() {
            return factory.memoryBytes();
        }

        @Override
        public long operationsPerByte() {
            return factory.operationsPerByte();
        }

        @Override
        public List<ModelPart> parts() {
            return factory.parts();
        }

        @Override
        public byte[] snapshotSha256() {
            return factory.snapshotSha256();
        }

        @Override
        public Predictor create() {
            Predictor predictor = factory.create();
            if (predictor instanceof ChunkPredictor prepared && prepared.canPrepare()) {
                prepared.prepare(chunk, 0, chunk.length);
            }
            return predictor;
        }
    }

    private static String human(long value, int base, String unit) {
        String[] prefixes = {"", "K", "M", "G", "T"};
        double v = value;
        int i = 0;
        while (v >= base && i < prefixes.length - 1) {
            v /= base;
            i++;
        }
        String prefix = prefixes[i] + (i > 0 && base == 1024 ? "i" : "");
        return i == 0 ? value + unit : String.format(Locale.ROOT, "%.1f%s%s", v, prefix, unit);
    }

    private List<Input> resolveCorpora() throws IOException, CorpusNotFoundException {
        CorpusLocator locator = CorpusLocator.fromEnvironment(Optional.ofNullable(corpusRoot));
        for (String name : corpora) {
            // A misspelt name is a usage error, found before anything is fetched or generated.
            if (locator.manifest().entry(name).isEmpty() && !locator.manifest().isSet(name)) {
                throw new UsageException("--corpus " + name + ": not a file or set of the corpus manifest; sets: "
                        + String.join(", ", locator.manifest().sets()) + " (files: bitscale corpora)");
            }
        }
        if (locator.root().isEmpty() && corpusRoot == null) {
            Optional<CorpusLocator> fetched = noFetch || locator.disabled() ? Optional.empty() : tryFetch(locator);
            if (fetched.isPresent()) {
                locator = fetched.get();
            } else {
                SyntheticSource fallback = SyntheticSource.textLike();
                System.err.println("bitscale: " + (locator.disabled()
                        ? "corpora are switched off ($" + CorpusLocator.ENV_VAR + "=" + CorpusLocator.NONE + ")"
                        : "no corpus found (" + locator.describeSearch() + ") and none could be fetched")
                        + "; evaluating a generated source instead: " + fallback.describe());
                return List.of(Input.synthetic(fallback, syntheticBytes));
            }
        }
        List<Input> inputs = new ArrayList<>();
        for (String name : corpora) {
            List<Path> paths = locator.resolveFiles(name);
            for (Path path : paths) {
                inputs.add(Input.file(locator.nameOf(path), path));
            }
        }
        return inputs;
    }

    private static Optional<CorpusLocator> tryFetch(CorpusLocator locator) {
        Path target = locator.projectRoot().resolve("corpora").resolve("data");
        System.err.println("bitscale: no corpus found; fetching Canterbury and Calgary into " + target
                + " (checksums verified) ...");
        List<Path> created = new ArrayList<>();     // deepest first, to remove again if nothing arrives
        for (Path dir = target; dir != null && !Files.exists(dir); dir = dir.getParent()) {
            created.add(dir);
        }
        try {
            new CorpusFetcher(locator.manifest(), System.err).fetch(List.of("canterbury", "calgary"), target);
            CorpusLocator after = CorpusLocator.fromEnvironment(Optional.of(target));
            return after.root().isPresent() ? Optional.of(after) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            System.err.println("bitscale: fetching failed: " + e.getMessage());
            for (Path dir : created) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException notEmpty) {
                    break;      // something arrived after all: keep it
                }
            }
            return Optional.empty();
        }
    }

    /** One thing to evaluate: a file, or generated bytes with a known entropy rate. */
    private static final class Input {
        final String label;
        final Path file;
        final byte[] data;
        final SyntheticSource source;

        private Input(String label, Path file, byte[] data, SyntheticSource source) {
            this.label = label;
            this.file = file;
            this.data = data;
            this.source = source;
        }

        static Input file(String label, Path file) {
            return new Input(label, file, null, null);
        }

        static Input synthetic(SyntheticSource source, int bytes) {
            return new Input("synthetic:" + source.spec(), null, source.generate(bytes), source);
        }
    }
}

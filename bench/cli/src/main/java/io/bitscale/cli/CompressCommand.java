package io.bitscale.cli;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.stream.StreamTransform;
import io.bitscale.model.Models;
import io.bitscale.model.neural.tensor.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bitscale compress}: writes IN.bsc (or -o OUT, or standard output) with the given model. */
@Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compress a file (or standard input: '-') with a model; the model spec is stored in the header.",
                "Independent blocks (--block-bytes) are coded on --threads threads; the output does not depend on "
                        + "the thread count."},
        footer = {"", "Examples:", "  bitscale compress -m fast book1            # writes book1.bsc",
                "  cat book1 | bitscale compress -m fast - -c > book1.bsc",
                "  bitscale compress -T 2 big.txt             # two blocks at a time",
                "  bitscale compress --transform words enwik  # text: repeated words become dictionary codes"})
final class CompressCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "SPEC", defaultValue = Models.DEFAULT_SPEC,
            description = "Model spec (default: ${DEFAULT-VALUE}); 'bitscale models' lists them.")
    String model;

    @Parameters(index = "0", paramLabel = "IN", description = "File to compress, or '-' for standard input.")
    Path input;

    @Mixin
    IoOptions io;

    @Option(names = "--frame-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Uncompressed bytes per checksummed frame, a power of two from 1024 to 2^26 "
                    + "(default: ${DEFAULT-VALUE}).")
    int frameBytes;

    @Option(names = "--block-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "The model starts afresh every N bytes (a power of two >= the frame size), so blocks can be "
                    + "coded in parallel; 0 = one block (default: ${DEFAULT-VALUE}).")
    long blockBytes;

    @Option(names = {"-T", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "Blocks coded at once; memory is N models (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--transform", paramLabel = "NAME", defaultValue = "none",
            description = "Reversible transform before modelling, stored in the header: 'words' replaces repeated "
                    + "words by dictionary codes (fewer bytes for a text model; frames it does not shorten are coded "
                    + "as they are), 'none' (default: ${DEFAULT-VALUE}).")
    String transform;

    @Option(names = "--model-file", paramLabel = "BSM",
            description = "Code with a pretrained snapshot (from 'bitscale train') instead of -m; its SHA-256 goes "
                    + "into the header and decompress needs the same file.")
    Path modelFile;

    @Option(names = "--adapt", description = "With --model-file: keep learning while coding (default: frozen).")
    boolean adapt;

    @Option(names = "--kernel-threads", paramLabel = "N",
            description = "Threads of the neural models' kernels (default: one per processor, at most 8); the output "
                    + "does not depend on it.")
    Integer kernelThreads;

    @Option(names = "--allow-slow-models", description = WorkBudget.HELP)
    boolean allowSlowModels;

    @Override
    public Integer call() throws Exception {
        PredictorFactory factory = ModelFiles.factory(model, modelFile == null ? null : ModelFiles.read(modelFile), adapt);
        WorkBudget.check(factory, allowSlowModels);
        if (kernelThreads != null) {
            if (kernelThreads < 1 || kernelThreads > 256) {
                throw new UsageException("--kernel-threads must be 1..256");
            }
            Workers.setSharedThreads(kernelThreads);
        }
        StreamOptions options;
        try {
            options = new StreamOptions(frameBytes).withBlockBytes(blockBytes).withThreads(threads)
                    .withTransform(StreamTransform.parse(transform));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Endpoints.Input in = Endpoints.Input.of(input);
        Path defaultName = in.file() == null ? null : in.file().resolveSibling(in.file().getFileName() + ".bsc");
        long size = in.size();
        long start = System.nanoTime();
        Progress progress = Progress.of(in.label(), io.progressMode(), io.quiet);
        long read = 0;
        BitscaleOutputStream stream;
        try (Endpoints.Output out = io.open(in, defaultName, true); InputStream source = in.open()) {
            stream = new BitscaleOutputStream(out.stream(), factory, options);
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = source.read(buffer)) > 0; ) {
                stream.write(buffer, 0, n);
                read += n;
                progress.update("compress", read, size);
            }
            stream.finish();
            out.commit();
            progress.finish();
            if (!io.quiet) {
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "%s: %d -> %d bytes, %.4f bpb, %.2f MB/s, model %s%s -> %s%n",
                        in.label(), read, stream.compressedBytes(), read == 0 ? 0 : 8.0 * stream.compressedBytes() / read,
                        read / 1e6 / seconds, factory.spec(), options.transform() == StreamTransform.NONE ? ""
                                : ", transform " + options.transform(), out.label());
            }
        } finally {
            progress.finish();
        }
        io.finish(in);
        return ExitCode.OK;
    }
}

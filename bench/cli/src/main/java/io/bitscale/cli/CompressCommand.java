package io.bitscale.cli;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.scaling.eval.Evaluator;
import io.bitscale.model.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bitscale compress}: writes IN.bsc (or -o OUT) with the given model. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Compress a file with a model; the model spec is stored in the header.")
final class CompressCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "SPEC", defaultValue = Models.DEFAULT_SPEC,
            description = "Model spec (default: ${DEFAULT-VALUE}); 'bitscale models' lists them.")
    String model;

    @Parameters(index = "0", paramLabel = "IN", description = "File to compress.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (default: IN.bsc).")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT if it exists.")
    boolean force;

    @Option(names = "--frame-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Uncompressed bytes per checksummed frame, a power of two from 1024 to 2^26 "
                    + "(default: ${DEFAULT-VALUE}).")
    int frameBytes;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Option(names = "--model-file", paramLabel = "BSM",
            description = "Code with a pretrained snapshot (from 'bitscale train') instead of -m; its SHA-256 goes "
                    + "into the header and decompress needs the same file.")
    Path modelFile;

    @Option(names = "--adapt", description = "With --model-file: keep learning while coding (default: frozen).")
    boolean adapt;

    @Override
    public Integer call() throws Exception {
        PredictorFactory factory = ModelFiles.factory(model, modelFile == null ? null : ModelFiles.read(modelFile), adapt);
        StreamOptions options = new StreamOptions(frameBytes);
        Path target = output != null ? output : input.resolveSibling(input.getFileName() + ".bsc");
        if (Files.isDirectory(input)) {
            throw new UsageException(input + " is a directory");
        }
        if (Files.exists(target) && Files.isSameFile(input, target)) {
            throw new UsageException("input and output are the same file: " + input);
        }
        long size = Files.size(input);
        long start = System.nanoTime();
        BitscaleOutputStream stream;
        ProgressBarHolder progress = new ProgressBarHolder(input.getFileName().toString());
        try (SafeOutput out = SafeOutput.open(target, force); InputStream in = Files.newInputStream(input)) {
            stream = Evaluator.compress(in, out.stream(), factory, options, progress.bar(), size);
            out.commit();
        } finally {
            progress.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!quiet) {
            System.out.printf(Locale.ROOT, "%s: %d -> %d bytes, %.4f bpb, %.2f MB/s, model %s -> %s%n", input, size,
                    stream.compressedBytes(), size == 0 ? 0 : 8.0 * stream.compressedBytes() / size,
                    size / 1e6 / seconds, factory.spec(), target);
        }
        return ExitCode.OK;
    }
}

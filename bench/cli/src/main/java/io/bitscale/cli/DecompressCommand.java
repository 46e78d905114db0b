package io.bitscale.cli;

import io.bitscale.core.stream.BitscaleInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bitscale decompress}: restores the original from a .bsc file; the model comes from the header. */
@Command(name = "decompress", mixinStandardHelpOptions = true,
        description = "Decompress a .bsc file. The model is rebuilt from the spec in its header; "
                + "every frame's CRC32C is checked before its bytes are written.")
final class DecompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Compressed file.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (default: IN without .bsc).")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT if it exists.")
    boolean force;

    @Option(names = "--memory-limit", paramLabel = "MiB",
            description = "Refuse streams whose model and buffers need more than this many MiB.")
    Long memoryLimitMiB;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Option(names = "--model-file", paramLabel = "BSM",
            description = "The pretrained snapshot the file was compressed with (its SHA-256 must match the header's).")
    Path modelFile;

    @Override
    public Integer call() throws Exception {
        Path target = output;
        if (target == null) {
            String name = input.getFileName().toString();
            if (!name.endsWith(".bsc") || name.length() == 4) {
                throw new UsageException(input + " does not end in .bsc; name the output with -o OUT");
            }
            target = input.resolveSibling(name.substring(0, name.length() - 4));
        }
        if (Files.exists(target) && Files.exists(input) && Files.isSameFile(input, target)) {
            throw new UsageException("input and output are the same file: " + input);
        }
        long limit = memoryLimitMiB == null ? BitscaleInputStream.NO_LIMIT : memoryLimitMiB << 20;
        long start = System.nanoTime();
        long written = 0;
        String spec;
        ProgressBarHolder progress = new ProgressBarHolder(input.getFileName().toString());
        long compressedSize = Files.size(input);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(input), 1 << 16);
             BitscaleInputStream in = new BitscaleInputStream(raw,
                     ModelFiles.resolver(modelFile == null ? null : ModelFiles.read(modelFile)), limit);
             SafeOutput out = SafeOutput.open(target, force)) {
            spec = in.header().spec();
            OutputStream sink = out.stream();
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sink.write(buffer, 0, n);
                written += n;
                progress.bar().update("decompress", in.compressedBytesRead(), compressedSize);
            }
            out.commit();
        } finally {
            progress.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!quiet) {
            System.out.printf(Locale.ROOT, "%s: %d bytes, %.2f MB/s, model %s -> %s%n", input, written,
                    written / 1e6 / seconds, spec, target);
        }
        return ExitCode.OK;
    }
}

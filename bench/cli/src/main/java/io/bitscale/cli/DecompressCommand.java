package io.bitscale.cli;

import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.stream.StreamTransform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bitscale decompress}: restores the original; the model comes from the header. */
@Command(name = "decompress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decompress a .bsc file (or standard input: '-'). The model is rebuilt from the spec in its "
                + "header; every frame's CRC32C is checked before its bytes are written. Concatenated streams are "
                + "decompressed one after another.",
                "Untrusted input is bounded: models that need more memory than --memory-limit or more work per byte "
                        + "than a safe budget are refused before anything is decoded."},
        footer = {"", "Examples:", "  bitscale decompress book1.bsc               # writes book1",
                "  bitscale decompress -t book1.bsc            # verify only", "  bitscale decompress - -c < x.bsc | less"})
final class DecompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Compressed file, or '-' for standard input.")
    Path input;

    @Mixin
    IoOptions io;

    @Option(names = {"-t", "--test"}, description = "Decode and verify every checksum; write nothing.")
    boolean test;

    @Option(names = "--memory-limit", paramLabel = "MiB",
            description = "Refuse streams whose models and buffers need more than this many MiB "
                    + "(default: nine tenths of the free heap).")
    String memoryLimitMiB;

    @Option(names = "--allow-slow-models",
            description = "Decode streams whose model needs more than 2^20 operations per byte (trusted input only).")
    boolean allowSlowModels;

    @Option(names = {"-T", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "Blocks decoded at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--model-file", paramLabel = "BSM",
            description = "The pretrained snapshot the file was compressed with (its SHA-256 must match the header's).")
    Path modelFile;

    @Override
    public Integer call() throws Exception {
        StreamOptions options;
        try {
            options = StreamOptions.DEFAULT.withAllowSlowModels(allowSlowModels).withThreads(threads);
            if (memoryLimitMiB != null) {
                options = options.withMemoryLimitBytes(mebibytes(memoryLimitMiB));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Endpoints.Input in = Endpoints.Input.of(input);
        Path defaultName = null;
        if (in.file() != null) {
            String name = in.file().getFileName().toString();
            if (name.endsWith(".bsc") && name.length() > 4) {
                defaultName = in.file().resolveSibling(name.substring(0, name.length() - 4));
            }
        }
        long compressedSize = in.size();
        long start = System.nanoTime();
        long written = 0;
        String spec;
        Progress progress = Progress.of(in.label(), io.progressMode(), io.quiet);
        try (InputStream raw = new BufferedInputStream(in.open(), 1 << 16);
             BitscaleInputStream decoded = new BitscaleInputStream(raw,
                     ModelFiles.resolver(modelFile == null ? null : ModelFiles.read(modelFile)), options);
             Endpoints.Output out = test ? Endpoints.Output.discard() : io.open(in, defaultName, false)) {
            spec = decoded.header().printableSpec() + (decoded.header().transform() == StreamTransform.NONE ? ""
                    : ", transform " + decoded.header().transform());
            OutputStream sink = out.stream();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = decoded.read(buffer)) > 0; ) {
                sink.write(buffer, 0, n);
                written += n;
                progress.update(test ? "test" : "decompress", decoded.compressedBytesRead(), compressedSize);
            }
            out.commit();
            progress.finish();
            if (!io.quiet) {
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "%s: %d bytes%s, %.2f MB/s, model %s -> %s%n", in.label(), written,
                        decoded.members() > 1 ? " from " + decoded.members() + " concatenated streams" : "",
                        written / 1e6 / seconds, spec, out.label());
            }
        } finally {
            progress.finish();
        }
        if (!test) {
            io.finish(in);
        }
        return ExitCode.OK;
    }

    /** A positive whole number of MiB, as bytes; overflow is an error, not a wrap. */
    static long mebibytes(String text) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--memory-limit must be a whole number of MiB, not '" + text + "'");
        }
        if (value <= 0) {
            throw new UsageException("--memory-limit must be positive, not " + value);
        }
        try {
            return Math.multiplyExact(value, 1L << 20);
        } catch (ArithmeticException e) {
            throw new UsageException("--memory-limit " + value + " MiB is more bytes than can be counted (at most "
                    + (Long.MAX_VALUE >> 20) + " MiB)");
        }
    }
}

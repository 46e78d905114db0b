package io.bitscale.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options {@code compress} and {@code decompress} share, with the meanings of xz and zstd:
 * {@code -c} writes to standard output, {@code -o} names the output ({@code -} is standard
 * output), {@code -f} replaces an existing output, {@code -k} keeps the input (the default),
 * {@code --rm} removes it after success, {@code -q} prints nothing but errors.
 */
final class IoOptions {

    @Option(names = {"-c", "--stdout"}, description = "Write to standard output; keep the input.")
    boolean stdout;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file ('-' for standard output).")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace OUT if it exists.")
    boolean force;

    @Option(names = {"-k", "--keep"}, description = "Keep the input (the default; accepted as in xz and zstd).")
    boolean keep;

    @Option(names = "--rm", description = "Remove the input after success (files only).")
    boolean remove;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "auto (a bar on a terminal, a line every 30 s otherwise), always, never (default: ${DEFAULT-VALUE}).")
    String progress;

    Progress.Mode progressMode() {
        return switch (progress) {
            case "auto" -> Progress.Mode.AUTO;
            case "always" -> Progress.Mode.ALWAYS;
            case "never" -> Progress.Mode.NEVER;
            default -> throw new UsageException("--progress must be auto, always or never, not '" + progress + "'");
        };
    }

    /**
     * The output for {@code input}: standard output for {@code -c}, {@code -o -} or standard
     * input; the named file; or the default name.
     *
     * @param defaultName the file next to the input ({@code IN.bsc}, or {@code IN} without
     *                    {@code .bsc}), or null if none can be derived
     * @param binary      whether the output is compressed data (refused on a terminal)
     */
    Endpoints.Output open(Endpoints.Input input, Path defaultName, boolean binary) throws IOException {
        if (keep && remove) {
            throw new UsageException("--keep and --rm contradict each other");
        }
        boolean toStdout = stdout || Endpoints.isStandardStream(output) || (output == null && input.standardInput());
        if (toStdout) {
            if (remove) {
                throw new UsageException("--rm removes the input only when the output is a file");
            }
            if (binary && System.console() != null) {
                throw new UsageException("compressed data is not written to a terminal; use -o FILE or redirect the output");
            }
            return Endpoints.Output.standardOutput();
        }
        Path target = output != null ? output : defaultName;
        if (target == null) {
            throw new UsageException(input.label() + " does not end in .bsc; name the output with -o OUT or use -c");
        }
        if (input.file() != null && Files.exists(target) && Files.isSameFile(input.file(), target)) {
            throw new UsageException("input and output are the same file: " + input.label());
        }
        return Endpoints.Output.file(target, force);
    }

    /** After success: removes the input if asked to. */
    void finish(Endpoints.Input input) throws IOException {
        if (remove && input.file() != null) {
            Files.delete(input.file());
        }
    }
}

package io.bitscale.cli;

import io.bitscale.corpora.CorpusNotFoundException;
import io.bitscale.core.stream.BitscaleException;
import io.bitscale.model.spec.SpecSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bitscale} command: compress, decompress and evaluate with any model, list and fetch
 * corpora. Every failure ends in one readable line on stderr and a distinct {@link ExitCode}.
 */
@Command(name = "bitscale", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lossless compression as a measurement of prediction: bits per byte of any model.",
        subcommands = {CompressCommand.class, DecompressCommand.class, EvalCommand.class, ExplainCommand.class, TrainCommand.class,
                ModelsCommand.class, CorporaCommand.class, ScaleCommand.class, MergeCommand.class, FitCommand.class,
                PlotCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage, 3 corrupt or unsupported input, 4 I/O."})
public final class BitscaleCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Plug-in jars with {@link io.bitscale.model.spec.ModelProvider}s, for every subcommand. */
    @CommandLine.Option(names = "--plugin", paramLabel = "JAR", scope = CommandLine.ScopeType.INHERIT,
            description = "A jar with model plug-ins (a ModelProvider service); repeatable. Its models work in "
                    + "eval, compress, decompress, scale and models.")
    void plugins(List<Path> jars) {
        List<Path> all = new ArrayList<>(loaded);
        all.addAll(jars);
        loaded = all;
        Plugins.use(all);
    }

    private List<Path> loaded = List.of();

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns the exit code (for tests). A JVM error (the heap or the
     * stack running out) ends in one line and an exit code too, never a stack trace.
     */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return handleExecutionException(new UncheckedIOException(new java.io.IOException(e.toString(), e)) {
                private static final long serialVersionUID = 1L;
            }, commandLine, null, e);
        }
    }

    /** The configured picocli command line, with bitscale's error handling. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BitscaleCli());
        commandLine.setExecutionExceptionHandler(BitscaleCli::handleExecutionException);
        commandLine.setParameterExceptionHandler(BitscaleCli::handleParameterException);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("bitscale: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCode.USAGE;
    }

    private static int handleExecutionException(Exception e, CommandLine commandLine,
                                                CommandLine.ParseResult parseResult) {
        return handleExecutionException(e, commandLine, parseResult, null);
    }

    private static int handleExecutionException(Exception e, CommandLine commandLine,
                                                CommandLine.ParseResult parseResult, Error error) {
        PrintWriter err = commandLine.getErr();
        Throwable cause = error != null ? error : e instanceof UncheckedIOException u ? u.getCause() : e;
        int code;
        String message;
        if (cause instanceof BitscaleException) {
            code = ExitCode.BAD_INPUT;
            message = cause.getMessage();
            if (message != null && message.contains("which this build cannot create: unknown model")) {
                message += " (a plug-in's model? give its jar with --plugin)";
            }
        } else if (cause instanceof OutOfMemoryError) {
            code = ExitCode.IO;
            message = "out of memory (the heap is " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): give the JVM more with -Xmx, or choose a smaller model";
        } else if (cause instanceof StackOverflowError) {
            code = ExitCode.USAGE;
            message = "the input nests too deeply to process";
        } else if (cause instanceof UsageException || cause instanceof SpecSyntaxException) {
            code = ExitCode.USAGE;
            message = cause.getMessage();
        } else if (cause instanceof CorpusNotFoundException missing) {
            code = ExitCode.IO;
            message = missing.summary();
        } else if (cause instanceof NoSuchFileException f) {
            code = ExitCode.IO;
            message = "no such file: " + f.getFile();
        } else if (cause instanceof java.nio.file.AccessDeniedException f) {
            code = ExitCode.IO;
            message = "permission denied: " + f.getFile();
        } else if (cause instanceof IllegalStateException && cause.getMessage() != null
                && cause.getMessage().startsWith("model plug-in")) {
            code = ExitCode.USAGE;
            message = cause.getMessage();
        } else if (cause instanceof FileSystemException f) {
            code = ExitCode.IO;
            message = f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        } else if (cause instanceof IOException) {
            code = ExitCode.IO;
            message = cause.getMessage();
        } else if (cause instanceof IllegalArgumentException) {
            code = ExitCode.USAGE;
            message = cause.getMessage();
        } else {
            code = ExitCode.INTERNAL;
            message = "internal error, please report: " + cause;
            if (System.getenv("BITSCALE_DEBUG") != null) {
                cause.printStackTrace(err);
            }
        }
        err.println("bitscale: " + oneLine(message));
        err.flush();
        return code;
    }

    /** A message as one printable line: control characters escaped, further lines dropped. */
    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String first = message.lines().findFirst().orElse("");
        StringBuilder out = new StringBuilder(first.length());
        first.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}

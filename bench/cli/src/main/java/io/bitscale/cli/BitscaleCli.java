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

/**
 * The {@code bitscale} command: compress, decompress and evaluate with any model, list and fetch
 * corpora. Every failure ends in one readable line on stderr and a distinct {@link ExitCode}.
 */
@Command(name = "bitscale", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lossless compression as a measurement of prediction: bits per byte of any model.",
        subcommands = {CompressCommand.class, DecompressCommand.class, EvalCommand.class, TrainCommand.class,
                ModelsCommand.class, CorporaCommand.class, ScaleCommand.class, MergeCommand.class, FitCommand.class,
                PlotCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage, 3 corrupt or unsupported input, 4 I/O."})
public final class BitscaleCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
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
        PrintWriter err = commandLine.getErr();
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        int code;
        String message;
        if (cause instanceof BitscaleException) {
            code = ExitCode.BAD_INPUT;
            message = cause.getMessage();
        } else if (cause instanceof UsageException || cause instanceof SpecSyntaxException) {
            code = ExitCode.USAGE;
            message = cause.getMessage();
        } else if (cause instanceof CorpusNotFoundException) {
            code = ExitCode.IO;
            message = cause.getMessage();
        } else if (cause instanceof NoSuchFileException f) {
            code = ExitCode.IO;
            message = "no such file: " + f.getFile();
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
        err.println("bitscale: " + message);
        err.flush();
        return code;
    }
}

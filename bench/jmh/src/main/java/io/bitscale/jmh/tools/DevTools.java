package io.bitscale.jmh.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The developers' tools, one picocli command with a subcommand each; they ship only in
 * {@code benchmarks.jar}, never in the user's CLI.
 *
 * <pre>{@code
 * java -cp bench/jmh/target/benchmarks.jar io.bitscale.jmh.tools.DevTools --help
 * java -cp bench/jmh/target/benchmarks.jar io.bitscale.jmh.tools.DevTools huffman-report ../shared/corpora/calgary
 * }</pre>
 */
@Command(name = "devtools", mixinStandardHelpOptions = true,
        description = "bitscale developer tools (reports, campaigns, profiles); not part of the user CLI.",
        subcommands = {HuffmanReport.class, CorruptionCampaign.class, PeersTable.class, JmhReport.class,
                DevTools.JfrTopFramesCommand.class, IdealCost.class, DevTools.CraftedInputsCommand.class})
public final class DevTools implements Callable<Integer> {

    /** Runs a tool and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of the tools, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new DevTools());
    }

    @Override
    public Integer call() {
        commandLine().usage(System.out);
        return 0;
    }

    /** {@code jfr-top-frames}: the top frames of a JFR recording of a benchmark. */
    @Command(name = "jfr-top-frames", mixinStandardHelpOptions = true,
            description = "Summarizes a JFR recording: self and total samples per frame, and time per part (coder, loop, model, container).")
    static final class JfrTopFramesCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECORDING.jfr")
        private Path recording;

        @Option(names = "--filter", defaultValue = JfrTopFrames.DEFAULT_FILTER,
                description = "Only stacks containing this text (default: ${DEFAULT-VALUE}).")
        private String filter;

        @Option(names = "--top", defaultValue = "15", description = "Frames to list (default: ${DEFAULT-VALUE}).")
        private int top;

        @Override
        public Integer call() throws Exception {
            JfrTopFrames.summarize(recording, filter, top, System.out);
            return 0;
        }
    }

    /** {@code crafted-inputs}: writes the hostile inputs of docs/hardening.md, one file each. */
    @Command(name = "crafted-inputs", mixinStandardHelpOptions = true,
            description = "Writes the crafted hostile inputs (streams and a snapshot) of the hardening table, and a "
                    + "TSV (file, kind, expected exit code, message fragment, what) beside them.")
    static final class CraftedInputsCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR")
        private Path directory;

        @Override
        public Integer call() throws Exception {
            io.bitscale.model.fuzz.CraftedInputs.writeAll(directory);
            StringBuilder tsv = new StringBuilder();
            for (io.bitscale.model.fuzz.CraftedInputs.Crafted crafted : io.bitscale.model.fuzz.CraftedInputs.all()) {
                tsv.append(crafted.name()).append('\t').append(crafted.kind()).append('\t').append(crafted.exitCode())
                        .append('\t').append(crafted.message().isEmpty() ? "-" : crafted.message()).append('\t').append(crafted.what()).append('\n');
            }
            io.bitscale.core.io.AtomicFile.writeString(directory.resolve("crafted.tsv"), tsv.toString());
            System.out.print(tsv);
            return 0;
        }
    }
}

package io.bitscale.cli;

import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code bitscale merge}: combines the result tables of shards (or of several sweeps) into one. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge result tables (sweep directories, results.jsonl or results.csv files) into one: "
                + "rows keyed by cell id, duplicates dropped (a warning if two measurements of a cell differ), "
                + "sorted in table order. Writes OUT/results.jsonl and OUT/results.csv."})
public final class MergeCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Sweep directories or result files.")
    List<Path> inputs;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--force", description = "Replace results already in DIR.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path jsonl = out.resolve(ResultTable.JSONL);
        if (!force && (Files.exists(jsonl) || Files.exists(out.resolve(ResultTable.CSV)))) {
            throw new UsageException(out + " already holds results; use --force to replace them");
        }
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new java.nio.file.NoSuchFileException(input.toString());
            }
        }
        List<ResultRow> rows = ResultTable.merge(inputs, warning -> System.err.println("bitscale: " + warning));
        ResultTable.writeJsonl(rows, jsonl);
        ResultTable.writeCsv(rows, out.resolve(ResultTable.CSV));
        System.err.println("bitscale: merged " + rows.size() + " cells from " + inputs.size() + " inputs into " + out);
        return ExitCode.OK;
    }

}

package io.bitscale.cli;

import io.bitscale.core.io.AtomicFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.Law;
import io.bitscale.scaling.fit.PowerLawFitter;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.plot.FitTable;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bitscale fit}: power-law fits of a result table, with bootstrap intervals, R² and cross-validation. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit scaling laws to a result table (a sweep directory, results.jsonl or results.csv):",
                "  L(D) = E + B·D^-β per model, L(N) = E + A·N^-α per family and D (>= 4 sizes),",
                "  L(N,D) = E + A·N^-α + B·D^-β per family. Least squares (commons-math3), 95%% residual-bootstrap",
                "  intervals, R², k-fold cross-validated RMSE on held-out cells, error extrapolating to the largest size.",
                "Prints Markdown tables; --out writes the fits as JSON."})
public final class FitCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS", description = "Sweep directory or result file.")
    Path results;

    @Option(names = "--metric", defaultValue = "bpb", description = "y of the fits: bpb, idealBpb, adjustedBpb (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--corpus", paramLabel = "NAME", description = "Only rows of these corpora (repeatable).")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--protocol", paramLabel = "P", description = "Only rows of this protocol.")
    String protocol;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap replicates (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of bootstrap and folds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.json", description = "Write the fits as JSON.")
    Path out;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        List<ResultRow> rows = select(ResultTable.read(results), corpora, protocol);
        if (rows.isEmpty()) {
            throw new UsageException("no rows to fit in " + results);
        }
        rows.get(0).metric(metric);
        if (out != null && !force && Files.exists(out)) {
            throw new UsageException("output " + out + " already exists; use --force to overwrite it");
        }
        List<FitResult> fits = new ScalingFits(new PowerLawFitter(bootstrap, folds, seed), metric)
                .fitAll(rows, note -> System.err.println("bitscale: " + note));
        if (fits.isEmpty()) {
            System.err.println("bitscale: nothing to fit: no model with >= 4 data sizes, no family with >= 4 model sizes"
                    + " or with 2 x 2 sizes and 7 cells");
        }
        for (Law law : Law.values()) {
            List<FitResult> selected = fits.stream().filter(f -> f.law() == law).toList();
            if (!selected.isEmpty()) {
                System.out.println("## " + law.formula() + "  (" + metric + ")\n");
                System.out.println(FitTable.markdown(selected));
            }
        }
        if (out != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            AtomicFile.writeString(out, mapper.writeValueAsString(fits));
        }
        return ExitCode.OK;
    }

    static List<ResultRow> select(List<ResultRow> rows, List<String> corpora, String protocol) {
        return rows.stream().filter(r -> corpora.isEmpty() || corpora.contains(r.corpus()))
                .filter(r -> protocol == null || r.protocol().equals(protocol)).toList();
    }
}

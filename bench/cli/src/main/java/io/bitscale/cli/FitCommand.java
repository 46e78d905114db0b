package io.bitscale.cli;

import io.bitscale.scaling.fit.FitReport;
import io.bitscale.scaling.fit.PowerLawFitter;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.plot.Report;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import io.bitscale.scaling.sweep.SweepConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bitscale fit}: scaling laws of a result table, with seed-cluster intervals, forecast checks and quality flags. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit scaling laws to a result table (a sweep directory, results.jsonl or results.csv) by least "
                + "squares (commons-math3), 95%% intervals: L(D) = E + B·D^-β per series, L(N) = E + A·N^-α per family "
                + "and D, L(N,D) = E + A·N^-α + B·D^-β per family, L(C) = E + K·C^-γ on the compute frontier.",
                "Shuffles of one corpus (seed=N) are pooled: the mean over seeds is fitted, weighted by the measured "
                        + "spread, with intervals from a bootstrap over whole seeds.",
                "Every L(D) curve is also fitted up to a cutoff and checked against its larger sizes, next to two naive "
                        + "forecasts; the laws of one corpus forecast the others.",
                "Fits failing a check (R² < 0.98, an exponent at a bound, CV or forecast error > 2%%) are flagged.",
                "Prints Markdown tables; --out writes everything as JSON."})
public final class FitCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS", description = "Sweep directory or result file.")
    Path results;

    @Option(names = "--metric", defaultValue = "bpb", description = "y of the fits: bpb, idealBpb, adjustedBpb (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--corpus", paramLabel = "NAME", description = "Only rows of these corpora (repeatable).")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--protocol", paramLabel = "P", description = "Only rows of this protocol.")
    String protocol;

    @Option(names = "--cutoff", paramLabel = "D",
            description = "Forecast check: fit on D <= this, predict every larger D (default: each curve's top decade).")
    String cutoff;

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
        FitReport report = new ScalingFits(new PowerLawFitter(bootstrap, folds, seed), metric)
                .report(rows, cutoff(cutoff), note -> System.err.println("bitscale: " + note));
        if (report.fits().isEmpty()) {
            System.err.println("bitscale: nothing to fit: no series with >= 4 data sizes, no family with >= 4 model sizes"
                    + " or with 2 x 2 sizes and 7 cells");
        }
        System.out.print(Report.fitMarkdown(report));
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            report.write(out);
        }
        return ExitCode.OK;
    }

    static Double cutoff(String text) {
        return text == null ? null : (double) SweepConfig.parseSizes(text).get(0);
    }

    static List<ResultRow> select(List<ResultRow> rows, List<String> corpora, String protocol) {
        return rows.stream().filter(r -> corpora.isEmpty() || corpora.contains(r.corpus())
                        || corpora.contains(ScalingFits.corpusFamily(r.corpus())))
                .filter(r -> protocol == null || r.protocol().equals(protocol)).toList();
    }
}

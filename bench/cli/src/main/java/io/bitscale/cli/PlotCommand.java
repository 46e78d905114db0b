package io.bitscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitscale.scaling.fit.FitReport;
import io.bitscale.scaling.fit.PowerLawFitter;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.plot.FigureRenderer;
import io.bitscale.scaling.plot.Rebuild;
import io.bitscale.scaling.plot.Report;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import io.bitscale.scaling.sweep.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code bitscale plot}: the scaling figures of a result table (PNG, SVG, PDF and their data as CSV), and optionally the report. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw the scaling figures of a result table: bpb vs D (fits and 95%% bands), forecast checks, "
                + "bpb vs N, adjusted bpb vs N per test size (held-out), bpb vs compute and CPU seconds with the "
                + "frontier, the memory frontier, compression vs speed, redundancy on synthetic sources. Each figure is "
                + "also written as CSV: exactly what it draws.",
                "--report also writes report.md (fits, forecasts, transfers, frontiers, the U-shape, provenance) and "
                        + "fits.json. --check rebuilds a directory's published files from its rows and lists differences."})
public final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS", description = "Sweep directory or result file (more are merged).", arity = "1..*")
    List<Path> results;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Directory for the figures (required unless --check).")
    Path out;

    @Option(names = "--report", description = "Also write DIR/report.md and DIR/fits.json.")
    boolean report;

    @Option(names = "--formats", defaultValue = "png,svg,pdf", split = ",", description = "Any of png, svg, pdf (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--corpus", paramLabel = "NAME", description = "Only rows of these corpora (repeatable).")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--cutoff", paramLabel = "D", description = "Forecast cutoff for every curve (default: each curve's top decade).")
    String cutoff;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap replicates of the fits (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--force", description = "Replace figures and reports already in DIR.")
    boolean force;

    @Option(names = "--prune", description = "With --force: delete figures in DIR that these rows no longer make.")
    boolean prune;

    @Option(names = "--check", description = "Rebuild each RESULTS directory from its rows (with the settings in its "
            + "fits.json) and list every difference from what is published there; exit 1 if any.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        if (check) {
            int differences = 0;
            for (Path directory : results) {
                for (String difference : Rebuild.check(directory)) {
                    System.out.println(difference);
                    differences++;
                }
            }
            System.err.println("bitscale: " + differences + " differences in " + results.size() + " directories");
            return differences == 0 ? ExitCode.OK : ExitCode.INTERNAL;
        }
        if (out == null) {
            throw new UsageException("give -o DIR (or --check)");
        }
        Set<String> formatSet = new LinkedHashSet<>(formats);
        for (String format : formatSet) {
            if (!FigureRenderer.FORMATS.contains(format)) {
                throw new UsageException("unknown format '" + format + "' (" + String.join(", ", new TreeSet<>(FigureRenderer.FORMATS)) + ")");
            }
        }
        List<ResultRow> rows = FitCommand.select(ResultTable.merge(results, w -> System.err.println("bitscale: " + w)),
                corpora, null);
        if (rows.isEmpty()) {
            throw new UsageException("no rows in " + results);
        }
        FitReport fits = new ScalingFits(new PowerLawFitter(bootstrap, 5, 1), "bpb")
                .report(rows, FitCommand.cutoff(cutoff), note -> { });
        Report drawing = new Report(rows, fits, formatSet);
        List<Report.Plot> plots = drawing.plots();
        List<Path> targets = drawing.targets(plots, out, report);
        if (!force) {
            for (Path target : targets) {
                if (Files.exists(target)) {
                    throw new UsageException(target + " already exists; use --force to replace the plots in " + out);
                }
            }
        }
        JsonNode sweep = null;
        Path first = results.get(0);
        Path sweepFile = (Files.isDirectory(first) ? first : first.toAbsolutePath().getParent()).resolve(SweepRunner.SWEEP_JSON);
        if (Files.exists(sweepFile)) {
            sweep = new ObjectMapper().readTree(sweepFile.toFile());
        }
        String source = String.join(", ", results.stream().map(Rebuild::source).toList());
        drawing.write(plots, out, report, sweep, source, file -> System.err.println("bitscale: wrote " + file));
        if (prune && force) {
            for (Path stale : Rebuild.stale(out, targets)) {
                Files.delete(stale);
                System.err.println("bitscale: removed " + stale + " (these rows no longer make it)");
            }
        }
        if (plots.isEmpty()) {
            System.err.println("bitscale: nothing to plot: every plot needs at least two sizes or two models");
        }
        return ExitCode.OK;
    }
}

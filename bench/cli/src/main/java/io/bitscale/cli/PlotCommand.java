package io.bitscale.cli;

import io.bitscale.core.io.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.PowerLawFitter;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.plot.Charts;
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
import java.util.concurrent.Callable;

/** {@code bitscale plot}: the scaling plots (PNG/SVG) of a result table, and optionally a Markdown report. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw the scaling plots of a result table (XChart, headless): bpb vs D (fits dashed), bpb vs N, "
                + "adjusted bpb vs N (heldout), compression vs speed (Pareto), redundancy on synthetic sources.",
                "--report also writes report.md with the plots, fit tables and provenance, and fits.json."})
public final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS", description = "Sweep directory or result file (more are merged).", arity = "1..*")
    List<Path> results;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory for the plots.")
    Path out;

    @Option(names = "--report", description = "Also write DIR/report.md and DIR/fits.json.")
    boolean report;

    @Option(names = "--formats", defaultValue = "png,svg", split = ",", description = "Any of png, svg, pdf (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--corpus", paramLabel = "NAME", description = "Only rows of these corpora (repeatable).")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap replicates of the fits (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--force", description = "Replace plots and reports already in DIR.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Set<String> formatSet = new LinkedHashSet<>(formats);
        for (String format : formatSet) {
            if (!Charts.FORMATS.contains(format)) {
                throw new UsageException("unknown format '" + format + "' (" + String.join(", ", new java.util.TreeSet<>(Charts.FORMATS)) + ")");
            }
        }
        List<ResultRow> rows = FitCommand.select(ResultTable.merge(results, w -> System.err.println("bitscale: " + w)),
                corpora, null);
        if (rows.isEmpty()) {
            throw new UsageException("no rows in " + results);
        }
        List<FitResult> fits = new ScalingFits(new PowerLawFitter(bootstrap, 5, 1), "bpb").fitAll(rows, note -> { });
        Report drawing = new Report(rows, fits, formatSet);
        List<Report.Plot> plots = drawing.plots();
        List<Path> targets = new ArrayList<>(drawing.targets(plots, out, report));
        if (report) {
            targets.add(out.resolve("fits.json"));
        }
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
        drawing.write(plots, out, report, sweep, String.join(", ", results.stream().map(Path::toString).toList()),
                file -> System.err.println("bitscale: wrote " + file));
        if (report) {
            AtomicFile.writeString(out.resolve("fits.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fits));
        }
        if (plots.isEmpty()) {
            System.err.println("bitscale: nothing to plot: every plot needs at least two sizes or two models");
        }
        return ExitCode.OK;
    }
}

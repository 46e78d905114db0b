package io.bitscale.scaling.plot;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitscale.core.io.AtomicFile;
import io.bitscale.corpora.CorpusData;
import io.bitscale.scaling.fit.FitQuality;
import io.bitscale.scaling.fit.FitReport;
import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.Law;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.SweepConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Draws every figure a result table supports and, on request, a Markdown report around them: the
 * figures, the fit tables with their checks, the forecast checks of every curve, the laws of each
 * corpus forecasting the others, the compute-optimal allocations, the memory frontier, the
 * adjusted rate over model and test size, the measurements at the largest D, a synthetic-source
 * redundancy table and provenance. Every figure is written with the CSV of exactly what it draws.
 *
 * <p>Figures made (file names {@code KIND-CORPUS-PROTOCOL[-TEST][-FAMILY]}, corpus = the corpus
 * family with seeds pooled):
 * <ul>
 *   <li>{@code bpb_vs_D}: at least 2 data sizes; {@code forecast}: the curves with forecast checks;</li>
 *   <li>{@code bpb_vs_N}: per family with at least 2 model sizes (joint fit dashed);</li>
 *   <li>{@code adjusted_bpb_vs_N}: held-out protocols, per family, one line per test size — the U-shape;</li>
 *   <li>{@code compute} and {@code cpu}: loss against stated operations and against CPU seconds, with the frontier;</li>
 *   <li>{@code memory}: the memory–loss frontier; {@code pareto}: loss against speed;</li>
 *   <li>{@code redundancy}: per synthetic source family and spec.</li>
 * </ul>
 *
 * <pre>{@code
 * Report report = new Report(rows, fitReport, Set.of("png", "svg", "pdf"));
 * report.write(report.plots(), Path.of("out"), true, sweepJson, "results.jsonl", System.err::println);
 * }</pre>
 */
public final class Report {

    /** The report's file name. */
    public static final String REPORT = "report.md";
    /** The fits' file name. */
    public static final String FITS = "fits.json";

    private final List<ResultRow> rows;
    private final FitReport fits;
    private final Set<String> formats;

    /**
     * @param rows    the result table
     * @param fits    fits of the table (drawn and tabulated)
     * @param formats image formats: any of png, svg, pdf (a CSV of each figure is always written)
     */
    public Report(List<ResultRow> rows, FitReport fits, Set<String> formats) {
        // Table order, so the figures and the report do not depend on the order the rows came in.
        List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(ResultRow.ORDER);
        this.rows = List.copyOf(sorted);
        this.fits = fits;
        this.formats = formats;
    }

    /** A figure with its caption and base name (without extension). */
    public record Plot(String caption, String name, Figure figure) {
    }

    /** Every figure the rows support, not yet saved. */
    public List<Plot> plots() {
        List<Plot> plots = new ArrayList<>();
        for (Charts.Selection selection : Charts.selections(rows)) {
            if (CorpusData.synthetic(selection.corpus()) != null) {
                continue;
            }
            List<ResultRow> selected = Charts.select(rows, selection);
            String suffix = slug(selection.corpus()) + "-" + selection.protocol()
                    + (selection.test().isEmpty() ? "" : "-T" + selection.test());
            if (selected.stream().mapToLong(ResultRow::trainBytes).distinct().count() >= 2) {
                plots.add(new Plot("Bits per byte against data size D on " + selection.label() + ": one curve per "
                        + "series (mean over seeds, each seed faint), baselines dotted; dashed: fitted L(D) = E + B·D^-β "
                        + "with its shaded 95% band; ⚠ marks a fit that fails a quality check.", "bpb_vs_D-" + suffix,
                        Charts.dataScaling(rows, fits, selection, "bpb")));
            }
            if (fits.forecasts().stream().anyMatch(f -> selection.contains(f.group()))) {
                plots.add(new Plot("Forecast check on " + selection.label() + ": each law fitted on the sizes up to the "
                        + "cutoff (dashed) against the measured curve beyond it, with 95% prediction intervals.",
                        "forecast-" + suffix, Charts.forecasts(rows, fits, selection, "bpb")));
            }
            for (String family : Charts.distinct(selected, ResultRow::family)) {
                List<ResultRow> familyRows = selected.stream().filter(r -> r.family().equals(family)).toList();
                if (family.equals(SweepConfig.BASELINE_FAMILY)
                        || familyRows.stream().mapToLong(ResultRow::parameters).distinct().count() < 2) {
                    continue;
                }
                plots.add(new Plot("Bits per byte against model size N for " + family + " on " + selection.label()
                        + ", one line per D; dashed: the joint fit L(N, D).", "bpb_vs_N-" + suffix + "-" + slug(family),
                        Charts.modelScaling(rows, fits, selection, family, "bpb")));
                // One adjusted-rate figure per family, over all its test sizes: drawn with the smallest.
                boolean firstTest = selection.test().equals(Charts.testKey(rows.stream()
                        .filter(r -> ScalingFits.corpusFamily(r.corpus()).equals(selection.corpus())
                                && r.protocol().equals(selection.protocol()) && r.family().equals(family))
                        .min(Comparator.comparingLong(ResultRow::testBytes)).orElseThrow()));
                if (!selection.protocol().equals(SweepConfig.ONLINE) && firstTest) {
                    plots.add(new Plot("Adjusted bits per byte (held-out code + N × bits per parameter, per test byte) "
                            + "against N for " + family + " on " + selection.corpus() + " (" + selection.protocol()
                            + "), one line per test size; ★ the minimum of each line.", "adjusted_bpb_vs_N-"
                            + slug(selection.corpus()) + "-" + selection.protocol() + "-" + slug(family),
                            Charts.adjusted(rows, selection.corpus(), selection.protocol(), family)));
                }
            }
            // Held out: the compute, memory and speed figures at the largest test size only.
            boolean largestTest = selection.test().isEmpty() || Long.parseLong(selection.test()) == rows.stream()
                    .filter(r -> ScalingFits.corpusFamily(r.corpus()).equals(selection.corpus())
                            && r.protocol().equals(selection.protocol())).mapToLong(ResultRow::testBytes).max().orElse(0);
            if (!largestTest) {
                continue;
            }
            if (selected.stream().anyMatch(r -> r.operationsPerByte() != null)
                    && selected.stream().filter(r -> r.operationsPerByte() != null).count() >= 2) {
                plots.add(new Plot("Bits per byte against compute on " + selection.label() + " (operations each model "
                        + "states per byte × bytes processed), mean over seeds; dashed grey: the frontier; the compute law "
                        + "L(C) = E + K·C^-γ fitted on it where it has 4 points.", "compute-" + suffix,
                        Charts.compute(rows, fits, selection, "bpb", false)));
            }
            if (selected.stream().filter(r -> r.cpuSeconds() != null).count() >= 2) {
                plots.add(new Plot("Bits per byte against measured CPU seconds on " + selection.label() + ", models and "
                        + "baselines; dashed grey: the frontier. CPU time on a shared machine: compare within a run.",
                        "cpu-" + suffix, Charts.compute(rows, fits, selection, "bpb", true)));
            }
            if (Charts.memoryPoints(selected, "bpb").size() >= 2) {
                plots.add(new Plot("The memory–bpb frontier on " + selection.label() + ": each spec at the largest D "
                        + "two or more reached; dashed: the best spec within each memory budget.", "memory-" + suffix,
                        Charts.memory(rows, selection, "bpb")));
            }
            if (Charts.distinct(selected, ResultRow::spec).size() >= 2) {
                plots.add(new Plot("Compression against speed on " + selection.label() + " at the largest D of each "
                        + "model; dashed: the Pareto front.", "pareto-" + suffix, Charts.pareto(rows, selection)));
            }
        }
        for (Map.Entry<String, Set<String>> source : syntheticSpecs().entrySet()) {
            for (String spec : source.getValue()) {
                plots.add(new Plot("Redundancy of " + spec + " on " + source.getKey() + " against n, mean over seeds, "
                        + "with the Rissanen/KT leading term (d/2)·log2(n)/n and, where known, the Clarke–Barron "
                        + "value with constants.", "redundancy-" + slug(source.getKey()) + "-" + slug(spec),
                        Charts.redundancy(rows, source.getKey(), spec)));
            }
        }
        return plots;
    }

    /** Synthetic source family to the specs measured on it online. */
    private Map<String, Set<String>> syntheticSpecs() {
        Map<String, Set<String>> specs = new TreeMap<>();
        for (ResultRow r : rows) {
            if (r.sourceBpb() != null && r.protocol().equals("online")) {
                specs.computeIfAbsent(ScalingFits.corpusFamily(r.corpus()), k -> new LinkedHashSet<>()).add(r.spec());
            }
        }
        return specs;
    }

    /** The files a run would write into {@code directory}. */
    public List<Path> targets(List<Plot> plots, Path directory, boolean report) {
        List<Path> files = new ArrayList<>();
        for (Plot plot : plots) {
            files.add(directory.resolve(plot.name() + ".csv"));
            for (String format : new TreeSet<>(formats)) {
                files.add(directory.resolve(plot.name() + "." + format));
            }
        }
        if (report) {
            files.add(directory.resolve(REPORT));
            files.add(directory.resolve(FITS));
        }
        return files;
    }

    /**
     * Saves the figures and, if {@code report}, {@value #REPORT} and {@value #FITS}.
     *
     * @param sweep    the sweep's {@code sweep.json} (config and provenance), or null
     * @param source   where the rows came from, for the provenance section
     * @param progress receives each file written
     */
    public void write(List<Plot> plots, Path directory, boolean report, JsonNode sweep, String source,
                      Consumer<Path> progress) throws IOException {
        Files.createDirectories(directory);
        for (Plot plot : plots) {
            for (Path file : FigureRenderer.save(plot.figure(), directory.resolve(plot.name()), formats)) {
                progress.accept(file);
            }
        }
        if (report) {
            Path file = directory.resolve(REPORT);
            AtomicFile.writeString(file, markdown(plots, sweep, source));
            progress.accept(file);
            Path json = directory.resolve(FITS);
            fits.write(json);
            progress.accept(json);
        }
    }

    /** The Markdown report. */
    String markdown(List<Plot> plots, JsonNode sweep, String source) {
        StringBuilder md = new StringBuilder();
        String name = sweep != null && sweep.path("config").has("name") ? sweep.path("config").path("name").asText() : "sweep";
        md.append("# Scaling report: ").append(name).append("\n\n");
        md.append("Generated by `bitscale plot --report` from `").append(source).append("` (").append(rows.size())
                .append(" cells). bpb = 8 × arithmetic-coder payload bytes / bytes coded. Fits: ")
                .append(fits.settings().bootstrap()).append(" bootstrap replicates, ").append(fits.settings().folds())
                .append("-fold cross-validation, seed ").append(fits.settings().seed()).append(", forecast cutoff ")
                .append(fits.settings().cutoff() == null ? "per curve (its top decade)" : LogTicks.format(fits.settings().cutoff()))
                .append("; everything here is rebuilt from the rows by `bitscale plot DIR -o DIR --report --force`.\n\n");
        appendChecks(md);
        // Links point at the PNG (drawn by default) unless PNG is not drawn; a rebuild check draws nothing.
        String imageFormat = formats.isEmpty() || formats.contains("png") ? "png" : new TreeSet<>(formats).first();
        List<Plot> main = plots.stream().filter(p -> !p.name().startsWith("redundancy-")).toList();
        if (!main.isEmpty()) {
            md.append("## Plots\n\n");
            for (Plot plot : main) {
                md.append("![").append(plot.name()).append("](").append(plot.name()).append('.').append(imageFormat)
                        .append(")\n\n*").append(plot.caption()).append("* Data: [`").append(plot.name())
                        .append(".csv`](").append(plot.name()).append(".csv)\n\n");
            }
        }
        appendFits(md, Law.DATA, "Data scaling fits, L(D) = E + B·D^-β");
        ReportTables.forecasts(md, fits.forecasts());
        ReportTables.transfers(md, fits.transfers());
        appendFits(md, Law.SIZE, "Model-size fits, L(N) = E + A·N^-α");
        appendFits(md, Law.JOINT, "Joint fits, L(N, D) = E + A·N^-α + B·D^-β");
        appendFits(md, Law.COMPUTE, "Compute frontier fits, L(C) = E + K·C^-γ");
        ReportTables.allocations(md, fits.allocations());
        ReportTables.memory(md, rows);
        ReportTables.adjusted(md, rows);
        appendLargest(md);
        appendRedundancy(md, plots, imageFormat);
        appendProvenance(md, sweep);
        return md.toString();
    }

    /** The fit tables, forecasts, transfers and allocations of a fit report, as {@code bitscale fit} prints them. */
    public static String fitMarkdown(FitReport fits) {
        Report report = new Report(List.of(), fits, Set.of());
        StringBuilder md = new StringBuilder();
        report.appendChecks(md);
        report.appendFits(md, Law.DATA, "Data scaling fits, L(D) = E + B·D^-β");
        ReportTables.forecasts(md, fits.forecasts());
        ReportTables.transfers(md, fits.transfers());
        report.appendFits(md, Law.SIZE, "Model-size fits, L(N) = E + A·N^-α");
        report.appendFits(md, Law.JOINT, "Joint fits, L(N, D) = E + A·N^-α + B·D^-β");
        report.appendFits(md, Law.COMPUTE, "Compute frontier fits, L(C) = E + K·C^-γ");
        ReportTables.allocations(md, fits.allocations());
        return md.toString();
    }

    /** The fits that fail a check, listed first so no bad fit reads as a good one. */
    private void appendChecks(StringBuilder md) {
        List<FitResult> failed = fits.fits().stream().filter(f -> !f.passes()).toList();
        md.append("## Quality checks\n\n");
        md.append(String.format(Locale.ROOT, "%d of %d fits pass every check (R² ≥ %.2f, no exponent at a bound or "
                        + "undetermined, E > 0, forecast error ≤ %.0f%%, CV error ≤ %.0f%%, not degenerate).",
                fits.fits().size() - failed.size(), fits.fits().size(), FitQuality.MIN_R2,
                100 * FitQuality.MAX_RELATIVE_ERROR, 100 * FitQuality.MAX_CV_ERROR));
        if (failed.isEmpty()) {
            md.append("\n\n");
            return;
        }
        md.append(" These fail and are marked ⚠ in every table and plot:\n\n");
        for (FitResult fit : failed) {
            md.append("- ").append(fit.law().shortName()).append(" ").append(String.join(" · ", fit.group().values()))
                    .append(": ").append(String.join("; ", fit.flags())).append('\n');
        }
        md.append('\n');
    }

    private void appendFits(StringBuilder md, Law law, String title) {
        List<FitResult> selected = fits.fits().stream().filter(f -> f.law() == law).toList();
        if (selected.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n");
        md.append("95% intervals: a seed-cluster bootstrap where the curve has several seeds (whole seeds resampled, "
                + "percentile distances widened by t(0.975, k−1)/z·√(k/(k−1)) for k seeds), else a residual bootstrap "
                + "over the one series, which treats nested online sizes as independent and so runs too narrow. "
                + "Several seeds: the law is fitted to the mean over seeds, weighted by the measured spread at each "
                + "size. CV RMSE: k-fold cross-validated prediction error (bpb). Extrap.: error at the largest size "
                + "from the others. Per-seed: the range of the exponent over each seed's own fit.\n\n");
        md.append(FitTable.markdown(selected)).append('\n');
    }

    private void appendLargest(StringBuilder md) {
        md.append("## Measurements at the largest D\n\n");
        md.append("| corpus | protocol | spec | N | D | test bytes | bpb | ideal bpb | adjusted bpb | top-1 | ops/byte | "
                + "CPU s | MB/s |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, ResultRow> largest = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            String key = r.corpus() + "\u0000" + r.protocol() + "\u0000" + r.spec() + "\u0000" + r.testBytes();
            ResultRow previous = largest.get(key);
            if (previous == null || r.trainBytes() > previous.trainBytes()) {
                largest.put(key, r);
            }
        }
        for (ResultRow r : largest.values()) {
            if (CorpusData.synthetic(r.corpus()) != null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %s | %s | %s | %.4f | %.4f | %.4f | %.3f | %s | %s | %.2f |%n",
                    r.corpus(), r.protocol(), r.spec(), Charts.human(r.parameters()), Charts.human(r.trainBytes()),
                    Charts.human(r.testBytes()), r.bpb(), r.idealBpb(), r.adjustedBpb(), r.top1Accuracy(),
                    r.operationsPerByte() == null ? "–" : Long.toString(r.operationsPerByte()),
                    r.cpuSeconds() == null ? "–" : String.format(Locale.ROOT, "%.2f", r.cpuSeconds()), r.mbPerSecond()));
        }
        md.append('\n');
    }

    private void appendRedundancy(StringBuilder md, List<Plot> plots, String imageFormat) {
        List<ResultRow> synthetic = rows.stream().filter(r -> r.sourceBpb() != null && r.protocol().equals("online")).toList();
        if (synthetic.isEmpty()) {
            return;
        }
        md.append("## Synthetic sources: the true limit\n\n");
        md.append("For a source with a known entropy rate H, redundancy = measured bpb − H (noisy: the sample's own "
                + "code length fluctuates by O(√n) bits around n·H) and, sharper, bpb − the true model's code length of "
                + "the same bytes (pointwise regret). Leading term: Rissanen's (d/2)·log2(n)/n with d = the model's "
                + "parameters. Clarke–Barron: Σ over contexts c of ((m−1)/2)·log2(n_c/(2πe)) + log2(Γ(1/2)^m/Γ(m/2)), "
                + "per symbol — the same law with its constant terms, from the context counts n_c seen.\n\n");
        md.append("| source | spec | n | seeds | bpb | entropy rate | bpb − H | bpb − true code | (d/2)·log2(n)/n | "
                + "Clarke–Barron | pointwise / leading | pointwise / C–B |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<ResultRow>> groups = new TreeMap<>();
        for (ResultRow r : synthetic) {
            groups.computeIfAbsent(ScalingFits.corpusFamily(r.corpus()) + "\u0000" + r.spec() + "\u0000"
                    + String.format(Locale.ROOT, "%020d", r.testBytes()), k -> new ArrayList<>()).add(r);
        }
        for (List<ResultRow> g : groups.values()) {
            ResultRow first = g.get(0);
            double bpb = mean(g, ResultRow::bpb);
            double h = mean(g, ResultRow::entropyRateBpb);
            double rate = mean(g, ResultRow::redundancyBpb);
            double rateSd = sd(g, ResultRow::redundancyBpb);
            double pointwise = mean(g, ResultRow::pointwiseRedundancyBpb);
            double pointwiseSd = sd(g, ResultRow::pointwiseRedundancyBpb);
            double bound = mean(g, ResultRow::boundBpb);
            double cb = g.stream().allMatch(r -> r.expectedRedundancyBpb() != null)
                    ? mean(g, ResultRow::expectedRedundancyBpb) : Double.NaN;
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %d | %.5f | %.5f | %.5f ± %.5f | %.5f ± %.5f | %.5f | %s | %.3f | %s |%n",
                    ScalingFits.corpusFamily(first.corpus()).replace("synthetic:", ""), first.spec(),
                    Charts.human(first.testBytes()), g.size(), bpb, h, rate, rateSd, pointwise, pointwiseSd, bound,
                    Double.isNaN(cb) ? "–" : String.format(Locale.ROOT, "%.5f", cb), pointwise / bound,
                    Double.isNaN(cb) ? "–" : String.format(Locale.ROOT, "%.3f", pointwise / cb)));
        }
        md.append("\n(± is the standard deviation over seeds.)\n\n");
        for (Plot plot : plots) {
            if (plot.name().startsWith("redundancy-")) {
                md.append("![").append(plot.name()).append("](").append(plot.name()).append('.').append(imageFormat)
                        .append(")\n\n*").append(plot.caption()).append("*\n\n");
            }
        }
    }

    private void appendProvenance(StringBuilder md, JsonNode sweep) {
        md.append("## Provenance\n\n");
        Set<String> revisions = new LinkedHashSet<>();
        Set<String> jvms = new LinkedHashSet<>();
        Map<String, Long> corpora = new TreeMap<>();
        for (ResultRow r : rows) {
            revisions.add(r.gitRevision());
            jvms.add(r.jvm());
            corpora.merge(CorpusData.synthetic(r.corpus()) != null ? ScalingFits.corpusFamily(r.corpus()) : r.corpus(),
                    1L, Long::sum);
        }
        md.append("- git revision: ").append(String.join(", ", revisions.stream().map(s -> "`" + s + "`").toList()))
                .append('\n');
        md.append("- JVM: ").append(String.join(", ", jvms)).append('\n');
        corpora.forEach((corpus, count) -> md.append("- corpus `").append(corpus).append("`: ").append(count)
                .append(" cells (each row's `sha256` is the digest of exactly the bytes that cell's model saw)\n"));
        if (sweep != null) {
            md.append("- sweep config (from `sweep.json`):\n\n```json\n").append(sweep.path("config").toPrettyString())
                    .append("\n```\n");
            if (sweep.has("provenance")) {
                md.append("\n- machine: ").append(sweep.path("provenance").toString()).append('\n');
            }
        }
    }

    private static double mean(List<ResultRow> rows, java.util.function.Function<ResultRow, Double> f) {
        return rows.stream().map(f).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double sd(List<ResultRow> rows, java.util.function.Function<ResultRow, Double> f) {
        if (rows.size() < 2) {
            return 0;
        }
        double m = mean(rows, f);
        double sum = rows.stream().map(f).mapToDouble(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(sum / (rows.size() - 1));
    }

    /** A file-name-safe version of a label. */
    static String slug(String text) {
        String s = text.replace("synthetic:", "").replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("_+", "_")
                .replaceAll("^_|_$", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}

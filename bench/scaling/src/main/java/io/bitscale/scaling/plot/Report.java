package io.bitscale.scaling.plot;

import io.bitscale.core.io.AtomicFile;
import io.bitscale.scaling.sweep.Provenance;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.Law;
import io.bitscale.corpora.CorpusData;
import io.bitscale.scaling.sweep.ResultRow;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Draws every plot a result table supports and, on request, a Markdown report around them: the
 * plots, the fit tables, a synthetic-source redundancy table and provenance.
 *
 * <p>Plots made (file names are {@code KIND-CORPUS-PROTOCOL[-FAMILY]}):
 * <ul>
 *   <li>{@code bpb_vs_D}: per real corpus and protocol with at least 2 data sizes;</li>
 *   <li>{@code bpb_vs_N}: per family with at least 2 model sizes (joint fit dashed);</li>
 *   <li>{@code adjusted_bpb_vs_N}: the same for heldout rows with the model's bits added — the U-shape;</li>
 *   <li>{@code pareto}: bpb against speed at the largest D, per corpus and protocol;</li>
 *   <li>{@code redundancy}: per synthetic source family and spec.</li>
 * </ul>
 */
public final class Report {

    /** The report's file name. */
    public static final String REPORT = "report.md";

    private final List<ResultRow> rows;
    private final List<FitResult> fits;
    private final Set<String> formats;

    /**
     * @param rows    the result table
     * @param fits    fits of the table (drawn dashed and tabulated)
     * @param formats {@code png} and/or {@code svg}
     */
    public Report(List<ResultRow> rows, List<FitResult> fits, Set<String> formats) {
        this.rows = rows;
        this.fits = fits;
        this.formats = formats;
    }

    /** A drawn plot: its caption and base name (without extension). */
    public record Plot(String caption, String name, XYChart chart) {
    }

    /** Every plot the rows support, not yet saved. */
    public List<Plot> plots() {
        List<Plot> plots = new ArrayList<>();
        for (String corpus : Charts.distinct(rows, ResultRow::corpus)) {
            if (CorpusData.synthetic(corpus) != null) {
                continue;
            }
            for (String protocol : Charts.distinct(rows, ResultRow::protocol)) {
                List<ResultRow> selected = Charts.rows(rows, corpus, protocol);
                if (selected.isEmpty()) {
                    continue;
                }
                String suffix = slug(corpus) + "-" + protocol;
                if (selected.stream().mapToLong(ResultRow::trainBytes).distinct().count() >= 2) {
                    plots.add(new Plot("Bits per byte against data size D on " + corpus + " (" + protocol
                            + "), one line per model; dashed: fitted L(D) = E + B·D^-β.", "bpb_vs_D-" + suffix,
                            Charts.dataScaling(rows, fits, corpus, protocol, "bpb")));
                }
                for (String family : Charts.distinct(selected, ResultRow::family)) {
                    List<ResultRow> familyRows = selected.stream().filter(r -> r.family().equals(family)).toList();
                    if (familyRows.stream().mapToLong(ResultRow::parameters).distinct().count() < 2) {
                        continue;
                    }
                    plots.add(new Plot("Bits per byte against model size N for " + family + " on " + corpus + " ("
                            + protocol + "), one line per D; dashed: the joint fit L(N, D).",
                            "bpb_vs_N-" + suffix + "-" + slug(family),
                            Charts.modelScaling(rows, fits, corpus, protocol, family, "bpb")));
                    if (protocol.equals("heldout")) {
                        plots.add(new Plot("Adjusted bits per byte (held-out code + N × bits per parameter, per test "
                                + "byte) against N for " + family + " on " + corpus + ": past some size the model "
                                + "costs more than it saves.", "adjusted_bpb_vs_N-" + suffix + "-" + slug(family),
                                Charts.modelScaling(rows, fits, corpus, protocol, family, "adjustedBpb")));
                    }
                }
                if (Charts.distinct(selected, ResultRow::spec).size() >= 2) {
                    plots.add(new Plot("Compression against speed on " + corpus + " (" + protocol + ") at the largest D "
                            + "of each model; dashed: the Pareto front.", "pareto-" + suffix,
                            Charts.pareto(rows, corpus, protocol)));
                }
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
                specs.computeIfAbsent(Charts.sourceFamily(r.corpus()), k -> new LinkedHashSet<>()).add(r.spec());
            }
        }
        return specs;
    }

    /** The files a run would write into {@code directory}. */
    public List<Path> targets(List<Plot> plots, Path directory, boolean report) {
        List<Path> files = new ArrayList<>();
        for (Plot plot : plots) {
            for (String format : formats) {
                files.add(directory.resolve(plot.name() + "." + format));
            }
        }
        if (report) {
            files.add(directory.resolve(REPORT));
        }
        return files;
    }

    /**
     * Saves the plots and, if {@code report}, the Markdown report.
     *
     * @param sweep    the sweep's {@code sweep.json} (config and provenance), or null
     * @param source   where the rows came from, for the provenance section
     * @param progress receives each file written
     */
    public void write(List<Plot> plots, Path directory, boolean report, JsonNode sweep, String source,
                      Consumer<Path> progress) throws IOException {
        Files.createDirectories(directory);
        for (Plot plot : plots) {
            for (Path file : Charts.save(plot.chart(), directory.resolve(plot.name()), formats)) {
                progress.accept(file);
            }
        }
        if (report) {
            Path file = directory.resolve(REPORT);
            AtomicFile.writeString(file, markdown(plots, sweep, source));
            progress.accept(file);
        }
    }

    /** The Markdown report. */
    String markdown(List<Plot> plots, JsonNode sweep, String source) {
        StringBuilder md = new StringBuilder();
        String name = sweep != null && sweep.path("config").has("name") ? sweep.path("config").path("name").asText() : "sweep";
        md.append("# Scaling report: ").append(name).append("\n\n");
        md.append("Generated by `bitscale plot --report` from `").append(source).append("` (").append(rows.size())
                .append(" cells). bpb = 8 × arithmetic-coder payload bytes / bytes coded.\n\n");
        String imageFormat = formats.contains("png") ? "png" : formats.iterator().next();
        List<Plot> main = plots.stream().filter(p -> !p.name().startsWith("redundancy-")).toList();
        if (!main.isEmpty()) {
            md.append("## Plots\n\n");
            for (Plot plot : main) {
                md.append("![").append(plot.name()).append("](").append(plot.name()).append('.').append(imageFormat)
                        .append(")\n\n*").append(plot.caption()).append("*\n\n");
            }
        }
        appendFits(md, Law.DATA, "Data scaling fits, L(D) = E + B·D^-β");
        appendFits(md, Law.SIZE, "Model-size fits, L(N) = E + A·N^-α");
        appendFits(md, Law.JOINT, "Joint fits, L(N, D) = E + A·N^-α + B·D^-β");
        appendLargest(md);
        appendRedundancy(md, plots, imageFormat);
        appendProvenance(md, sweep);
        return md.toString();
    }

    private void appendFits(StringBuilder md, Law law, String title) {
        List<FitResult> selected = fits.stream().filter(f -> f.law() == law).toList();
        if (selected.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n");
        md.append("95% intervals: residual bootstrap (").append(selected.get(0).bootstrap()).append(" replicates). ")
                .append("CV RMSE: k-fold cross-validated prediction error on held-out cells (bpb). ")
                .append("Extrap.: absolute error at the largest size when fitting the others.\n\n");
        md.append(FitTable.markdown(selected)).append('\n');
    }

    private void appendLargest(StringBuilder md) {
        md.append("## Measurements at the largest D\n\n");
        md.append("| corpus | protocol | spec | N | D | test bytes | bpb | ideal bpb | adjusted bpb | top-1 | MB/s |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, ResultRow> largest = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            String key = r.corpus() + "\u0000" + r.protocol() + "\u0000" + r.spec();
            ResultRow previous = largest.get(key);
            if (previous == null || r.trainBytes() > previous.trainBytes()) {
                largest.put(key, r);
            }
        }
        for (ResultRow r : largest.values()) {
            if (CorpusData.synthetic(r.corpus()) != null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %s | %s | %s | %.4f | %.4f | %.4f | %.3f | %.2f |%n",
                    r.corpus(), r.protocol(), r.spec(), Charts.human(r.parameters()), Charts.human(r.trainBytes()),
                    Charts.human(r.testBytes()), r.bpb(), r.idealBpb(), r.adjustedBpb(), r.top1Accuracy(), r.mbPerSecond()));
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
            groups.computeIfAbsent(Charts.sourceFamily(r.corpus()) + "\u0000" + r.spec() + "\u0000"
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
                    Charts.sourceFamily(first.corpus()).replace("synthetic:", ""), first.spec(),
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
            corpora.merge(CorpusData.synthetic(r.corpus()) != null ? Charts.sourceFamily(r.corpus()) : r.corpus(),
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

package io.bitscale.scaling.plot;

import io.bitscale.scaling.fit.ComputeFrontier;
import io.bitscale.scaling.fit.FitQuality;
import io.bitscale.scaling.fit.FitReport;
import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.Forecast;
import io.bitscale.scaling.fit.Law;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.SweepConfig;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The standard scaling figures, built from result rows and a {@link FitReport}: each a
 * {@link Figure} that {@link FigureRenderer} draws and writes as CSV. Rows are grouped into
 * curves as the fits group them: the shuffles of one corpus are one curve (mean over seeds, each
 * seed's points faint beside it), a growing-capacity series is one curve, baselines are drawn as
 * references. Colour-blind-safe colours (Okabe–Ito); fitted laws dashed, their 95% bands shaded,
 * both in the legend; a fit that fails a quality check is marked.
 *
 * <pre>{@code
 * FitReport fits = new ScalingFits(new PowerLawFitter(1000, 5, 1), "bpb").report(rows, null, n -> { });
 * Figure figure = Charts.dataScaling(rows, fits, Charts.Selection.of("shuffled(text-enwiki)", "online", ""), "bpb");
 * FigureRenderer.save(figure, Path.of("plots/bpb_vs_D"), Set.of("png", "svg", "pdf"));
 * }</pre>
 */
public final class Charts {

    /** Okabe–Ito palette (distinguishable with the common colour-vision deficiencies). */
    static final Color[] PALETTE = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0),
        new Color(240, 228, 66)};
    private static final Color REFERENCE = new Color(110, 110, 110);
    private static final int CURVE_POINTS = 60;

    private Charts() {
    }

    /**
     * The rows of one figure: a corpus family (seeds pooled), a protocol, and for held-out
     * protocols a test size (empty for online).
     *
     * @param corpus   the corpus family ({@link ScalingFits#corpusFamily})
     * @param protocol the protocol
     * @param test     the test bytes, or empty
     */
    public record Selection(String corpus, String protocol, String test) {
        /** A selection. */
        public static Selection of(String corpus, String protocol, String test) {
            return new Selection(corpus, protocol, test);
        }

        /** True if a row belongs to it. */
        public boolean contains(ResultRow r) {
            return ScalingFits.corpusFamily(r.corpus()).equals(corpus) && r.protocol().equals(protocol)
                    && testKey(r).equals(test);
        }

        /** True if a fit's group belongs to it. */
        boolean contains(Map<String, String> group) {
            return corpus.equals(group.get("corpus")) && protocol.equals(group.get("protocol"))
                    && test.equals(group.getOrDefault("T", ""));
        }

        /** A label for titles. */
        String label() {
            return corpus + " (" + protocol + (test.isEmpty() ? "" : ", test " + LogTicks.format(Double.parseDouble(test))
                    + " bytes") + ")";
        }
    }

    static String testKey(ResultRow r) {
        return r.protocol().equals(SweepConfig.ONLINE) ? "" : Long.toString(r.testBytes());
    }

    /** Every selection the rows have, in order of first appearance. */
    public static List<Selection> selections(List<ResultRow> rows) {
        return rows.stream().map(r -> Selection.of(ScalingFits.corpusFamily(r.corpus()), r.protocol(), testKey(r)))
                .distinct().toList();
    }

    // ---------------------------------------------------------------- data scaling

    /**
     * A metric against D, one curve per series (mean over seeds, seeds faint), baselines as
     * references, each fitted {@code L(D)} dashed with its 95% band.
     */
    public static Figure dataScaling(List<ResultRow> rows, FitReport fits, Selection selection, String metric) {
        Figure figure = new Figure(metric + " vs data size — " + selection.label(),
                "D, bytes " + (selection.protocol().equals(SweepConfig.ONLINE) ? "coded while learning" : "of training"),
                axisLabel(metric), true, true);
        int colour = 0;
        for (Map.Entry<String, List<ResultRow>> series : bySeries(select(rows, selection)).entrySet()) {
            List<ResultRow> curve = series.getValue();
            ResultRow first = curve.get(0);
            boolean baseline = first.family().equals(SweepConfig.BASELINE_FAMILY);
            Color c = baseline ? REFERENCE : PALETTE[colour++ % PALETTE.length];
            Map<Long, Double> mean = meanBy(curve, ResultRow::trainBytes, r -> r.metric(metric));
            long seeds = curve.stream().mapToLong(ResultRow::seed).distinct().count();
            if (seeds > 1) {
                figure.add(new Figure.Series(series.getKey() + " (each seed)", Figure.Kind.POINTS, translucent(c),
                        curve.stream().mapToDouble(ResultRow::trainBytes).toArray(),
                        curve.stream().mapToDouble(r -> r.metric(metric)).toArray(), null, false, false));
            }
            if (baseline) {
                figure.add(new Figure.Series(series.getKey() + " (baseline compressor)", Figure.Kind.REFERENCE, c,
                        xs(mean), ys(mean), null, true, false));
                continue;
            }
            figure.add(Figure.Series.measured(seriesLabel(curve, seeds), c, xs(mean), ys(mean)));
            for (FitResult fit : fits.fits()) {
                if (fit.law() == Law.DATA && selection.contains(fit.group())
                        && series.getKey().equals(fit.group().get("series")) && first.family().equals(fit.group().get("family"))) {
                    addFit(figure, fit, c, logRange(mean.keySet()), d -> fit.predict(0, d));
                }
            }
        }
        return figure;
    }

    /** The legend text of a measured curve: the series, its capacity, its size, its seeds. */
    static String seriesLabel(List<ResultRow> curve, long seeds) {
        ResultRow first = curve.get(0);
        String seedText = seeds > 1 ? ", mean of " + seeds + " seeds" : "";
        if (first.growing()) {
            long nMin = curve.stream().mapToLong(ResultRow::parameters).min().orElse(0);
            long nMax = curve.stream().mapToLong(ResultRow::parameters).max().orElse(0);
            return first.seriesName() + ": capacity grows with D (" + first.capacity() + "; N=" + human(nMin) + ".."
                    + human(nMax) + seedText + ")";
        }
        return first.seriesName() + ": fixed capacity (N=" + human(first.parameters()) + seedText + ")";
    }

    /** Adds a fit's curve and band to a figure. */
    private static void addFit(Figure figure, FitResult fit, Color c, double[] range,
                               java.util.function.DoubleUnaryOperator law) {
        double[] y = new double[range.length];
        for (int i = 0; i < range.length; i++) {
            y[i] = law.applyAsDouble(range[i]);
        }
        boolean band = fit.band().size() == 3;
        String label = fitLabel(fit) + (band ? "\nshaded: 95% band, " + fit.intervalMethod()
                + (fit.seeds() > 1 ? " over " + fit.seeds() + " seeds" : "") : "");
        figure.add(Figure.Series.fit(label, c, range, y, !fit.passes()));
        if (band) {
            // In the legend with its fit: the fit's entry shows the shading behind its dash.
            figure.add(Figure.Series.band("95% band of " + fit.law().shortName() + " fit", c, toArray(fit.band().get(0)),
                    toArray(fit.band().get(1)), toArray(fit.band().get(2)), false));
        }
    }

    /** "fit: E = 2.01 [1.9, 2.1], β = 0.31 [0.26, 0.36], R² 0.9954" and the first failed check. */
    static String fitLabel(FitResult fit) {
        StringBuilder label = new StringBuilder("fit ").append(fit.law().shortName()).append(": ");
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < fit.law().parameters().size(); j++) {
            String name = fit.law().parameters().get(j);
            if (name.equals("E") || fit.law().isExponent(j)) {
                String interval = Double.isNaN(fit.lower().get(j)) ? ""
                        : " [" + shortNumber(fit.lower().get(j)) + ", " + shortNumber(fit.upper().get(j)) + "]";
                parts.add(FitQuality.symbol(name) + " = " + shortNumber(fit.parameters().get(j)) + interval);
            }
        }
        label.append(String.join(", ", parts)).append(String.format(Locale.ROOT, ", R² %.4f", fit.r2()));
        if (!fit.passes()) {
            label.append("\n").append(String.join("; ", fit.flags()));
        }
        return label.toString();
    }

    // ---------------------------------------------------------------- forecasts

    /**
     * The forecast checks: each curve measured, its law fitted up to the cutoff (dashed) carried
     * past it, the 95% prediction intervals at the forecast sizes, the cutoffs as vertical lines.
     */
    public static Figure forecasts(List<ResultRow> rows, FitReport fits, Selection selection, String metric) {
        Figure figure = new Figure("Forecast check — " + selection.label(),
                "D, bytes", axisLabel(metric), true, true);
        int colour = 0;
        List<Double> cutoffs = new ArrayList<>();
        for (Map.Entry<String, List<ResultRow>> series : bySeries(select(rows, selection)).entrySet()) {
            ResultRow first = series.getValue().get(0);
            if (first.family().equals(SweepConfig.BASELINE_FAMILY)) {
                continue;
            }
            Color c = PALETTE[colour++ % PALETTE.length];
            List<Forecast> own = fits.forecasts().stream().filter(f -> selection.contains(f.group())
                    && series.getKey().equals(f.group().get("series")) && first.family().equals(f.group().get("family")))
                    .toList();
            if (own.isEmpty()) {
                continue;
            }
            Map<Long, Double> mean = meanBy(series.getValue(), ResultRow::trainBytes, r -> r.metric(metric));
            figure.add(Figure.Series.measured(series.getKey(), c, xs(mean), ys(mean)));
            Forecast worst = own.stream().max(Comparator.comparingDouble(f -> Math.abs(f.error()))).orElseThrow();
            Forecast top = own.get(own.size() - 1);
            double[] law = top.law().stream().mapToDouble(Double::doubleValue).toArray();
            double[] range = logRange(mean.keySet());
            double[] y = new double[range.length];
            for (int i = 0; i < range.length; i++) {
                y[i] = Law.DATA.value(law, 0, range[i]);
            }
            String label = String.format(Locale.ROOT, "law on D ≤ %s → %s: %+.2f%% (last value %+.2f%%, line %+.2f%%)%s",
                    LogTicks.format(top.cutoff()), LogTicks.format(top.d()), 100 * top.error(), 100 * top.lastValueError(),
                    100 * top.lineError(), top.beatsBaselines() ? ", beats both" : "");
            figure.add(Figure.Series.fit(label, c, range, y, Math.abs(worst.error()) > FitQuality.MAX_RELATIVE_ERROR));
            figure.add(new Figure.Series("95% prediction intervals", Figure.Kind.INTERVALS, c,
                    own.stream().mapToDouble(Forecast::d).toArray(), own.stream().mapToDouble(Forecast::lower).toArray(),
                    own.stream().mapToDouble(Forecast::upper).toArray(), false, false));
            if (!cutoffs.contains(top.cutoff())) {
                cutoffs.add(top.cutoff());
            }
        }
        if (!cutoffs.isEmpty()) {
            figure.add(new Figure.Series("cutoff: laws fitted on D at or left of the line", Figure.Kind.VERTICAL, REFERENCE,
                    cutoffs.stream().mapToDouble(Double::doubleValue).toArray(),
                    cutoffs.stream().mapToDouble(c -> Double.NaN).toArray(), null, true, false));
        }
        figure.note("Bars: 95% prediction intervals for the measured mean at each size beyond the cutoff.");
        return figure;
    }

    // ---------------------------------------------------------------- model size

    /**
     * A metric against N for one family, one line per D (at most six); the joint fit dashed, or,
     * where there is none, each D's own model-size fit L(N) (flagged ⚠ when it fails a check).
     */
    public static Figure modelScaling(List<ResultRow> rows, FitReport fits, Selection selection, String family,
                                      String metric) {
        Figure figure = new Figure(metric + " vs model size — " + family + ", " + selection.label(),
                "N, parameters", axisLabel(metric), true, !metric.equals("top1Accuracy"));
        List<ResultRow> selected = select(rows, selection).stream().filter(r -> r.family().equals(family)).toList();
        List<Long> sizes = selected.stream().map(ResultRow::trainBytes).distinct().sorted().toList();
        FitResult joint = fits.fits().stream().filter(f -> f.law() == Law.JOINT && selection.contains(f.group())
                && family.equals(f.group().get("family")) && metric.equals("bpb")).findFirst().orElse(null);
        int colour = 0;
        for (long d : thin(sizes, 6)) {
            Color c = PALETTE[colour++ % PALETTE.length];
            Map<Long, Double> mean = meanBy(selected.stream().filter(r -> r.trainBytes() == d).toList(),
                    ResultRow::parameters, r -> r.metric(metric));
            figure.add(Figure.Series.measured("D = " + LogTicks.format(d), c, xs(mean), ys(mean)));
            if (joint != null && mean.size() > 1) {
                double[] range = logRange(mean.keySet());
                double[] y = new double[range.length];
                for (int i = 0; i < range.length; i++) {
                    y[i] = joint.predict(range[i], d);
                }
                figure.add(new Figure.Series("joint fit at D = " + LogTicks.format(d), Figure.Kind.FIT, c, range, y, null,
                        false, !joint.passes()));
            }
        }
        if (joint != null) {
            figure.note((joint.passes() ? "" : "⚠ ") + "Dashed: " + fitLabel(joint).replace('\n', ' '));
            return figure;
        }
        // Without a joint law (one D, or too few cells), draw each D's own L(N) where one was fitted.
        colour = 0;
        for (long d : thin(sizes, 6)) {
            Color c = PALETTE[colour++ % PALETTE.length];
            FitResult size = fits.fits().stream().filter(f -> f.law() == Law.SIZE && selection.contains(f.group())
                    && family.equals(f.group().get("family")) && Long.toString(d).equals(f.group().get("D"))
                    && metric.equals("bpb")).findFirst().orElse(null);
            if (size == null) {
                continue;
            }
            double[] range = logRange(selected.stream().filter(r -> r.trainBytes() == d).map(ResultRow::parameters)
                    .collect(Collectors.toCollection(java.util.TreeSet::new)));
            addFit(figure, size, c, range, n -> size.predict(n, d));
        }
        return figure;
    }

    /**
     * The adjusted rate (held-out code + model description, per test byte) against N, one line
     * per test size at the family's largest D, each line's minimum starred: an interior minimum is
     * the U-shape; a minimum at an end means the trade-off turns outside the measured sizes.
     */
    public static Figure adjusted(List<ResultRow> rows, String corpus, String protocol, String family) {
        List<ResultRow> selected = rows.stream().filter(r -> ScalingFits.corpusFamily(r.corpus()).equals(corpus)
                && r.protocol().equals(protocol) && r.family().equals(family)).toList();
        long d = selected.stream().mapToLong(ResultRow::trainBytes).max().orElse(0);
        Figure figure = new Figure("Adjusted rate vs model size — " + family + ", " + corpus + " (" + protocol
                + ", trained on " + LogTicks.format(d) + " bytes)", "N, parameters",
                "adjusted bits per byte ((code + model bits) / test bytes)", true, true);
        int colour = 0;
        for (U u : uShapes(selected.stream().filter(r -> r.trainBytes() == d).toList())) {
            Color c = PALETTE[colour++ % PALETTE.length];
            figure.add(Figure.Series.measured("T = " + LogTicks.format(u.test()) + " test bytes", c, xs(u.adjusted()),
                    ys(u.adjusted())));
            figure.add(new Figure.Series("minimum at N = " + human(u.best()) + (u.interior() ? " (interior: a U)"
                    : u.best() == u.adjusted().keySet().iterator().next() ? " (smallest N: no U)" : " (largest N: no U)"),
                    Figure.Kind.MARK, c, new double[] {u.best()}, new double[] {u.adjusted().get(u.best())}, null, true,
                    false));
        }
        figure.note("Adjusted rate = bpb on the test split + parameters × bits per parameter / test bytes.");
        return figure;
    }

    /**
     * One test size's adjusted rates over N.
     *
     * @param test     test bytes
     * @param adjusted adjusted bpb by N (mean over seeds)
     * @param bpb      coded bpb by N
     * @param best     the N of the minimum
     * @param interior true if the minimum is neither the smallest nor the largest N
     */
    public record U(long test, Map<Long, Double> adjusted, Map<Long, Double> bpb, long best, boolean interior) {
    }

    /** The U of every test size in the rows (one family, protocol and D). */
    public static List<U> uShapes(List<ResultRow> rows) {
        List<U> shapes = new ArrayList<>();
        for (long test : rows.stream().map(ResultRow::testBytes).distinct().sorted().toList()) {
            List<ResultRow> atT = rows.stream().filter(r -> r.testBytes() == test).toList();
            Map<Long, Double> adjusted = meanBy(atT, ResultRow::parameters, ResultRow::adjustedBpb);
            Map<Long, Double> bpb = meanBy(atT, ResultRow::parameters, ResultRow::bpb);
            if (adjusted.size() < 2) {
                continue;
            }
            long best = adjusted.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            List<Long> ns = new ArrayList<>(adjusted.keySet());
            shapes.add(new U(test, adjusted, bpb, best, best != ns.get(0) && best != ns.get(ns.size() - 1)));
        }
        return shapes;
    }

    // ---------------------------------------------------------------- compute, memory, speed

    /**
     * A metric against compute: stated operations (operations per byte × bytes processed) or
     * measured CPU seconds, one line per series, the frontier dashed, and on the operations axis
     * the fitted compute law {@code L(C)} with its band. Baselines appear on the CPU axis only
     * (they state no operations).
     */
    public static Figure compute(List<ResultRow> rows, FitReport fits, Selection selection, String metric, boolean cpu) {
        Figure figure = new Figure(metric + " vs compute — " + selection.label(),
                cpu ? "CPU seconds of the cell" : "compute, operations (stated operations per byte × bytes processed)",
                axisLabel(metric), true, true);
        List<ResultRow> selected = select(rows, selection);
        List<ComputeFrontier.Spend> spend = ComputeFrontier.points(selected, metric);
        ToDoubleFunction<ComputeFrontier.Spend> cost = cpu ? ComputeFrontier.Spend::cpuSeconds
                : ComputeFrontier.Spend::operations;
        Map<String, List<ComputeFrontier.Spend>> bySeries = new LinkedHashMap<>();
        for (Map.Entry<String, List<ResultRow>> series : bySeries(selected).entrySet()) {
            bySeries.put(series.getKey(), spend.stream().filter(p -> p.series().equals(series.getKey())
                    && !Double.isNaN(cost.applyAsDouble(p)) && cost.applyAsDouble(p) > 0)
                    .sorted(Comparator.comparingLong(ComputeFrontier.Spend::d)).toList());
        }
        int colour = 0;
        for (Map.Entry<String, List<ComputeFrontier.Spend>> series : bySeries.entrySet()) {
            if (series.getValue().isEmpty()) {
                continue;
            }
            boolean baseline = series.getValue().get(0).family().equals(SweepConfig.BASELINE_FAMILY);
            Color c = baseline ? REFERENCE : PALETTE[colour++ % PALETTE.length];
            figure.add(new Figure.Series(series.getKey() + (baseline ? " (baseline compressor)" : ""),
                    baseline ? Figure.Kind.REFERENCE : Figure.Kind.MEASURED, c,
                    series.getValue().stream().mapToDouble(cost).toArray(),
                    series.getValue().stream().mapToDouble(ComputeFrontier.Spend::loss).toArray(), null, true, false));
        }
        List<ComputeFrontier.Spend> front = ComputeFrontier.frontier(spend, cost);
        if (front.size() >= 2) {
            figure.add(new Figure.Series("frontier: nothing cheaper does better", Figure.Kind.FRONTIER, Color.DARK_GRAY,
                    front.stream().mapToDouble(cost).toArray(), front.stream().mapToDouble(ComputeFrontier.Spend::loss)
                    .toArray(), null, true, false));
        }
        if (!cpu) {
            for (FitResult fit : fits.fits()) {
                if (fit.law() == Law.COMPUTE && selection.contains(fit.group())) {
                    double[] range = logRange(front.stream().map(p -> (long) p.operations()).collect(Collectors.toSet()));
                    addFit(figure, fit, Color.DARK_GRAY, range, x -> fit.predict(0, x));
                }
            }
        }
        return figure;
    }

    /**
     * The memory–loss frontier: every spec at the largest D measured by at least two specs, loss
     * against the model's memory, the frontier of specs no smaller one beats.
     */
    public static Figure memory(List<ResultRow> rows, Selection selection, String metric) {
        List<MemoryPoint> points = memoryPoints(select(rows, selection), metric);
        long d = points.isEmpty() ? 0 : points.get(0).d();
        Figure figure = new Figure("Memory–" + metric + " frontier — " + selection.label() + ", D = " + LogTicks.format(d),
                "model memory, bytes", axisLabel(metric), true, true);
        Map<String, List<MemoryPoint>> byFamily = new TreeMap<>();
        for (MemoryPoint p : points) {
            byFamily.computeIfAbsent(p.family(), k -> new ArrayList<>()).add(p);
        }
        int colour = 0;
        for (Map.Entry<String, List<MemoryPoint>> family : byFamily.entrySet()) {
            figure.add(new Figure.Series(family.getKey(), Figure.Kind.POINTS, PALETTE[colour++ % PALETTE.length],
                    family.getValue().stream().mapToDouble(MemoryPoint::memoryBytes).toArray(),
                    family.getValue().stream().mapToDouble(MemoryPoint::loss).toArray(), null, true, false));
        }
        List<MemoryPoint> front = memoryFrontier(points);
        if (front.size() >= 2) {
            figure.add(new Figure.Series("frontier: the best spec within each memory budget", Figure.Kind.FRONTIER,
                    Color.DARK_GRAY, front.stream().mapToDouble(MemoryPoint::memoryBytes).toArray(),
                    front.stream().mapToDouble(MemoryPoint::loss).toArray(), null, true, false));
        }
        return figure;
    }

    /**
     * One spec at one D on the memory axis.
     *
     * @param spec        the spec
     * @param family      its family
     * @param memoryBytes its memory
     * @param parameters  its parameters
     * @param d           D
     * @param loss        the metric, mean over seeds
     */
    public record MemoryPoint(String spec, String family, long memoryBytes, long parameters, long d, double loss) {
    }

    /** Every model spec at the largest D that at least two specs reached (baselines left out). */
    public static List<MemoryPoint> memoryPoints(List<ResultRow> rows, String metric) {
        List<ResultRow> models = rows.stream().filter(r -> !r.family().equals(SweepConfig.BASELINE_FAMILY)).toList();
        long d = models.stream().map(ResultRow::trainBytes).distinct().sorted(Comparator.reverseOrder())
                .filter(size -> models.stream().filter(r -> r.trainBytes() == size).map(ResultRow::spec).distinct().count() >= 2)
                .findFirst().orElse(-1L);
        Map<String, List<ResultRow>> bySpec = new TreeMap<>();
        for (ResultRow r : models) {
            if (r.trainBytes() == d) {
                bySpec.computeIfAbsent(r.spec(), k -> new ArrayList<>()).add(r);
            }
        }
        List<MemoryPoint> points = new ArrayList<>();
        bySpec.forEach((spec, g) -> points.add(new MemoryPoint(spec, g.get(0).family(), g.get(0).memoryBytes(),
                g.get(0).parameters(), d, g.stream().mapToDouble(r -> r.metric(metric)).average().orElse(Double.NaN))));
        points.sort(Comparator.comparingLong(MemoryPoint::memoryBytes).thenComparing(MemoryPoint::spec));
        return points;
    }

    /** The specs no smaller (or equal) one beats, smallest first: the best spec for each memory budget. */
    public static List<MemoryPoint> memoryFrontier(List<MemoryPoint> points) {
        List<MemoryPoint> front = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (MemoryPoint p : points) {
            if (p.loss() < best) {
                front.add(p);
                best = p.loss();
            }
        }
        return front;
    }

    /** bpb against model throughput at the largest D per spec, with the Pareto front dashed. */
    public static Figure pareto(List<ResultRow> rows, Selection selection) {
        Figure figure = new Figure("Compression vs speed — " + selection.label() + ", largest D per model",
                "speed, MB/s (10^6 bytes per second through the model)", "bits per byte", true, false);
        List<ResultRow> best = new ArrayList<>();
        for (List<ResultRow> spec : bySpec(select(rows, selection)).values()) {
            long d = spec.stream().mapToLong(ResultRow::trainBytes).max().orElse(0);
            List<ResultRow> atD = spec.stream().filter(r -> r.trainBytes() == d).toList();
            ResultRow first = atD.get(0);
            double speed = atD.stream().mapToDouble(ResultRow::mbPerSecond).average().orElse(0);
            double bpb = atD.stream().mapToDouble(ResultRow::bpb).average().orElse(0);
            best.add(first);
            figure.add(new Figure.Series(first.spec() + " (D=" + LogTicks.format(d) + ")", Figure.Kind.POINTS,
                    first.family().equals(SweepConfig.BASELINE_FAMILY) ? REFERENCE : PALETTE[(best.size() - 1) % PALETTE.length],
                    new double[] {speed}, new double[] {bpb}, null, true, false));
        }
        List<ResultRow> front = paretoFront(best);
        if (front.size() > 1) {
            figure.add(new Figure.Series("Pareto front", Figure.Kind.FRONTIER, Color.GRAY,
                    front.stream().mapToDouble(ResultRow::mbPerSecond).toArray(),
                    front.stream().mapToDouble(ResultRow::bpb).toArray(), null, true, false));
        }
        return figure;
    }

    /** Rows no other row beats on both speed and bpb, fastest first. */
    static List<ResultRow> paretoFront(List<ResultRow> rows) {
        List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(ResultRow::mbPerSecond).reversed().thenComparingDouble(ResultRow::bpb));
        List<ResultRow> front = new ArrayList<>();
        double bestBpb = Double.POSITIVE_INFINITY;
        for (ResultRow r : sorted) {
            if (r.bpb() < bestBpb) {
                front.add(r);
                bestBpb = r.bpb();
            }
        }
        return front;
    }

    /**
     * Redundancy on synthetic sources (rows of one source family, any seeds): measured
     * {@code bpb - true code length} (pointwise) and {@code bpb - entropy rate}, averaged over
     * seeds, against the leading bound {@code (d/2)·log2(n)/n} and, where the model knows it,
     * the Clarke–Barron value with constants.
     */
    public static Figure redundancy(List<ResultRow> rows, String source, String spec) {
        Figure figure = new Figure("Redundancy vs n — " + spec, "n, symbols coded (" + source.replace("synthetic:", "") + ")",
                "redundancy, bits per symbol", true, true);
        List<ResultRow> selected = rows.stream().filter(r -> r.spec().equals(spec) && r.protocol().equals("online")
                && source.equals(ScalingFits.corpusFamily(r.corpus())) && r.sourceBpb() != null).toList();
        // A logarithmic axis shows positive values only: a mean at or below zero is left out.
        Map<Long, Double> pointwise = positive(meanBy(selected, ResultRow::testBytes, ResultRow::pointwiseRedundancyBpb));
        Map<Long, Double> rate = positive(meanBy(selected, ResultRow::testBytes, ResultRow::redundancyBpb));
        Map<Long, Double> bound = positive(meanBy(selected, ResultRow::testBytes, ResultRow::boundBpb));
        figure.add(Figure.Series.measured("measured: bpb − true code length (mean over seeds)", PALETTE[0], xs(pointwise),
                ys(pointwise)));
        if (!rate.isEmpty()) {
            figure.add(new Figure.Series("measured: bpb − entropy rate", Figure.Kind.POINTS, PALETTE[1], xs(rate), ys(rate),
                    null, true, false));
        }
        if (!bound.isEmpty()) {
            figure.add(new Figure.Series("(d/2)·log2(n)/n, d = " + selected.stream().findFirst()
                    .map(r -> Long.toString(r.parameters())).orElse("?"), Figure.Kind.FIT, PALETTE[2], xs(bound), ys(bound),
                    null, true, false));
        }
        List<ResultRow> withExpected = selected.stream().filter(r -> r.expectedRedundancyBpb() != null).toList();
        Map<Long, Double> expected = positive(meanBy(withExpected, ResultRow::testBytes, ResultRow::expectedRedundancyBpb));
        if (!expected.isEmpty()) {
            figure.add(new Figure.Series("Clarke–Barron with constants", Figure.Kind.FIT, PALETTE[3], xs(expected),
                    ys(expected), null, true, false));
        }
        return figure;
    }

    /** The corpus with its {@code seed=} removed: rows of one source family across seeds. */
    public static String sourceFamily(String corpus) {
        return ScalingFits.corpusFamily(corpus);
    }

    // ---------------------------------------------------------------- helpers

    static String axisLabel(String metric) {
        return switch (metric) {
            case "bpb" -> "bits per byte (coded)";
            case "idealBpb" -> "bits per byte (ideal, −log2 p)";
            case "adjustedBpb" -> "adjusted bits per byte (+ model bits / test bytes)";
            case "top1Accuracy" -> "top-1 next-byte accuracy";
            default -> metric;
        };
    }

    static List<ResultRow> select(List<ResultRow> rows, Selection selection) {
        return rows.stream().filter(selection::contains).toList();
    }

    /** Rows per series (growing-capacity series together), models by family and size, baselines last. */
    static Map<String, List<ResultRow>> bySeries(List<ResultRow> rows) {
        List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((ResultRow r) -> r.family().equals(SweepConfig.BASELINE_FAMILY))
                .thenComparing(ResultRow::family).thenComparing(ResultRow::growing)
                .thenComparingLong(ResultRow::parameters).thenComparing(ResultRow::seriesName));
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : sorted) {
            groups.computeIfAbsent(r.seriesName(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /** Rows per spec, ordered by family then model size. */
    static Map<String, List<ResultRow>> bySpec(List<ResultRow> rows) {
        List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ResultRow::family).thenComparingLong(ResultRow::parameters)
                .thenComparing(ResultRow::spec));
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : sorted) {
            groups.computeIfAbsent(r.spec(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    static Map<Long, Double> meanBy(List<ResultRow> rows, ToLongFunction<ResultRow> x, Function<ResultRow, Double> y) {
        Map<Long, List<Double>> values = new TreeMap<>();
        for (ResultRow r : rows) {
            Double value = y.apply(r);
            if (value != null && !value.isNaN()) {
                values.computeIfAbsent(x.applyAsLong(r), k -> new ArrayList<>()).add(value);
            }
        }
        Map<Long, Double> mean = new TreeMap<>();
        values.forEach((k, v) -> mean.put(k, v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        return mean;
    }

    private static double[] logRange(java.util.Collection<Long> xs) {
        double min = xs.stream().mapToDouble(Long::doubleValue).min().orElse(1);
        double max = xs.stream().mapToDouble(Long::doubleValue).max().orElse(1);
        double[] range = new double[CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            range[i] = min * StrictMath.pow(max / min, i / (double) (CURVE_POINTS - 1));
        }
        return range;
    }

    private static List<Long> thin(List<Long> sizes, int max) {
        if (sizes.size() <= max) {
            return sizes;
        }
        List<Long> shown = new ArrayList<>();
        int step = (sizes.size() + max - 1) / max;
        for (int i = sizes.size() - 1; i >= 0; i -= step) {
            shown.add(0, sizes.get(i));
        }
        return shown;
    }

    private static Map<Long, Double> positive(Map<Long, Double> points) {
        Map<Long, Double> kept = new TreeMap<>(points);
        kept.values().removeIf(v -> !(v > 0));
        return kept;
    }

    private static double[] xs(Map<Long, Double> points) {
        return points.keySet().stream().mapToDouble(Long::doubleValue).toArray();
    }

    private static double[] ys(Map<Long, Double> points) {
        return points.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 90);
    }

    static String shortNumber(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** 1.2K, 3.2M, 16.7M: compact sizes for legends. */
    public static String human(long value) {
        String[] units = {"", "K", "M", "G", "T"};
        double v = value;
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        if (i == 0) {
            return Long.toString(value);
        }
        String text = String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text + units[i];
    }

    /** Distinct values of a column, in order of first appearance. */
    static List<String> distinct(List<ResultRow> rows, Function<ResultRow, String> column) {
        return rows.stream().map(column).distinct().collect(Collectors.toList());
    }
}

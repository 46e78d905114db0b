package io.bitscale.scaling.plot;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.bitscale.core.io.AtomicFile;
import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.Law;
import io.bitscale.scaling.sweep.ResultRow;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The standard scaling plots, built with XChart from result rows and fits: log-log axes, axis
 * titles with units, a legend, colour-blind-safe colours (Okabe–Ito), measured values as solid
 * lines with markers and fitted laws as dashed lines in the same colour. Headless-safe: sets
 * {@code java.awt.headless=true} unless the caller chose otherwise.
 *
 * <pre>{@code
 * XYChart chart = Charts.dataScaling(rows, fits, "text-enwiki", "online", "bpb");
 * Charts.save(chart, Path.of("docs/results/bpb_vs_D"), Set.of("png", "svg"));
 * }</pre>
 */
public final class Charts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Okabe–Ito palette (distinguishable with the common colour-vision deficiencies). */
    static final Color[] PALETTE = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0),
        new Color(240, 228, 66)};

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int CURVE_POINTS = 60;

    /** Characters per legend line; longer series names are wrapped. */
    static final int LEGEND_LINE = 40;

    private Charts() {
    }

    /** bpb (or another metric) against D, one line per spec, fitted {@code L(D)} dashed. */
    public static XYChart dataScaling(List<ResultRow> rows, List<FitResult> fits, String corpus, String protocol,
                                      String metric) {
        XYChart chart = chart(metric + " vs data size — " + corpus + " (" + protocol + ")",
                "D, bytes " + (protocol.equals("online") ? "coded while learning" : "of training"),
                axisLabel(metric), true, true);
        int colour = 0;
        for (Map.Entry<String, List<ResultRow>> spec : bySpec(rows(rows, corpus, protocol)).entrySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            Map<Long, Double> mean = meanBy(spec.getValue(), ResultRow::trainBytes, r -> r.metric(metric));
            line(chart, spec.getKey() + " (N=" + human(spec.getValue().get(0).parameters()) + ")", mean, c);
            for (FitResult fit : fits) {
                if (fit.law() == Law.DATA && corpus.equals(fit.group().get("corpus"))
                        && protocol.equals(fit.group().get("protocol")) && spec.getKey().equals(fit.group().get("spec"))) {
                    dashed(chart, "fit " + spec.getKey(), logRange(mean.keySet()), d -> fit.predict(0, d), c);
                }
            }
        }
        return finish(chart);
    }

    /**
     * Labels every 1..9 × 10^k tick of a logarithmic axis when the data span less than a
     * decade (bpb usually does), else only the decades. Call after adding all series.
     */
    static XYChart finish(XYChart chart) {
        double minY = Double.POSITIVE_INFINITY;
        double maxY = 0;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                if (y > 0) {
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
            for (double x : series.getXData()) {
                if (x > 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        chart.getStyler().setYAxisLogarithmicDecadeOnly(!(maxY / minY < 10));
        chart.getStyler().setXAxisLogarithmicDecadeOnly(!(maxX / minX < 10));
        return chart;
    }

    /** A metric against N for one family, one line per D; the joint fit's {@code L(N, D)} dashed. */
    public static XYChart modelScaling(List<ResultRow> rows, List<FitResult> fits, String corpus, String protocol,
                                       String family, String metric) {
        XYChart chart = chart(metric + " vs model size — " + family + ", " + corpus + " (" + protocol + ")",
                "N, parameters", axisLabel(metric), true, !metric.equals("top1Accuracy"));
        List<ResultRow> selected = rows(rows, corpus, protocol).stream().filter(r -> r.family().equals(family)).toList();
        List<Long> sizes = selected.stream().map(ResultRow::trainBytes).distinct().sorted().toList();
        List<Long> shown = thin(sizes, 6);
        FitResult joint = fits.stream().filter(f -> f.law() == Law.JOINT && corpus.equals(f.group().get("corpus"))
                && protocol.equals(f.group().get("protocol")) && family.equals(f.group().get("family"))
                && metric.equals("bpb")).findFirst().orElse(null);
        int colour = 0;
        for (long d : shown) {
            Color c = PALETTE[colour++ % PALETTE.length];
            List<ResultRow> atD = selected.stream().filter(r -> r.trainBytes() == d).toList();
            Map<Long, Double> mean = meanBy(atD, ResultRow::parameters, r -> r.metric(metric));
            line(chart, "D = " + human(d), mean, c);
            if (joint != null && mean.size() > 1) {
                dashed(chart, "joint fit D = " + human(d), logRange(mean.keySet()), n -> joint.predict(n, d), c);
            }
        }
        return finish(chart);
    }

    /** bpb against model throughput at the largest D per spec, with the Pareto front dashed. */
    public static XYChart pareto(List<ResultRow> rows, String corpus, String protocol) {
        XYChart chart = chart("Compression vs speed — " + corpus + " (" + protocol + ", largest D per model)",
                "speed, MB/s (10^6 bytes per second through the model)", "bits per byte", true, false);
        List<ResultRow> best = new ArrayList<>();
        for (List<ResultRow> spec : bySpec(rows(rows, corpus, protocol)).values()) {
            long d = spec.stream().mapToLong(ResultRow::trainBytes).max().orElse(0);
            List<ResultRow> atD = spec.stream().filter(r -> r.trainBytes() == d).toList();
            best.add(atD.get(0));
        }
        int colour = 0;
        for (ResultRow r : best) {
            double speed = best.stream().filter(o -> o.spec().equals(r.spec())).mapToDouble(ResultRow::mbPerSecond)
                    .average().orElse(0);
            XYSeries point = chart.addSeries(r.spec() + " (D=" + human(r.trainBytes()) + ")", new double[] {speed},
                    new double[] {r.bpb()});
            style(point, PALETTE[colour++ % PALETTE.length], SeriesLines.NONE, true);
        }
        List<ResultRow> front = paretoFront(best);
        if (front.size() > 1) {
            XYSeries line = chart.addSeries("Pareto front", front.stream().mapToDouble(ResultRow::mbPerSecond).toArray(),
                    front.stream().mapToDouble(ResultRow::bpb).toArray());
            style(line, Color.GRAY, SeriesLines.DASH_DASH, false);
        }
        return finish(chart);
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
    public static XYChart redundancy(List<ResultRow> rows, String source, String spec) {
        XYChart chart = chart("Redundancy vs n — " + spec, "n, symbols coded (" + source.replace("synthetic:", "") + ")",
                "redundancy, bits per symbol", true, true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        List<ResultRow> selected = rows.stream().filter(r -> r.spec().equals(spec) && r.protocol().equals("online")
                && source.equals(sourceFamily(r.corpus())) && r.sourceBpb() != null).toList();
        // A logarithmic axis shows positive values only: a mean at or below zero is left out.
        Map<Long, Double> pointwise = positive(meanBy(selected, ResultRow::testBytes, ResultRow::pointwiseRedundancyBpb));
        Map<Long, Double> rate = positive(meanBy(selected, ResultRow::testBytes, ResultRow::redundancyBpb));
        Map<Long, Double> bound = positive(meanBy(selected, ResultRow::testBytes, ResultRow::boundBpb));
        line(chart, "measured: bpb − true code length (mean over seeds)", pointwise, PALETTE[0]);
        if (!rate.isEmpty()) {
            XYSeries rateSeries = chart.addSeries("measured: bpb − entropy rate", xs(rate), ys(rate));
            style(rateSeries, PALETTE[1], SeriesLines.NONE, true);
        }
        if (!bound.isEmpty()) {
            XYSeries boundSeries = chart.addSeries("(d/2)·log2(n)/n, d = " + selected.stream().findFirst()
                    .map(r -> Long.toString(r.parameters())).orElse("?"), xs(bound), ys(bound));
            style(boundSeries, PALETTE[2], SeriesLines.DASH_DASH, false);
        }
        List<ResultRow> withExpected = selected.stream().filter(r -> r.expectedRedundancyBpb() != null).toList();
        if (!withExpected.isEmpty()) {
            Map<Long, Double> expected = positive(meanBy(withExpected, ResultRow::testBytes,
                    ResultRow::expectedRedundancyBpb));
            if (!expected.isEmpty()) {
                XYSeries cb = chart.addSeries("Clarke–Barron with constants", xs(expected), ys(expected));
                style(cb, PALETTE[3], SeriesLines.DASH_DOT, false);
            }
        }
        return finish(chart);
    }

    /** The corpus with its {@code seed=} removed: rows of one source family across seeds. */
    public static String sourceFamily(String corpus) {
        return corpus.replaceAll(",?seed=[0-9-]+", "");
    }

    /** The file formats {@link #save} writes. */
    public static final Set<String> FORMATS = Set.of("png", "svg", "pdf");

    /**
     * Saves a chart as {@code base.png}, {@code base.svg} and/or {@code base.pdf}, each written
     * atomically. PNG goes through XChart's bitmap encoder; SVG and PDF through VectorGraphics2D,
     * which records the chart's drawing and writes it as vectors (text stays text).
     *
     * @return the files written
     */
    public static List<Path> save(XYChart chart, Path base, Set<String> formats) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(base.toAbsolutePath().getParent());
        for (String format : new TreeSet<>(formats)) {
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException("unknown plot format '" + format + "' (png, svg, pdf)");
            }
            Path file = base.resolveSibling(base.getFileName() + "." + format);
            try (AtomicFile target = AtomicFile.create(file, true)) {
                OutputStream out = target.stream();
                if (format.equals("png")) {
                    BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                } else {
                    VectorGraphics2D graphics = new VectorGraphics2D();
                    chart.paint(graphics, chart.getWidth(), chart.getHeight());
                    Processors.get(format).getDocument(graphics.getCommands(),
                            new PageSize(0, 0, chart.getWidth(), chart.getHeight())).writeTo(out);
                }
                target.commit();
            }
            written.add(file);
        }
        return written;
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

    private static XYChart chart(String title, String xTitle, String yTitle, boolean logX, boolean logY) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setXAxisLogarithmic(logX);
        styler.setYAxisLogarithmic(logY);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setDecimalPattern("#,##0.###");
        styler.setMarkerSize(7);
        return chart;
    }

    private static void line(XYChart chart, String name, Map<Long, Double> points, Color colour) {
        if (points.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(wrap(name, LEGEND_LINE), xs(points), ys(points));
        style(series, colour, SeriesLines.SOLID, true);
    }

    /**
     * Breaks a long legend entry after commas (or anywhere, for a run without one) into lines of
     * at most {@code width} characters: a full model spec on one line would squeeze the plot
     * area to a sliver.
     */
    static String wrap(String label, int width) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (label.length() - i > width) {
            int comma = label.lastIndexOf(',', i + width - 1);
            int cut = comma >= i ? comma + 1 : i + width;
            out.append(label, i, cut).append('\n');
            i = cut;
        }
        return out.append(label, i, label.length()).toString();
    }

    private static void dashed(XYChart chart, String name, double[] x, java.util.function.DoubleUnaryOperator f,
                               Color colour) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        XYSeries series = chart.addSeries(name, x, y);
        style(series, colour, SeriesLines.DASH_DASH, false);
        series.setShowInLegend(false);
    }

    private static void style(XYSeries series, Color colour, java.awt.BasicStroke stroke, boolean markers) {
        series.setXYSeriesRenderStyle(stroke == SeriesLines.NONE ? XYSeries.XYSeriesRenderStyle.Scatter
                : XYSeries.XYSeriesRenderStyle.Line);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setLineStyle(stroke);
        series.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    private static double[] logRange(Set<Long> xs) {
        double min = xs.stream().mapToDouble(Long::doubleValue).min().orElse(1);
        double max = xs.stream().mapToDouble(Long::doubleValue).max().orElse(1);
        double[] range = new double[CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            range[i] = min * Math.pow(max / min, i / (double) (CURVE_POINTS - 1));
        }
        return range;
    }

    static List<ResultRow> rows(List<ResultRow> rows, String corpus, String protocol) {
        return rows.stream().filter(r -> r.corpus().equals(corpus) && r.protocol().equals(protocol)).toList();
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

    static Map<Long, Double> meanBy(List<ResultRow> rows, java.util.function.ToLongFunction<ResultRow> x,
                                    java.util.function.Function<ResultRow, Double> y) {
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
    static List<String> distinct(List<ResultRow> rows, java.util.function.Function<ResultRow, String> column) {
        return rows.stream().map(column).distinct().collect(Collectors.toList());
    }
}

package io.bitscale.jmh.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns one JMH JSON result file ({@code -rf json}) of the bitscale benchmarks into the tables of
 * {@code docs/benchmarks.md} and one bpb-versus-speed Pareto plot per corpus file.
 *
 * <pre>{@code
 * java -Djava.awt.headless=true -cp bench/jmh/target/benchmarks.jar io.bitscale.jmh.tools.JmhReport \
 *     docs/results/jmh-quick.json docs/results
 * }</pre>
 *
 * <p>Writes {@code <dir>/<name>.md} (also printed) and {@code <dir>/<name>-pareto-<file>.png}, where
 * {@code <name>} is the JSON file's name without {@code .json}.
 * Every figure is derived from the one JSON file: MB/s from the {@code bytes} counter
 * (1 MB = 10^6 bytes), bpb as {@code 8 · compressedBytes / bytes}, ns per binary decision as
 * {@code 10^9 / decisions}; when the run used {@link CpuShareProfiler}, a speed per CPU-second
 * ({@code MB/s ÷ cpu.share}) is shown beside the wall-clock one.
 */
@Command(name = "jmh-report", mixinStandardHelpOptions = true,
        description = "Turns JMH JSON results into Markdown tables and Pareto plots (bpb vs MB/s).")
public final class JmhReport implements java.util.concurrent.Callable<Integer> {

    private static final String PKG = "io.bitscale.jmh.";

    /** One JMH result: benchmark {@code Class.method}, its parameters and metrics. */
    record Result(String benchmark, Map<String, String> params, Map<String, Metric> metrics) {

        Optional<Metric> metric(String name) {
            return Optional.ofNullable(metrics.get(name));
        }

        String param(String name) {
            return params.getOrDefault(name, "");
        }

        double mbPerSecond() {
            return metric("bytes").map(m -> m.score / 1e6).orElse(Double.NaN);
        }

        double mbError() {
            return metric("bytes").map(m -> m.error / 1e6).orElse(Double.NaN);
        }

        double bpb() {
            Optional<Metric> bytes = metric("bytes");
            Optional<Metric> compressed = metric("compressedBytes");
            return bytes.isPresent() && compressed.isPresent() && bytes.get().score > 0
                    ? 8 * compressed.get().score / bytes.get().score : Double.NaN;
        }

        double cpuShare() {
            return metric("cpu.share").map(m -> m.score).orElse(Double.NaN);
        }

        /** MB/s per CPU-second when the run measured the CPU share, else wall-clock MB/s. */
        double cpuMBps() {
            double share = cpuShare();
            return Double.isFinite(share) && share > 0 ? mbPerSecond() / share : mbPerSecond();
        }
    }

    /** A score with its 99.9% error half-width, as JMH reports it. */
    record Metric(double score, double error) {
    }

    /**
     * One point of a comparison table: a codec on a corpus file. {@code speed} is the Pareto
     * axis: compress MB/s per CPU-second when the CPU share was measured, else wall-clock MB/s.
     */
    record Point(String codec, boolean bitscale, double bpb, double compressMBps, double compressError,
                 double decompressMBps, double speed, double decompressSpeed) {
    }

    private JmhReport() {
    }

    @Parameters(index = "0", paramLabel = "RESULTS.json", description = "JMH results (-rf json).")
    private Path json;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUTPUT_DIR", description = "Where the Markdown and plots go (default: beside the JSON).")
    private Path outputDir;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = outputDir != null ? outputDir : json.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<Result> results = read(json);
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        String markdown = render(results, name, dir);
        io.bitscale.core.io.AtomicFile.writeString(dir.resolve(name + ".md"), markdown);
        System.out.print(markdown);
        return 0;
    }

    static List<Result> read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<Result> results = new ArrayList<>();
        for (JsonNode node : root) {
            String benchmark = node.path("benchmark").asText().replace(PKG, "");
            Map<String, String> params = new TreeMap<>();
            node.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Metric> metrics = new LinkedHashMap<>();
            JsonNode primary = node.path("primaryMetric");
            metrics.put("primary", new Metric(primary.path("score").asDouble(), errorOf(primary)));
            node.path("secondaryMetrics").fields().forEachRemaining(e ->
                    metrics.put(e.getKey(), new Metric(e.getValue().path("score").asDouble(), errorOf(e.getValue()))));
            results.add(new Result(benchmark, params, metrics));
        }
        return results;
    }

    private static double errorOf(JsonNode metric) {
        double error = metric.path("scoreError").asDouble(Double.NaN);
        return Double.isFinite(error) ? error : Double.NaN;
    }

    static String render(List<Result> results, String name, Path plotDir) throws IOException {
        boolean cpu = results.stream().anyMatch(r -> Double.isFinite(r.cpuShare()));
        StringBuilder md = new StringBuilder();
        md.append("<!-- generated by io.bitscale.jmh.tools.JmhReport from ").append(name).append(".json -->\n\n");
        coderTables(results, cpu, md);
        modelTable(results, cpu, md);
        for (String corpus : corpora(results)) {
            List<Point> points = points(results, corpus);
            if (points.isEmpty()) {
                continue;
            }
            comparisonTable(corpus, points, cpu, md);
            String png = name + "-pareto-" + slug(corpus) + ".png";
            plot(corpus, points, cpu, plotDir.resolve(png));
            md.append("\n![bpb against compression speed, ").append(corpus).append("](").append(png).append(")\n\n");
        }
        return md.toString();
    }

    private static void coderTables(List<Result> results, boolean cpu, StringBuilder md) {
        List<Result> binary = select(results, "BinaryCoderBenchmark.");
        List<Result> symbol = select(results, "SymbolCoderBenchmark.");
        if (binary.isEmpty() && symbol.isEmpty()) {
            return;
        }
        md.append("### Coder alone\n\n");
        md.append("| benchmark | stream | MB/s | ± | ns per decision or symbol (wall) |")
                .append(cpu ? " CPU share | MB/s per CPU-second |" : "").append('\n');
        md.append("|---|---|---:|---:|---:|").append(cpu ? "---:|---:|" : "").append('\n');
        for (Result r : binary) {
            double decisions = r.metric("decisions").map(Metric::score).orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| binary %s | %s p1 on %s (byte = 8 decisions) | %.1f | %s | %.2f |",
                    method(r), r.param("recordModel"), r.param("corpus"), r.mbPerSecond(), fmt(r.mbError(), "%.1f"),
                    1e9 / decisions));
            appendCpu(md, r, cpu);
        }
        for (Result r : symbol) {
            md.append(String.format(Locale.ROOT, "| 256-way %s | static order-0 table of %s, total 2^%s | %.1f | %s | %.2f |",
                    method(r), r.param("corpus"), r.param("totalBits"), r.mbPerSecond(), fmt(r.mbError(), "%.1f"),
                    1e3 / r.mbPerSecond()));
            appendCpu(md, r, cpu);
        }
        md.append('\n');
    }

    private static void appendCpu(StringBuilder md, Result r, boolean cpu) {
        if (cpu) {
            md.append(String.format(Locale.ROOT, " %.2f | %.1f |", r.cpuShare(), r.mbPerSecond() / r.cpuShare()));
        }
        md.append('\n');
    }

    private static void modelTable(List<Result> results, boolean cpu, StringBuilder md) {
        List<Result> loops = select(results, "ModelLoopBenchmark.predictUpdate");
        if (loops.isEmpty()) {
            return;
        }
        String unit = cpu ? "MB/s per CPU-s" : "MB/s";
        md.append("### Model work against whole compress\n\n");
        md.append("`predict+update` runs the model alone; `compress` adds the coder and the container. "
                + "`1 - compress/predict` estimates the share of compress time spent outside the model")
                .append(cpu ? " (speeds per CPU-second, as wall-clock speeds on a shared machine are too noisy for a ratio)" : "")
                .append(".\n\n");
        md.append("| model | file | predict+update ").append(unit).append(" | compress ").append(unit)
                .append(" | decompress ").append(unit).append(" | 1 - compress/predict |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (Result loop : loops) {
            String spec = loop.param("model");
            String corpus = loop.param("corpus");
            double predict = loop.cpuMBps();
            double compress = find(results, "ModelBenchmark.compress", spec, corpus).map(Result::cpuMBps).orElse(Double.NaN);
            double decompress = find(results, "ModelBenchmark.decompress", spec, corpus).map(Result::cpuMBps).orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %s |\n", spec, corpus, predict,
                    fmt(compress, "%.2f"), fmt(decompress, "%.2f"), fmt(1 - compress / predict, "%.2f")));
        }
        md.append('\n');
    }

    private static Optional<Result> find(List<Result> results, String benchmark, String spec, String corpus) {
        return results.stream().filter(r -> r.benchmark.equals(benchmark) && r.param("spec").equals(spec)
                && r.param("corpus").equals(corpus)).findFirst();
    }

    private static List<String> corpora(List<Result> results) {
        List<String> names = new ArrayList<>();
        for (Result r : results) {
            if ((r.benchmark.startsWith("ModelBenchmark.") || r.benchmark.startsWith("PeerBenchmark."))
                    && !names.contains(r.param("corpus"))) {
                names.add(r.param("corpus"));
            }
        }
        return names;
    }

    static List<Point> points(List<Result> results, String corpus) {
        Map<String, Result[]> byCodec = new LinkedHashMap<>();
        for (Result r : results) {
            boolean model = r.benchmark.startsWith("ModelBenchmark.");
            boolean peer = r.benchmark.startsWith("PeerBenchmark.");
            if (!(model || peer) || !r.param("corpus").equals(corpus)) {
                continue;
            }
            String codec = model ? "bitscale " + r.param("spec") : r.param("peer");
            Result[] pair = byCodec.computeIfAbsent(codec, k -> new Result[2]);
            pair[method(r).equals("compress") ? 0 : 1] = r;
        }
        List<Point> points = new ArrayList<>();
        byCodec.forEach((codec, pair) -> {
            Result c = pair[0];
            Result d = pair[1];
            double bpb = c != null ? c.bpb() : d != null ? d.bpb() : Double.NaN;
            points.add(new Point(codec, codec.startsWith("bitscale "), bpb,
                    c != null ? c.mbPerSecond() : Double.NaN, c != null ? c.mbError() : Double.NaN,
                    d != null ? d.mbPerSecond() : Double.NaN,
                    c != null ? c.cpuMBps() : Double.NaN, d != null ? d.cpuMBps() : Double.NaN));
        });
        points.sort(Comparator.comparingDouble(Point::bpb));
        return points;
    }

    /**
     * Not dominated: no other point has at most its bpb and at least its {@link Point#speed}, and
     * is strictly better in one of them.
     */
    static boolean paretoOptimal(Point p, List<Point> all) {
        for (Point q : all) {
            if (q != p && q.bpb <= p.bpb && q.speed >= p.speed && (q.bpb < p.bpb || q.speed > p.speed)) {
                return false;
            }
        }
        return true;
    }

    private static void comparisonTable(String corpus, List<Point> points, boolean cpu, StringBuilder md) {
        md.append("### ").append(corpus).append("\n\n");
        md.append("| codec | bpb | compress MB/s | ± | decompress MB/s |")
                .append(cpu ? " compress MB/s per CPU-s | decompress MB/s per CPU-s |" : "").append(" Pareto |\n");
        md.append("|---|---:|---:|---:|---:|").append(cpu ? "---:|---:|" : "").append(":---:|\n");
        for (Point p : points) {
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %s | %s |", p.bitscale ? "**" + p.codec + "**" : p.codec,
                    p.bpb, fmt(p.compressMBps, "%.2f"), fmt(p.compressError, "%.2f"), fmt(p.decompressMBps, "%.2f")));
            if (cpu) {
                md.append(' ').append(fmt(p.speed, "%.2f")).append(" | ").append(fmt(p.decompressSpeed, "%.2f")).append(" |");
            }
            md.append(paretoOptimal(p, points) ? " ★ |" : " |").append('\n');
        }
        md.append("\n★: on the Pareto front of bpb against ").append(cpu ? "compress MB/s per CPU-second" : "compress MB/s")
                .append(" (no other codec is both smaller and faster).\n");
    }

    private static void plot(String corpus, List<Point> points, boolean cpu, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title("bpb against compression speed: " + corpus)
                .xAxisTitle(cpu ? "compress MB/s per CPU-second (log scale)" : "compress MB/s (log scale)")
                .yAxisTitle("bits per byte").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        addSeries(chart, "bitscale", points.stream().filter(Point::bitscale).toList(), new Color(200, 30, 30));
        addSeries(chart, "peers", points.stream().filter(p -> !p.bitscale).toList(), new Color(40, 90, 170));
        List<Point> front = points.stream().filter(p -> paretoOptimal(p, points) && Double.isFinite(p.speed))
                .sorted(Comparator.comparingDouble(Point::speed)).toList();
        if (front.size() > 1) {
            XYSeries line = chart.addSeries("Pareto front", front.stream().mapToDouble(Point::speed).toArray(),
                    front.stream().mapToDouble(Point::bpb).toArray());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Color.GRAY);
        }
        // Labels above the marker, or below / further out when a neighbouring label is in the way.
        double yRange = Math.max(0.5, points.stream().mapToDouble(Point::bpb).filter(Double::isFinite).max().orElse(1)
                - points.stream().mapToDouble(Point::bpb).filter(Double::isFinite).min().orElse(0));
        double[] offsets = {0.035, -0.045, 0.08, -0.09};
        List<double[]> placed = new ArrayList<>();
        for (Point p : points) {
            if (!Double.isFinite(p.speed) || !Double.isFinite(p.bpb)) {
                continue;
            }
            double y = p.bpb + offsets[0] * yRange;
            for (double offset : offsets) {
                double candidate = p.bpb + offset * yRange;
                boolean clash = placed.stream().anyMatch(q -> Math.abs(Math.log(q[0] / p.speed)) < 0.5
                        && Math.abs(q[1] - candidate) < 0.04 * yRange);
                if (!clash) {
                    y = candidate;
                    break;
                }
            }
            placed.add(new double[] {p.speed, y});
            chart.addAnnotation(new AnnotationText(p.codec.replace("bitscale ", ""), p.speed, y, false));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addSeries(XYChart chart, String name, List<Point> points, Color color) {
        List<Point> finite = points.stream().filter(p -> Double.isFinite(p.speed) && Double.isFinite(p.bpb)).toList();
        if (finite.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, finite.stream().mapToDouble(Point::speed).toArray(),
                finite.stream().mapToDouble(Point::bpb).toArray());
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
    }

    private static List<Result> select(List<Result> results, String prefix) {
        return results.stream().filter(r -> r.benchmark.startsWith(prefix)).toList();
    }

    private static String method(Result r) {
        return r.benchmark.substring(r.benchmark.indexOf('.') + 1);
    }

    private static String fmt(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "–";
    }

    private static String slug(String corpus) {
        return corpus.substring(corpus.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9.-]", "_");
    }
}

package io.bitscale.scaling.plot;

import io.bitscale.scaling.fit.FitReport;
import io.bitscale.scaling.fit.PowerLawFitter;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.sweep.ResultRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every plot renders headless to PNG, SVG, PDF and the CSV of what it draws; the report links them; ticks read. */
class ChartsTest {

    @TempDir
    Path dir;

    static List<ResultRow> rows() {
        List<ResultRow> rows = new ArrayList<>();
        long[] sizes = {255, 65_280, 16_711_680};
        String[] specs = {"order0", "order1", "order2"};
        for (String protocol : new String[] {"online", "heldout"}) {
            for (int m = 0; m < 3; m++) {
                for (int i = 0; i < 5; i++) {
                    long d = (long) (1e4 * Math.pow(10, i));
                    double bpb = 2.5 + (3 - m) * 0.4 + 20 * Math.pow(d, -0.3 - 0.1 * m);
                    double adjusted = protocol.equals("online") ? bpb : bpb + sizes[m] * 16.0 / 1e6;
                    rows.add(new ResultRow("id" + protocol + m + i, "text-enwiki", "00", protocol, "order-k", specs[m],
                            "k=" + m, specs[m], null, sizes[m], sizes[m] * 4, d, protocol.equals("online") ? d : 1_000_000,
                            (long) (bpb * d / 8), bpb, bpb, 16, sizes[m] * 16.0, adjusted, 0.3, null, null, null, null,
                            1.0, 8.0 / (m + 1), 1.0, 100L * (m + 1), 0, false, "jvm", "rev"));
                }
            }
        }
        for (long seed = 1; seed <= 2; seed++) {
            for (long n : new long[] {10_000, 100_000, 1_000_000}) {
                double d = 3840;
                double measured = d / 2 * Math.log(n) / Math.log(2) / n * 0.5;
                rows.add(new ResultRow("s" + seed + n, "synthetic:markov:m=16,k=2,seed=" + seed, "00", "online", "kt",
                        "ktm(order=2,m=16)", "", null, null, 3840, 1000, n, n, 0, 3.0 + measured, 3.0 + measured, 16, 0,
                        3.0 + measured, 0.5, 3.0, 3.0, d / 2 * Math.log(n) / Math.log(2) / n, measured * 0.98, 1, 1, null,
                        null, seed, false, "jvm", "rev"));
            }
        }
        return rows;
    }

    @Test
    void everyPlotRendersToPngAndSvgAndTheReportLinksThem() throws IOException {
        List<ResultRow> rows = rows();
        FitReport fits = new ScalingFits(new PowerLawFitter(50, 3, 1), "bpb").report(rows, null, n -> { });
        Report report = new Report(rows, fits, Set.of("png", "svg", "pdf"));
        List<Report.Plot> plots = report.plots();
        assertThat(plots).extracting(Report.Plot::name).contains("bpb_vs_D-text-enwiki-online",
                "bpb_vs_N-text-enwiki-online-order-k", "adjusted_bpb_vs_N-text-enwiki-heldout-order-k",
                "pareto-text-enwiki-online");
        assertThat(plots).anyMatch(p -> p.name().startsWith("redundancy-"));
        List<Path> written = new ArrayList<>();
        report.write(plots, dir, true, null, "test rows", written::add);
        for (Path file : written) {
            assertThat(Files.size(file)).as(file.toString()).isGreaterThan(file.toString().endsWith(".csv") ? 100 : 1000);
            if (file.toString().endsWith(".png")) {
                byte[] head = Files.readAllBytes(file);
                assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
            } else if (file.toString().endsWith(".svg")) {
                assertThat(Files.readString(file)).contains("<svg");
            } else if (file.toString().endsWith(".pdf")) {
                assertThat(new String(Files.readAllBytes(file), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            }
        }
        // Each figure's CSV holds exactly the numbers drawn: the measured order2 curve is there point for point.
        String csv = Files.readString(dir.resolve("bpb_vs_D-text-enwiki-online.csv"));
        assertThat(csv).startsWith("# title: bpb vs data size").contains("series,kind,legend,warning,x,y,y2");
        for (ResultRow r : rows.stream().filter(r -> r.protocol().equals("online") && r.spec().equals("order2")).toList()) {
            assertThat(csv).contains(",measured,true,false," + (double) r.trainBytes() + "," + r.bpb() + ",");
        }
        assertThat(csv).contains(",fit,true,").contains(",band,false,");
        String markdown = Files.readString(dir.resolve(Report.REPORT));
        assertThat(markdown).contains("![bpb_vs_D-text-enwiki-online](bpb_vs_D-text-enwiki-online.png)",
                "L(D) = E + B·D^-β", "Joint fits", "Synthetic sources", "Clarke–Barron", "git revision: `rev`",
                "Quality checks", "Forecast checks", "Memory budget", "Adjusted rate over model size and test size");
    }

    @Test
    void theParetoFrontKeepsOnlyUndominatedModels() {
        List<ResultRow> rows = rows().stream().filter(r -> r.protocol().equals("online") && r.trainBytes() == 100_000_000L)
                .toList();
        assertThat(Charts.paretoFront(rows)).extracting(ResultRow::spec).containsExactly("order0", "order1", "order2");
        assertThat(Charts.human(16_711_680)).isEqualTo("16.7M");
        assertThat(FigureRenderer.wrap("order2 (N=16.7M)", 40)).containsExactly("order2 (N=16.7M)");
        assertThat(FigureRenderer.wrap("mix(order(1..4,6,bits=24),word(bits=22),match(bits=22),sparse(bits=20))", 40))
                .containsExactly("mix(order(1..4,6,bits=24),word(bits=22),", "match(bits=22),sparse(bits=20))");
        assertThat(FigureRenderer.wrap("x".repeat(90), 40)).containsExactly("x".repeat(40), "x".repeat(40), "x".repeat(10));
        assertThat(Charts.sourceFamily("synthetic:markov:m=16,seed=3,symbols=bytes")).isEqualTo("synthetic:markov:m=16,symbols=bytes");
        assertThat(Charts.sourceFamily("shuffled(text-gutenberg,seed=3,unit=book)")).isEqualTo("shuffled(text-gutenberg,unit=book)");
    }

    @Test
    void aModelSizeFigureAtOneDataSizeDrawsItsOwnLawWhenThereIsNoJointOne() {
        // Five sizes of one family at one D: no joint law L(N, D) can be fitted, the L(N) of that D can.
        List<ResultRow> rows = new ArrayList<>();
        long[] sizes = {2_560, 11_776, 42_144, 133_184, 859_264};
        for (int i = 0; i < sizes.length; i++) {
            double bpb = 1.5 + 12 * Math.pow(sizes[i], -0.2);
            rows.add(new ResultRow("n" + i, "text-enwiki", "00", "pretrained", "transformer", "t" + i, "", "t" + i,
                    null, sizes[i], sizes[i] * 4, 10_000_000, 1_000_000, (long) (bpb * 1e6 / 8), bpb, bpb, 16,
                    sizes[i] * 16.0, bpb + sizes[i] * 16.0 / 1e6, 0.3, null, null, null, null, 1.0, 1.0, 1.0, 100L, 0,
                    false, "jvm", "rev"));
        }
        FitReport fits = new ScalingFits(new PowerLawFitter(50, 3, 1), "bpb").report(rows, null, n -> { });
        Figure figure = Charts.modelScaling(rows, fits, Charts.Selection.of("text-enwiki", "pretrained", "1000000"),
                "transformer", "bpb");
        assertThat(figure.series()).anySatisfy(series -> {
            assertThat(series.kind()).isEqualTo(Figure.Kind.FIT);
            assertThat(series.name()).contains("L(N)");
            assertThat(series.legend()).isTrue();
            // The law of 1.5 + 12·N^-0.2 is recovered within its noise-free points: the curve meets them.
            assertThat(series.y()[0]).isCloseTo(1.5 + 12 * Math.pow(series.x()[0], -0.2),
                    org.assertj.core.data.Offset.offset(0.01));
        });
    }

    @Test
    void logAxesGetEnoughReadableLabels() {
        // A bpb axis spanning less than a factor of three: round linear steps, not just "2" and "3".
        assertThat(LogTicks.log(1.8, 3.9).labels()).containsExactly("2", "2.5", "3", "3.5");
        assertThat(LogTicks.log(1e4, 1e8).labels()).containsExactly("10⁴", "10⁵", "10⁶", "10⁷", "10⁸");
        assertThat(LogTicks.log(1e4, 3.2e5).labels()).containsExactly("10⁴", "2·10⁴", "5·10⁴", "10⁵", "2·10⁵");
        assertThat(LogTicks.log(0.002, 0.05).labels()).containsExactly("0.002", "0.005", "0.01", "0.02", "0.05");
        for (double[] range : new double[][] {{1.01, 1.2}, {2.5, 4.6}, {10, 1e12}, {0.3, 7}}) {
            assertThat(LogTicks.log(range[0], range[1]).major()).as("%s..%s", range[0], range[1]).hasSizeBetween(3, 12);
        }
    }
}

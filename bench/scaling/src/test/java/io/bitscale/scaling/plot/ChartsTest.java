package io.bitscale.scaling.plot;

import io.bitscale.scaling.fit.FitResult;
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

/** Every plot renders headless to a non-empty PNG and SVG, and the report links them. */
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
                            "k=" + m, sizes[m], sizes[m] * 4, d, protocol.equals("online") ? d : 1_000_000,
                            (long) (bpb * d / 8), bpb, bpb, 16, sizes[m] * 16.0, adjusted, 0.3, null, null, null, null,
                            1.0, 8.0 / (m + 1), 0, false, "jvm", "rev"));
                }
            }
        }
        for (long seed = 1; seed <= 2; seed++) {
            for (long n : new long[] {10_000, 100_000, 1_000_000}) {
                double d = 3840;
                double measured = d / 2 * Math.log(n) / Math.log(2) / n * 0.5;
                rows.add(new ResultRow("s" + seed + n, "synthetic:markov:m=16,k=2,seed=" + seed, "00", "online", "kt",
                        "ktm(order=2,m=16)", "", 3840, 1000, n, n, 0, 3.0 + measured, 3.0 + measured, 16, 0, 3.0 + measured,
                        0.5, 3.0, 3.0, d / 2 * Math.log(n) / Math.log(2) / n, measured * 0.98, 1, 1, seed, false, "jvm", "rev"));
            }
        }
        return rows;
    }

    @Test
    void everyPlotRendersToPngAndSvgAndTheReportLinksThem() throws IOException {
        List<ResultRow> rows = rows();
        List<FitResult> fits = new ScalingFits(new PowerLawFitter(50, 3, 1), "bpb").fitAll(rows, n -> { });
        Report report = new Report(rows, fits, Set.of("png", "svg"));
        List<Report.Plot> plots = report.plots();
        assertThat(plots).extracting(Report.Plot::name).contains("bpb_vs_D-text-enwiki-online",
                "bpb_vs_N-text-enwiki-online-order-k", "adjusted_bpb_vs_N-text-enwiki-heldout-order-k",
                "pareto-text-enwiki-online");
        assertThat(plots).anyMatch(p -> p.name().startsWith("redundancy-"));
        List<Path> written = new ArrayList<>();
        report.write(plots, dir, true, null, "test rows", written::add);
        for (Path file : written) {
            assertThat(Files.size(file)).as(file.toString()).isGreaterThan(1000);
            if (file.toString().endsWith(".png")) {
                byte[] head = Files.readAllBytes(file);
                assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
            } else if (file.toString().endsWith(".svg")) {
                assertThat(Files.readString(file)).contains("<svg");
            }
        }
        String markdown = Files.readString(dir.resolve(Report.REPORT));
        assertThat(markdown).contains("![bpb_vs_D-text-enwiki-online](bpb_vs_D-text-enwiki-online.png)",
                "L(D) = E + B·D^-β", "Joint fits", "Synthetic sources", "Clarke–Barron", "git revision: `rev`");
    }

    @Test
    void theParetoFrontKeepsOnlyUndominatedModels() {
        List<ResultRow> rows = rows().stream().filter(r -> r.protocol().equals("online") && r.trainBytes() == 100_000_000L)
                .toList();
        assertThat(Charts.paretoFront(rows)).extracting(ResultRow::spec).containsExactly("order0", "order1", "order2");
        assertThat(Charts.human(16_711_680)).isEqualTo("16.7M");
        assertThat(Charts.wrap("order2 (N=16.7M)", 40)).isEqualTo("order2 (N=16.7M)");
        assertThat(Charts.wrap("mix(order(1..4,6,bits=24),word(bits=22),match(bits=22),sparse(bits=20)) (N=24M)", 40))
                .isEqualTo("mix(order(1..4,6,bits=24),word(bits=22),\nmatch(bits=22),sparse(bits=20)) (N=24M)");
        assertThat(Charts.wrap("x".repeat(90), 40)).isEqualTo("x".repeat(40) + "\n" + "x".repeat(40) + "\n" + "x".repeat(10));
        assertThat(Charts.sourceFamily("synthetic:markov:m=16,seed=3,symbols=bytes")).isEqualTo("synthetic:markov:m=16,symbols=bytes");
    }
}

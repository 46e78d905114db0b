package io.bitscale.scaling.fit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulation of the design the fits face, with a known law: five shuffles of one corpus, each
 * an online curve at D = 10^4..10^7 in half decades, whose noise is that of online bpb on a
 * shuffled text — the running average of per-document difficulty (documents of 15.8 KB, as the
 * Wikipedia text's) plus a per-shuffle learning offset that fades slowly with D — so the points of
 * one shuffle are strongly correlated, as measured on the real text. The seed-cluster intervals
 * of the pooled fit must cover the true β and E in at least 90% of trials; the old residual
 * bootstrap over one shuffle, which treats its points as independent, must fall well short.
 */
class PowerLawCoverageTest {

    private static final double E = 1.8;
    private static final double B = 25;
    private static final double BETA = 0.3;
    private static final int SEEDS = 5;
    private static final int TRIALS = 100;

    /** One shuffle's curve: the law plus correlated noise. */
    static List<Point> curve(SplittableRandom random) {
        List<Point> points = new ArrayList<>();
        double documentBytes = 15_800;
        double tau = 0.12;
        double offset = 0.06 * gaussian(random);
        double sum = 0;
        double previous = 0;
        for (int i = 0; i <= 6; i++) {
            double d = 1e4 * Math.pow(10, i / 2.0);
            double length = d - previous;
            // The mean difficulty of the new bytes: an average over length / documentBytes documents.
            double segment = tau * Math.sqrt(documentBytes / Math.max(documentBytes, length)) * gaussian(random);
            sum += length * segment;
            previous = d;
            double noise = sum / d + offset * Math.pow(d / 1e4, -0.2);
            points.add(new Point(0, d, E + B * Math.pow(d, -BETA) + noise));
        }
        return points;
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void seedClusterIntervalsCoverTheTrueLawAtLeastNinetyPercentOfTheTime() {
        PowerLawFitter fitter = new PowerLawFitter(200, 0, 3);
        int betaCovered = 0;
        int floorCovered = 0;
        int residualCovered = 0;
        SplittableRandom random = new SplittableRandom(20261206);
        for (int trial = 0; trial < TRIALS; trial++) {
            Map<Long, List<Point>> seeds = new LinkedHashMap<>();
            for (long s = 0; s < SEEDS; s++) {
                seeds.put(s, curve(random));
            }
            FitResult pooled = fitter.fit(Law.DATA, new Replicates(seeds), Map.of());
            assertThat(pooled.intervalMethod()).isEqualTo(PowerLawFitter.SEED_BOOTSTRAP);
            assertThat(pooled.perSeed()).hasSize(SEEDS);
            if (pooled.lower("beta") <= BETA && BETA <= pooled.upper("beta")) {
                betaCovered++;
            }
            if (pooled.lower("E") <= E && E <= pooled.upper("E")) {
                floorCovered++;
            }
            FitResult single = fitter.fit(Law.DATA, seeds.get(0L), Map.of());
            assertThat(single.intervalMethod()).isEqualTo(PowerLawFitter.RESIDUAL_BOOTSTRAP);
            if (single.lower("beta") <= BETA && BETA <= single.upper("beta")) {
                residualCovered++;
            }
        }
        // Measured when written: β 92, E 96 and the residual bootstrap 64 of 100 (another draw: 93, 93, 61).
        // Printed so the figures quoted in docs/scaling.md can be read in the test report.
        System.out.printf("coverage of the true law in %d trials of %d shuffles: seed-cluster intervals cover beta %d, E %d;"
                + " the residual bootstrap of one shuffle covers beta %d%n", TRIALS, SEEDS, betaCovered, floorCovered,
                residualCovered);
        assertThat(betaCovered).as("pooled β covered").isGreaterThanOrEqualTo(90);
        assertThat(floorCovered).as("pooled E covered").isGreaterThanOrEqualTo(90);
        assertThat(residualCovered).as("one series, residual bootstrap, β covered").isLessThan(80);
    }

    @Test
    void theSimulatedCurvesAreAsCorrelatedAsMeasuredOnes() {
        // Neighbouring half-decade sizes of one shuffle correlate 0.57-0.96 on the real text from 10^4.5 on
        // (five shuffles, docs/results/enwiki-online-shuffle-seeds; 0.65-0.91 in issue #16's own count).
        SplittableRandom random = new SplittableRandom(7);
        int n = 2000;
        double[][] noise = new double[n][];
        for (int i = 0; i < n; i++) {
            List<Point> points = curve(random);
            noise[i] = points.stream().mapToDouble(p -> p.y() - (E + B * Math.pow(p.d(), -BETA))).toArray();
        }
        for (int j = 0; j + 1 < 7; j++) {
            assertThat(correlation(noise, j, j + 1)).as("sizes %d and %d", j, j + 1).isBetween(0.6, 0.95);
        }
    }

    private static double correlation(double[][] rows, int a, int b) {
        double ma = 0;
        double mb = 0;
        for (double[] r : rows) {
            ma += r[a] / rows.length;
            mb += r[b] / rows.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (double[] r : rows) {
            sab += (r[a] - ma) * (r[b] - mb);
            saa += (r[a] - ma) * (r[a] - ma);
            sbb += (r[b] - mb) * (r[b] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}

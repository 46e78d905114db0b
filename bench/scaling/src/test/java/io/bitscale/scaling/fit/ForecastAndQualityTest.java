package io.bitscale.scaling.fit;

import io.bitscale.scaling.sweep.ResultRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Forecast checks, cross-corpus transfers, quality flags and the compute axis on curves whose
 * truth is known.
 */
class ForecastAndQualityTest {

    /** Five seeds of a curve that follows a law, with the correlated noise of {@link PowerLawCoverageTest}. */
    private static Replicates curve(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Long, List<Point>> seeds = new LinkedHashMap<>();
        for (long s = 0; s < 5; s++) {
            seeds.put(s, PowerLawCoverageTest.curve(random));
        }
        return new Replicates(seeds);
    }

    @Test
    void aLawThatHoldsForecastsItsLargerSizesBetterThanNaiveForecasts() {
        List<Forecast> forecasts = new Forecaster(300, 1).forecast(curve(3), 1e6, Map.of("series", "law"));
        // Sizes 10^6.5 and 10^7 lie beyond the cutoff; the law keeps falling, so "no change" overshoots.
        assertThat(forecasts).extracting(Forecast::d).containsExactly(1e4 * Math.pow(10, 2.5), 1e7);
        for (Forecast f : forecasts) {
            assertThat(f.fittedSizes()).isEqualTo(5);
            assertThat(f.lower()).isLessThan(f.predicted());
            assertThat(f.upper()).isGreaterThan(f.predicted());
            assertThat(Math.abs(f.error())).isLessThan(0.02);
            assertThat(f.covered()).as("measured %s in [%s, %s]", f.measured(), f.lower(), f.upper()).isTrue();
            assertThat(f.lastValueError()).isGreaterThan(0);
        }
        assertThat(Forecaster.defaultCutoff(List.of(1e4, 3.2e4, 1e5, 3.2e5, 1e6, 3.2e6, 1e7))).isEqualTo(1e6);
        assertThat(Forecaster.defaultCutoff(List.of(1e4, 1e5, 1e6, 1e7, 1e8))).isEqualTo(1e7);
        assertThat(Forecaster.defaultCutoff(List.of(1e4, 1e5, 1e6))).isNaN();
    }

    @Test
    void badFitsAreFlaggedForTheReasonTheyFail() {
        PowerLawFitter fitter = new PowerLawFitter(100, 5, 1);
        // A flat, noisy curve (the R² 0.06 of order0 on the dump order): R² far below 0.98.
        SplittableRandom random = new SplittableRandom(2);
        List<Point> flat = new ArrayList<>();
        for (int i = 0; i <= 8; i++) {
            flat.add(new Point(0, 1e4 * Math.pow(10, i / 2.0), 4.6 + 0.03 * PowerLawCoverageTest.gaussian(random)));
        }
        FitResult noisy = fitter.fit(Law.DATA, flat, Map.of());
        assertThat(FitQuality.flags(noisy, 4.6, List.of())).anySatisfy(f -> assertThat(f).startsWith("R² "));
        // A curve that drops at once and stays: the exponent runs to the optimizer's bound.
        List<Point> step = new ArrayList<>();
        for (int i = 0; i <= 6; i++) {
            step.add(new Point(0, 1e4 * Math.pow(10, i / 2.0), i == 0 ? 5.0 : 3.0));
        }
        FitResult stuck = fitter.fit(Law.DATA, step, Map.of());
        assertThat(FitQuality.flags(stuck, 3.3, List.of())).anySatisfy(f -> assertThat(f).contains("β"));
        // A good fit with a forecast 3% off is flagged for the forecast, and only for it.
        FitResult good = fitter.fit(Law.DATA, curve(5), Map.of());
        Forecast off = new Forecast(Map.of(), 1e6, 5, 5, 1e7, 2.0, 2.06, 2.0, 2.1, 0.03, 2.1, 0.05, 2.05, 0.025,
                good.parameters());
        assertThat(FitQuality.flags(good, 2.5, List.of())).isEmpty();
        assertThat(FitQuality.flags(good, 2.5, List.of(off))).containsExactly("forecast error +3.0% at D=1.00e+07 > 2%");
    }

    @Test
    void pooledFitsTransfersAndTheComputeAxisComeFromRows() {
        List<ResultRow> rows = new ArrayList<>();
        // Two corpora with the same exponent but a different floor; five seeds each.
        for (String corpus : List.of("shuffled(a,seed=%d)", "shuffled(b,seed=%d)")) {
            double shift = corpus.contains("(b") ? 0.3 : 0;
            SplittableRandom random = new SplittableRandom(corpus.hashCode());
            for (long s = 0; s < 5; s++) {
                for (Point p : PowerLawCoverageTest.curve(random)) {
                    rows.add(row(String.format(corpus, s), s, (long) p.d(), p.y() + shift));
                }
            }
        }
        FitReport report = new ScalingFits(new PowerLawFitter(100, 5, 1), "bpb").report(rows, 1e6, n -> { });
        List<FitResult> data = report.fits().stream().filter(f -> f.law() == Law.DATA).toList();
        assertThat(data).hasSize(2).allSatisfy(f -> {
            assertThat(f.seeds()).isEqualTo(5);
            assertThat(f.intervalMethod()).isEqualTo(PowerLawFitter.SEED_BOOTSTRAP);
            assertThat(f.group().get("corpus")).isIn("shuffled(a)", "shuffled(b)");
            assertThat(f.band()).hasSize(3);
        });
        assertThat(report.forecasts()).hasSize(4);
        // Across corpora: the level does not transfer (0.3 bpb apart), the exponent does.
        assertThat(report.transfers()).hasSize(4).allSatisfy(t -> {
            assertThat(Math.abs(t.directError())).isGreaterThan(0.08);
            assertThat(Math.abs(t.shapedError())).isLessThan(0.01);
        });
        // The compute law on the frontier: operations are 48 per byte here.
        FitResult compute = report.fits().stream().filter(f -> f.law() == Law.COMPUTE).findFirst().orElseThrow();
        assertThat(compute.parameter("gamma")).isCloseTo(0.3, within(0.1));
        assertThat(report.settings().cutoff()).isEqualTo(1e6);
    }

    @Test
    void anAllocationNeedsWorkThatGrowsWithModelSize() {
        FitResult joint = new FitResult(Law.JOINT, Map.of("family", "f"), 20, List.of(1.0, 30.0, 0.3, 50.0, 0.4),
                List.of(), List.of(), 0.999, 0.01, 0.01, 0.01, 0, 1, "none", List.of(), List.of(), List.of());
        List<ComputeFrontier.Spend> constant = List.of(new ComputeFrontier.Spend("a", "f", 1000, 1000, 48e3, 1, 3),
                new ComputeFrontier.Spend("b", "f", 100_000, 1000, 48e3, 1, 2));
        Allocation none = ComputeFrontier.allocation(joint, constant);
        assertThat(none.fitted()).isFalse();
        assertThat(none.reason()).contains("does not grow with N");
        List<ComputeFrontier.Spend> linear = new ArrayList<>();
        for (long n = 1_000; n <= 10_000_000; n *= 10) {
            for (long d = 10_000; d <= 100_000_000; d *= 10) {
                linear.add(new ComputeFrontier.Spend("s" + n, "f", n, d, 6.0 * n * d, 1, 2));
            }
        }
        Allocation fitted = ComputeFrontier.allocation(joint, linear);
        assertThat(fitted.fitted()).as(fitted.reason()).isTrue();
        assertThat(fitted.opsExponent()).isCloseTo(1.0, within(1e-9));
        // With L = E + A N^-α + B D^-β and C ∝ N·D, N* ∝ C^(β/(α+β)).
        assertThat(fitted.nExponent()).isCloseTo(0.4 / 0.7, within(0.05));
    }

    private static ResultRow row(String corpus, long seed, long d, double bpb) {
        return new ResultRow(corpus + d, corpus, "00", "online", "order-k", "order2", "", "order2", null, 16_711_680,
                67_000_000, d, d, (long) (bpb * d / 8), bpb, bpb, 16, 0, bpb, 0.3, null, null, null, null, 1, 1, 1.0,
                48L, seed, false, "jvm", "rev");
    }
}

package io.bitscale.scaling.fit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Fits recover known laws from noisy synthetic data, and their intervals cover the truth. */
class PowerLawFitterTest {

    private static List<Point> dataLaw(double e, double b, double beta, double noise, long seed) {
        Random random = new Random(seed);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i <= 8; i++) {
            double d = 1e4 * Math.pow(10, i / 2.0);
            points.add(new Point(0, d, e + b * Math.pow(d, -beta) + noise * random.nextGaussian()));
        }
        return points;
    }

    @Test
    void recoversADataLawExactlyWithoutNoise() {
        List<Point> points = dataLaw(1.5, 40, 0.35, 0, 1);
        FitResult fit = new PowerLawFitter(0, 0, 1).fit(Law.DATA, points, Map.of());
        assertThat(fit.parameter("beta")).isCloseTo(0.35, within(1e-4));
        assertThat(fit.parameter("E")).isCloseTo(1.5, within(1e-4));
        assertThat(fit.parameter("B")).isCloseTo(40, within(0.05));
        assertThat(fit.r2()).isGreaterThan(0.999999);
    }

    @Test
    void bootstrapIntervalsCoverTheTrueExponentMostOfTheTime() {
        PowerLawFitter fitter = new PowerLawFitter(200, 3, 7);
        int covered = 0;
        int trials = 20;
        for (int trial = 0; trial < trials; trial++) {
            FitResult fit = fitter.fit(Law.DATA, dataLaw(1.5, 40, 0.35, 0.01, 100 + trial), Map.of());
            assertThat(fit.lower("beta")).isLessThanOrEqualTo(fit.parameter("beta"));
            assertThat(fit.upper("beta")).isGreaterThanOrEqualTo(fit.parameter("beta"));
            assertThat(fit.r2()).isGreaterThan(0.99);
            if (fit.lower("beta") <= 0.35 && 0.35 <= fit.upper("beta")) {
                covered++;
            }
        }
        // Nominal 95%; residual bootstrap on 9 points runs a little narrow, so allow some slack.
        assertThat(covered).isGreaterThanOrEqualTo(15);
    }

    @Test
    void recoversAJointLawWithIntervalsThatCoverTheTruth() {
        Random random = new Random(5);
        List<Point> points = new ArrayList<>();
        for (double n : new double[] {1e3, 1e4, 1e5, 1e6, 1e7}) {
            for (int i = 0; i <= 8; i++) {
                double d = 1e4 * Math.pow(10, i / 2.0);
                double y = 1.2 + 30 * Math.pow(n, -0.3) + 50 * Math.pow(d, -0.4);
                points.add(new Point(n, d, y + 0.005 * random.nextGaussian()));
            }
        }
        FitResult fit = new PowerLawFitter(300, 5, 3).fit(Law.JOINT, points, Map.of("family", "test"));
        assertThat(fit.lower("alpha")).isLessThanOrEqualTo(0.3);
        assertThat(fit.upper("alpha")).isGreaterThanOrEqualTo(0.3);
        assertThat(fit.lower("beta")).isLessThanOrEqualTo(0.4);
        assertThat(fit.upper("beta")).isGreaterThanOrEqualTo(0.4);
        assertThat(fit.parameter("E")).isCloseTo(1.2, within(0.05));
        assertThat(fit.r2()).isGreaterThan(0.999);
        assertThat(fit.cvRmse()).isCloseTo(0.005, within(0.003));
        assertThat(fit.extrapolationError()).isLessThan(0.02);
        assertThat(fit.predict(1e5, 1e6)).isCloseTo(1.2 + 30 * Math.pow(1e5, -0.3) + 50 * Math.pow(1e6, -0.4),
                within(0.01));
    }

    @Test
    void recoversAModelSizeLawAndKeepsCoefficientsNonNegative() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double n = 1e3 * Math.pow(10, i * 0.5);
            points.add(new Point(n, 0, 2.0 + 5 * Math.pow(n, -0.25)));
        }
        FitResult fit = new PowerLawFitter(0, 3, 1).fit(Law.SIZE, points, Map.of());
        assertThat(fit.parameter("alpha")).isCloseTo(0.25, within(1e-3));
        // A rising curve cannot be fitted with a decaying law: coefficients stay >= 0, R² shows the miss.
        List<Point> rising = List.of(new Point(10, 0, 1), new Point(100, 0, 2), new Point(1000, 0, 3), new Point(1e4, 0, 4));
        FitResult bad = new PowerLawFitter(0, 0, 1).fit(Law.SIZE, rising, Map.of());
        assertThat(bad.parameter("A")).isGreaterThanOrEqualTo(0);
        assertThat(bad.parameter("E")).isGreaterThanOrEqualTo(0);
        assertThat(bad.r2()).isLessThan(0.5);
    }

    @Test
    void intervalsAndCrossValidationDoNotDependOnTheOrderOfThePoints() {
        List<Point> points = dataLaw(3.0, 9000, 1.0, 0.01, 5);
        PowerLawFitter fitter = new PowerLawFitter(50, 5, 1);
        FitResult sorted = fitter.fit(Law.DATA, points, Map.of());
        List<Point> reversed = new ArrayList<>(points);
        java.util.Collections.reverse(reversed);
        List<Point> shuffled = new ArrayList<>(points);
        java.util.Collections.shuffle(shuffled, new Random(11));
        for (List<Point> other : List.of(reversed, shuffled)) {
            FitResult fit = fitter.fit(Law.DATA, other, Map.of());
            assertThat(fit.cvRmse()).isEqualTo(sorted.cvRmse());
            assertThat(fit.lower()).isEqualTo(sorted.lower());
            assertThat(fit.upper()).isEqualTo(sorted.upper());
        }
    }
}

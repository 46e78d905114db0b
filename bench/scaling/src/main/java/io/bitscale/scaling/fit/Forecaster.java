package io.bitscale.scaling.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Forecast validation of {@code L(D) = E + B·D^-β}: fit on the sizes up to a cutoff, predict
 * every larger measured size with a 95% prediction interval, and compare with two naive
 * forecasts — the last value ("no change after the cutoff") and a straight line in log D through
 * the top decade of sizes below the cutoff (at least its last two sizes).
 *
 * <pre>{@code
 * List<Forecast> checks = new Forecaster(1000, 1).forecast(curve, 1e6, Map.of("series", "order2"));
 * }</pre>
 *
 * <p><b>The interval</b> is for the measured mean over the k seeds at the forecast size: each
 * bootstrap replicate (seed clusters with k ≥ 2, residuals with one series) gives the law's
 * value there plus a draw of the mean's own noise, N(0, σ²(D)/k) with σ from the
 * {@link NoiseModel} of the fitted sizes extrapolated to D (one series: the fit's RMSE); the
 * percentiles are widened for k clusters as {@link SeedBootstrap#interval} does.
 *
 * <p><b>The default cutoff</b> ({@link #defaultCutoff}) leaves the top decade of a curve to
 * forecast when at least four sizes remain below it, else only its largest size.
 *
 * @param bootstrap replicates
 * @param seed      seeds the draws
 */
public record Forecaster(int bootstrap, long seed) {

    /**
     * Forecasts every size above the cutoff.
     *
     * @return one forecast per size above the cutoff; empty if fewer than four sizes lie at or
     *     below it, or none above
     */
    public List<Forecast> forecast(Replicates curve, double cutoff, Map<String, String> group) {
        Law law = Law.DATA;
        Replicates train = curve.filter(p -> p.d() <= cutoff);
        List<Point> targets = curve.keys().stream().filter(p -> p.d() > cutoff).toList();
        List<Point> trainMeans = train.means();
        if (targets.isEmpty() || PowerLawFitter.distinct(law, trainMeans) < 4) {
            return List.of();
        }
        int k = curve.seeds();
        NoiseModel noise = k >= 2 ? NoiseModel.fit(law, train) : NoiseModel.NONE;
        double[] weights = PowerLawFitter.weights(law, trainMeans, train.counts(), noise);
        double[] estimate = PowerLawFitter.fitParameters(law, trainMeans, weights);
        double[][] draws;
        double singleNoise = 0;
        if (k >= 2) {
            draws = bootstrap > 0 ? new SeedBootstrap(bootstrap, seed).parameters(law, train, noise) : new double[0][];
        } else {
            double ss = 0;
            for (Point p : trainMeans) {
                ss += sq(p.y() - law.value(estimate, p.n(), p.d()));
            }
            singleNoise = Math.sqrt(ss / Math.max(1, trainMeans.size() - law.parameters().size()));
            draws = bootstrap > 0 ? residualDraws(law, trainMeans, estimate) : new double[0][];
        }
        List<Point> measuredMeans = curve.means();
        int[] counts = curve.counts();
        List<Point> keys = curve.keys();
        Point last = trainMeans.get(trainMeans.size() - 1);
        double[] line = line(trainMeans, cutoff);
        List<Forecast> forecasts = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (Point target : targets) {
            int index = keys.indexOf(target);
            double measured = measuredMeans.get(index).y();
            int seedsThere = counts[index];
            double predicted = law.value(estimate, target.n(), target.d());
            double sd = k >= 2 ? noise.sd(target.d()) / Math.sqrt(seedsThere) : singleNoise;
            double lower = Double.NaN;
            double upper = Double.NaN;
            if (draws.length > 0) {
                double[] values = new double[draws.length];
                for (int b = 0; b < draws.length; b++) {
                    values[b] = law.value(draws[b], target.n(), target.d()) + sd * gaussian(random);
                }
                double[] interval = SeedBootstrap.interval(predicted, values, k);
                lower = interval[0];
                upper = interval[1];
            }
            double straight = line[0] + line[1] * StrictMath.log10(target.d());
            forecasts.add(new Forecast(group, cutoff, trainMeans.size(), k, target.d(), measured, predicted, lower, upper,
                    (predicted - measured) / measured, last.y(), (last.y() - measured) / measured, straight,
                    (straight - measured) / measured, PowerLawFitter.boxed(estimate)));
        }
        return forecasts;
    }

    /**
     * The cutoff that leaves the top decade to forecast: the largest size at most a tenth of the
     * largest, if at least four sizes lie at or below it; else the second-largest size if at
     * least four do; else NaN (no forecast).
     */
    public static double defaultCutoff(List<Double> sizes) {
        List<Double> sorted = sizes.stream().distinct().sorted().toList();
        if (sorted.size() < 5) {
            return Double.NaN;
        }
        double largest = sorted.get(sorted.size() - 1);
        List<Double> belowDecade = sorted.stream().filter(d -> d <= largest / 10 * (1 + 1e-9)).toList();
        if (belowDecade.size() >= 4) {
            return belowDecade.get(belowDecade.size() - 1);
        }
        return sorted.get(sorted.size() - 2);
    }

    /** Intercept and slope of y against log10 D over the sizes in the top decade below the cutoff (at least two). */
    static double[] line(List<Point> trainMeans, double cutoff) {
        List<Point> top = trainMeans.stream().filter(p -> p.d() >= cutoff / 10 * (1 - 1e-9)).toList();
        if (top.size() < 2) {
            top = trainMeans.subList(trainMeans.size() - 2, trainMeans.size());
        }
        double n = top.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Point p : top) {
            double x = StrictMath.log10(p.d());
            sx += x;
            sy += p.y();
            sxx += x * x;
            sxy += x * p.y();
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return new double[] {(sy - slope * sx) / n, slope};
    }

    private double[][] residualDraws(Law law, List<Point> points, double[] estimate) {
        double[] fitted = new double[points.size()];
        for (int i = 0; i < fitted.length; i++) {
            fitted[i] = law.value(estimate, points.get(i).n(), points.get(i).d());
        }
        int k = law.parameters().size();
        SplittableRandom random = new SplittableRandom(seed);
        double inflate = Math.sqrt(points.size() / (double) Math.max(1, points.size() - k));
        double mean = 0;
        for (int i = 0; i < fitted.length; i++) {
            mean += (points.get(i).y() - fitted[i]) / fitted.length;
        }
        double[][] draws = new double[bootstrap][];
        List<Point> resampled = new ArrayList<>(points);
        for (int b = 0; b < bootstrap; b++) {
            for (int i = 0; i < points.size(); i++) {
                int j = random.nextInt(points.size());
                double r = (points.get(j).y() - fitted[j] - mean) * inflate;
                resampled.set(i, new Point(points.get(i).n(), points.get(i).d(), fitted[i] + r));
            }
            draws[b] = PowerLawFitter.refitFrom(law, resampled, null, estimate);
        }
        return draws;
    }

    /** A standard normal draw (Box–Muller with {@link StrictMath}: the same on every JVM). */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    private static double sq(double x) {
        return x * x;
    }
}

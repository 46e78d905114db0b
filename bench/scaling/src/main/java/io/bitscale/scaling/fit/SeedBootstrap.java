package io.bitscale.scaling.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cluster bootstrap over seeds: each replicate draws as many seeds as the curve has, with
 * replacement, and refits the law to the means of the drawn seeds' whole curves. Resampling seeds
 * rather than points keeps what the design has: points of one seed at nested sizes are strongly
 * correlated (0.65–0.91 between neighbouring online sizes on the shuffled Wikipedia text), points
 * of different seeds are independent.
 *
 * <pre>{@code
 * double[][] draws = new SeedBootstrap(1000, 1).parameters(Law.DATA, curve, NoiseModel.fit(Law.DATA, curve));
 * SeedBootstrap.interval(estimate, draws, curve.seeds(), Law.DATA, lower, upper);
 * }</pre>
 *
 * <p>With k seeds the bootstrap distribution of a mean is too narrow by about
 * {@code √((k−1)/k)} and its tails are normal rather than Student's: {@link #interval} widens
 * the percentile distances from the estimate by {@code t(0.975, k−1)/z(0.975)·√(k/(k−1))}
 * (1.58 for k = 5), which is what brings the simulated coverage of the 95% intervals to the
 * nominal level (PowerLawCoverageTest).
 *
 * @param replicates bootstrap replicates
 * @param seed       seeds the draws (deterministic)
 */
public record SeedBootstrap(int replicates, long seed) {

    /**
     * The parameters of every replicate's refit: weights {@code k_b / σ²(x)}, with k_b the drawn
     * seeds that measured x and σ the curve's noise model (fixed across replicates).
     *
     * @return {@code replicates} parameter vectors in original units
     */
    public double[][] parameters(Law law, Replicates curve, NoiseModel noise) {
        List<Point> means = curve.means();
        double[] start = PowerLawFitter.fitParameters(law, means, PowerLawFitter.weights(law, means, curve.counts(), noise));
        double[][] draws = new double[replicates][];
        for (int b = 0; b < replicates; b++) {
            List<Long> drawn = draw(curve, b);
            draws[b] = refit(law, curve, noise, drawn, start);
        }
        return draws;
    }

    /** The seeds of replicate {@code b} (independent of how many replicates run before it). */
    List<Long> draw(Replicates curve, int b) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + b);
        List<Long> seeds = curve.seedList();
        List<Long> drawn = new ArrayList<>(seeds.size());
        for (int i = 0; i < seeds.size(); i++) {
            drawn.add(seeds.get(random.nextInt(seeds.size())));
        }
        return drawn;
    }

    /** The weighted fit to the means of a multiset of seeds, Levenberg–Marquardt started from the full fit. */
    static double[] refit(Law law, Replicates curve, NoiseModel noise, List<Long> drawn, double[] start) {
        List<Point> means = curve.meansOf(drawn);
        int[] allCounts = curve.counts(drawn);
        int[] counts = new int[means.size()];
        for (int i = 0, j = 0; i < allCounts.length; i++) {
            if (allCounts[i] > 0) {
                counts[j++] = allCounts[i];
            }
        }
        return PowerLawFitter.refitFrom(law, means, PowerLawFitter.weights(law, means, counts, noise), start);
    }

    /**
     * The 95% interval of each parameter: the 2.5% and 97.5% percentiles of the draws, their
     * distances from the estimate widened by the small-cluster factor, clamped to the law's bounds.
     */
    public static void interval(double[] estimate, double[][] draws, int clusters, Law law, double[] lower,
                                double[] upper) {
        double factor = PowerLawFitter.smallClusterFactor(clusters);
        for (int j = 0; j < estimate.length; j++) {
            double[] column = PowerLawFitter.column(draws, j);
            double low = PowerLawFitter.percentile(column, 0.025);
            double high = PowerLawFitter.percentile(column, 0.975);
            double min = law.isExponent(j) ? Law.MIN_EXPONENT : 0;
            double max = law.isExponent(j) ? Law.MAX_EXPONENT : Double.POSITIVE_INFINITY;
            lower[j] = Math.max(min, estimate[j] - factor * Math.max(0, estimate[j] - low));
            upper[j] = Math.min(max, estimate[j] + factor * Math.max(0, high - estimate[j]));
        }
    }

    /** A value's interval from draws of it: the percentiles widened around {@code estimate} as {@link #interval}. */
    public static double[] interval(double estimate, double[] draws, int clusters) {
        double[] sorted = draws.clone();
        java.util.Arrays.sort(sorted);
        double factor = clusters >= 2 ? PowerLawFitter.smallClusterFactor(clusters) : 1;
        double low = PowerLawFitter.percentile(sorted, 0.025);
        double high = PowerLawFitter.percentile(sorted, 0.975);
        return new double[] {estimate - factor * Math.max(0, estimate - low), estimate + factor * Math.max(0, high - estimate)};
    }
}

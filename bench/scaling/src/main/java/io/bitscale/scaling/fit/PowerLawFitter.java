package io.bitscale.scaling.fit;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.DiagonalMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.util.Pair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Least-squares fits of the {@link Law}s, with bootstrap confidence intervals, R², k-fold
 * cross-validation and an extrapolation check.
 *
 * <pre>{@code
 * PowerLawFitter fitter = new PowerLawFitter(1000, 5, 1);
 * FitResult one = fitter.fit(Law.DATA, points, Map.of("spec", "order2"));          // one series
 * FitResult pooled = fitter.fit(Law.DATA, replicates, Map.of("spec", "order2"));   // several seeds
 * double beta = pooled.parameter("beta");   // with pooled.lower("beta") .. pooled.upper("beta")
 * }</pre>
 *
 * <p><b>Method.</b> Sizes are divided by their geometric mean so that every parameter is of
 * order one. For fixed exponents the law is linear in its coefficients, so a grid over the
 * exponents (60 values from 0.01 to 3; 30 × 30 for the joint law) with a non-negative linear
 * least-squares solve at each node finds the global basin; Levenberg–Marquardt (commons-math3)
 * then refines all parameters together, constrained to {@code E, A, B >= 0} and exponents in
 * {@code [1e-4, 5]}. All arithmetic on the data goes through {@link StrictMath} and
 * commons-math3 (FastMath), so a fit gives the same digits on every JVM.
 *
 * <p><b>Several seeds</b> ({@link Replicates}): the law is fitted to the mean over seeds at each
 * size, by weighted least squares with weight {@code k / σ²(x)} (k seeds measured there, σ from a
 * {@link NoiseModel} of the spread between seeds). The 95% intervals come from a
 * {@link SeedBootstrap}: whole seeds are resampled (so the correlation of one seed's nested
 * online sizes is kept), and the percentile interval is widened for the small number of clusters
 * by {@code t(0.975, k−1)/z(0.975)·√(k/(k−1))}. Each seed is also fitted on its own
 * ({@link FitResult#perSeed()}).
 *
 * <p><b>One series</b>: unweighted; residual bootstrap (each replicate adds resampled residuals,
 * inflated by {@code sqrt(n / (n - p))}, to the fitted curve and refits). This treats the points
 * as independent, which nested online sizes are not: such intervals are too narrow, and the
 * result says so ({@link FitResult#intervalMethod()}).
 *
 * <p>Deterministic for a given seed.
 */
public final class PowerLawFitter {

    /** {@link FitResult#intervalMethod()} of a seed-cluster bootstrap. */
    public static final String SEED_BOOTSTRAP = "seed-cluster bootstrap";
    /** {@link FitResult#intervalMethod()} of a residual bootstrap over one series. */
    public static final String RESIDUAL_BOOTSTRAP = "residual bootstrap, one series";

    private static final double[] GRID = logGrid(0.01, 3, 60);
    /** The joint law's two-dimensional grid is coarser; Levenberg–Marquardt refines it. */
    private static final double[] JOINT_GRID = logGrid(0.01, 3, 30);

    private final int bootstrap;
    private final int folds;
    private final long seed;

    /**
     * @param bootstrap replicates for the confidence intervals (0: none)
     * @param folds     k of the cross-validation (0 or 1: none)
     * @param seed      seeds the bootstrap and the fold assignment
     */
    public PowerLawFitter(int bootstrap, int folds, long seed) {
        if (bootstrap < 0 || folds < 0) {
            throw new IllegalArgumentException("bootstrap and folds must be >= 0");
        }
        this.bootstrap = bootstrap;
        this.folds = folds;
        this.seed = seed;
    }

    /** Bootstrap replicates. */
    public int bootstrap() {
        return bootstrap;
    }

    /** Cross-validation folds. */
    public int folds() {
        return folds;
    }

    /** The seed of bootstrap draws and folds. */
    public long seed() {
        return seed;
    }

    /** Fits a law to one series: unweighted, residual-bootstrap intervals. */
    public FitResult fit(Law law, List<Point> input, Map<String, String> group) {
        return fit(law, Replicates.single(input), group);
    }

    /**
     * Fits a law to a curve measured under one or more seeds: with two or more, to the means,
     * weighted, with seed-cluster intervals and per-seed fits; with one, as {@link #fit(Law, List, Map)}.
     */
    public FitResult fit(Law law, Replicates curve, Map<String, String> group) {
        List<Point> points = curve.means();
        int k = law.parameters().size();
        if (points.size() < k) {
            throw new IllegalArgumentException(law.shortName() + " has " + k + " parameters but only "
                    + points.size() + " points");
        }
        boolean pooled = curve.seeds() >= 2;
        NoiseModel noise = pooled ? NoiseModel.fit(law, curve) : NoiseModel.NONE;
        double[] weights = weights(law, points, curve.counts(), noise);
        double[] best = fitParameters(law, points, weights);
        double[] fitted = new double[points.size()];
        double mean = points.stream().mapToDouble(Point::y).average().orElse(0);
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            fitted[i] = law.value(best, p.n(), p.d());
            ssRes += sq(p.y() - fitted[i]);
            ssTot += sq(p.y() - mean);
        }
        double r2 = ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
        double rmse = Math.sqrt(ssRes / points.size());

        double[] lower = new double[k];
        double[] upper = new double[k];
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        int replicates = 0;
        List<List<Double>> band = List.of();
        if (pooled && bootstrap > 0 && points.size() > k) {
            double[][] draws = new SeedBootstrap(bootstrap, seed).parameters(law, curve, noise);
            SeedBootstrap.interval(best, draws, curve.seeds(), law, lower, upper);
            replicates = draws.length;
            band = band(law, points, best, draws, curve.seeds());
        } else if (!pooled && bootstrap > 0 && points.size() > k) {
            double[][] draws = residualDraws(law, points, fitted, best);
            for (int j = 0; j < k; j++) {
                double[] column = column(draws, j);
                lower[j] = percentile(column, 0.025);
                upper[j] = percentile(column, 0.975);
            }
            replicates = draws.length;
            band = band(law, points, best, draws, 1);
        }
        List<List<Double>> perSeed = new ArrayList<>();
        if (pooled) {
            for (long s : curve.seedList()) {
                List<Point> own = curve.of(s);
                if (distinct(law, own) >= k) {
                    perSeed.add(boxed(fitParameters(law, own, null)));
                }
            }
        }
        return new FitResult(law, group, points.size(), boxed(best), boxed(lower), boxed(upper), r2, rmse,
                crossValidate(law, points, weights), extrapolate(law, points, weights), replicates, curve.seeds(),
                replicates == 0 ? "none" : pooled ? SEED_BOOTSTRAP : RESIDUAL_BOOTSTRAP, perSeed, List.of(), band);
    }

    /**
     * The pointwise 95% band of a one-variable law over the fitted range: at each of
     * {@link FitResult#BAND_POINTS} log-spaced x, the percentiles of the draws' values (widened
     * for k clusters as the parameter intervals are).
     */
    private static List<List<Double>> band(Law law, List<Point> points, double[] best, double[][] draws, int clusters) {
        if (law == Law.JOINT) {
            return List.of();
        }
        double min = points.stream().mapToDouble(law::x).min().orElseThrow();
        double max = points.stream().mapToDouble(law::x).max().orElseThrow();
        List<Double> xs = new ArrayList<>();
        List<Double> lows = new ArrayList<>();
        List<Double> highs = new ArrayList<>();
        for (int i = 0; i < FitResult.BAND_POINTS; i++) {
            double x = min * StrictMath.pow(max / min, i / (double) (FitResult.BAND_POINTS - 1));
            double[] values = new double[draws.length];
            for (int b = 0; b < draws.length; b++) {
                values[b] = law.value(draws[b], x, x);
            }
            double[] interval = SeedBootstrap.interval(law.value(best, x, x), values, clusters);
            xs.add(x);
            lows.add(interval[0]);
            highs.add(interval[1]);
        }
        return List.of(xs, lows, highs);
    }

    /** Weights {@code k / σ²(x)} of the means; all 1 without a measured spread. */
    static double[] weights(Law law, List<Point> points, int[] counts, NoiseModel noise) {
        double[] weights = new double[points.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = noise.measured() ? counts[i] / noise.variance(law.x(points.get(i))) : 1;
        }
        if (noise.measured()) {
            // Scale to mean 1: the same fit, numbers of order one for the optimizer.
            double sum = Arrays.stream(weights).sum();
            for (int i = 0; i < weights.length; i++) {
                weights[i] *= weights.length / sum;
            }
        }
        return weights;
    }

    /** Residual-bootstrap replicates of one unweighted series. */
    private double[][] residualDraws(Law law, List<Point> points, double[] fitted, double[] start) {
        int k = law.parameters().size();
        SplittableRandom random = new SplittableRandom(seed);
        double inflate = Math.sqrt(points.size() / (double) (points.size() - k));
        double[] residuals = new double[points.size()];
        double residualMean = 0;
        for (int i = 0; i < points.size(); i++) {
            residuals[i] = points.get(i).y() - fitted[i];
            residualMean += residuals[i] / points.size();
        }
        double[][] draws = new double[bootstrap][];
        List<Point> resampled = new ArrayList<>(points);
        for (int b = 0; b < bootstrap; b++) {
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                double r = (residuals[random.nextInt(points.size())] - residualMean) * inflate;
                resampled.set(i, new Point(p.n(), p.d(), fitted[i] + r));
            }
            draws[b] = refitFrom(law, resampled, null, start);
        }
        return draws;
    }

    /** k-fold cross-validated RMSE of predictions on held-out points; NaN if a fold would be too small. */
    double crossValidate(Law law, List<Point> points, double[] weights) {
        int k = Math.min(folds, points.size());
        int parameters = law.parameters().size();
        if (k < 2 || points.size() - (points.size() + k - 1) / k < parameters + 1) {
            return Double.NaN;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        double sum = 0;
        for (int fold = 0; fold < k; fold++) {
            List<Point> train = new ArrayList<>();
            List<Double> trainWeights = new ArrayList<>();
            List<Point> test = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                int index = order.get(i);
                if (i % k == fold) {
                    test.add(points.get(index));
                } else {
                    train.add(points.get(index));
                    trainWeights.add(weights[index]);
                }
            }
            double[] q = fitParameters(law, train, trainWeights.stream().mapToDouble(Double::doubleValue).toArray());
            for (Point p : test) {
                sum += sq(p.y() - law.value(q, p.n(), p.d()));
            }
        }
        return Math.sqrt(sum / points.size());
    }

    /** Mean absolute error at the largest size when fitting the rest; NaN if too few points remain. */
    double extrapolate(Law law, List<Point> points, double[] weights) {
        double largest = points.stream().mapToDouble(p -> law == Law.SIZE ? p.n() : p.d()).max().orElse(0);
        List<Point> train = new ArrayList<>();
        List<Double> trainWeights = new ArrayList<>();
        List<Point> test = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if ((law == Law.SIZE ? p.n() : p.d()) == largest) {
                test.add(p);
            } else {
                train.add(p);
                trainWeights.add(weights[i]);
            }
        }
        if (train.size() < law.parameters().size() + 1 || distinct(law, train) < 3) {
            return Double.NaN;
        }
        double[] q = fitParameters(law, train, trainWeights.stream().mapToDouble(Double::doubleValue).toArray());
        double sum = 0;
        for (Point p : test) {
            sum += Math.abs(p.y() - law.value(q, p.n(), p.d()));
        }
        return sum / test.size();
    }

    /** Distinct sizes on the law's axis (N for {@link Law#SIZE}, else D or C). */
    static long distinct(Law law, List<Point> points) {
        return points.stream().mapToDouble(p -> law == Law.SIZE ? p.n() : p.d()).distinct().count();
    }

    /** The least-squares parameters in original units (no intervals), unweighted. */
    public static double[] fitParameters(Law law, List<Point> points) {
        return fitParameters(law, points, null);
    }

    /**
     * The weighted least-squares parameters in original units.
     *
     * @param weights one per point (null: all 1)
     */
    public static double[] fitParameters(Law law, List<Point> points, double[] weights) {
        Scaled s = new Scaled(law, points, weights);
        double[] q = s.gridSearch();
        q = s.refine(q);
        return s.toOriginal(q);
    }

    /**
     * A refit that starts Levenberg–Marquardt from {@code start} (original units) instead of the
     * grid: for bootstrap replicates, which perturb a fitted curve slightly, the start is the fit
     * to the data and lies in the replicate's basin (the simulated coverage of the intervals,
     * PowerLawCoverageTest, is the check that it does).
     */
    static double[] refitFrom(Law law, List<Point> points, double[] weights, double[] start) {
        Scaled s = new Scaled(law, points, weights);
        double[] q = s.refine(s.toScaled(start));
        return s.toOriginal(q);
    }

    /** The factor that widens a percentile interval from k clusters: {@code t(0.975, k−1)/z(0.975)·√(k/(k−1))}. */
    static double smallClusterFactor(int clusters) {
        if (clusters < 2) {
            return Double.NaN;
        }
        double t = new TDistribution(null, clusters - 1).inverseCumulativeProbability(0.975);
        return t / 1.959963984540054 * Math.sqrt(clusters / (clusters - 1.0));
    }

    // ---------------------------------------------------------------- internals

    /** The points in normalized units: u = n / nScale, v = d / dScale; w the weights. */
    private static final class Scaled {
        final Law law;
        final int m;
        final double[] u;
        final double[] v;
        final double[] y;
        final double[] w;
        final double nScale;
        final double dScale;

        Scaled(Law law, List<Point> input, double[] weights) {
            this.law = law;
            m = input.size();
            u = new double[m];
            v = new double[m];
            y = new double[m];
            w = new double[m];
            double logN = 0;
            double logD = 0;
            for (Point p : input) {
                if (law != Law.DATA && law != Law.COMPUTE && !(p.n() > 0)) {
                    throw new IllegalArgumentException("model size must be > 0, got " + p.n());
                }
                if (law != Law.SIZE && !(p.d() > 0)) {
                    throw new IllegalArgumentException("data size must be > 0, got " + p.d());
                }
                logN += law == Law.DATA || law == Law.COMPUTE ? 0 : StrictMath.log(p.n()) / m;
                logD += law == Law.SIZE ? 0 : StrictMath.log(p.d()) / m;
            }
            nScale = StrictMath.exp(logN);
            dScale = StrictMath.exp(logD);
            for (int i = 0; i < m; i++) {
                Point p = input.get(i);
                u[i] = p.n() / nScale;
                v[i] = p.d() / dScale;
                y[i] = p.y();
                w[i] = weights == null ? 1 : weights[i];
            }
        }

        double[] x() {
            return law == Law.SIZE ? u : v;
        }

        double[] toScaled(double[] p) {
            double[] q = p.clone();
            switch (law) {
                case DATA, COMPUTE -> q[1] = p[1] / StrictMath.pow(dScale, p[2]);
                case SIZE -> q[1] = p[1] / StrictMath.pow(nScale, p[2]);
                case JOINT -> {
                    q[1] = p[1] / StrictMath.pow(nScale, p[2]);
                    q[3] = p[3] / StrictMath.pow(dScale, p[4]);
                }
            }
            return q;
        }

        double[] toOriginal(double[] q) {
            double[] p = q.clone();
            switch (law) {
                case DATA, COMPUTE -> p[1] = q[1] * StrictMath.pow(dScale, q[2]);
                case SIZE -> p[1] = q[1] * StrictMath.pow(nScale, q[2]);
                case JOINT -> {
                    p[1] = q[1] * StrictMath.pow(nScale, q[2]);
                    p[3] = q[3] * StrictMath.pow(dScale, q[4]);
                }
            }
            return p;
        }

        double[] gridSearch() {
            double bestSse = Double.POSITIVE_INFINITY;
            double[] best = null;
            if (law == Law.JOINT) {
                for (double alpha : JOINT_GRID) {
                    double[] cu = powers(u, alpha);
                    for (double beta : JOINT_GRID) {
                        double[] coefficients = new double[3];
                        double sse = nonNegativeLeastSquares(new double[][] {ones(), cu, powers(v, beta)}, coefficients);
                        if (sse < bestSse) {
                            bestSse = sse;
                            best = new double[] {coefficients[0], coefficients[1], alpha, coefficients[2], beta};
                        }
                    }
                }
            } else {
                double[] x = x();
                for (double exponent : GRID) {
                    double[] coefficients = new double[2];
                    double sse = nonNegativeLeastSquares(new double[][] {ones(), powers(x, exponent)}, coefficients);
                    if (sse < bestSse) {
                        bestSse = sse;
                        best = new double[] {coefficients[0], coefficients[1], exponent};
                    }
                }
            }
            return best;
        }

        double[] refine(double[] start) {
            MultivariateJacobianFunction model = point -> {
                double[] q = point.toArray();
                double[] values = new double[m];
                double[][] jacobian = new double[m][q.length];
                for (int i = 0; i < m; i++) {
                    if (law == Law.JOINT) {
                        double a = StrictMath.pow(u[i], -q[2]);
                        double b = StrictMath.pow(v[i], -q[4]);
                        values[i] = q[0] + q[1] * a + q[3] * b;
                        jacobian[i] = new double[] {1, a, -q[1] * a * StrictMath.log(u[i]), b,
                            -q[3] * b * StrictMath.log(v[i])};
                    } else {
                        double x = law == Law.SIZE ? u[i] : v[i];
                        double a = StrictMath.pow(x, -q[2]);
                        values[i] = q[0] + q[1] * a;
                        jacobian[i] = new double[] {1, a, -q[1] * a * StrictMath.log(x)};
                    }
                }
                return new Pair<RealVector, RealMatrix>(new ArrayRealVector(values, false),
                        new Array2DRowRealMatrix(jacobian, false));
            };
            LeastSquaresProblem problem = new LeastSquaresBuilder().start(start).model(model).target(y)
                    .weight(new DiagonalMatrix(w.clone())).parameterValidator(this::clamp).lazyEvaluation(false)
                    .maxEvaluations(2000).maxIterations(2000).build();
            try {
                LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
                double[] q = clamp(optimum.getPoint()).toArray();
                return sse(q) <= sse(start) ? q : start;
            } catch (RuntimeException e) {
                // no convergence: the grid optimum stands
                return start;
            }
        }

        RealVector clamp(RealVector point) {
            double[] q = point.toArray();
            for (int j = 0; j < q.length; j++) {
                boolean exponent = law.isExponent(j);
                q[j] = exponent ? Math.max(Law.MIN_EXPONENT, Math.min(Law.MAX_EXPONENT, q[j])) : Math.max(0, q[j]);
                if (Double.isNaN(q[j])) {
                    q[j] = exponent ? 0.5 : 0;
                }
            }
            return new ArrayRealVector(q, false);
        }

        /** The weighted sum of squared residuals. */
        double sse(double[] q) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double f = law == Law.JOINT
                        ? q[0] + q[1] * StrictMath.pow(u[i], -q[2]) + q[3] * StrictMath.pow(v[i], -q[4])
                        : q[0] + q[1] * StrictMath.pow(law == Law.SIZE ? u[i] : v[i], -q[2]);
                sum += w[i] * sq(y[i] - f);
            }
            return sum;
        }

        double[] ones() {
            double[] one = new double[m];
            Arrays.fill(one, 1);
            return one;
        }

        static double[] powers(double[] x, double exponent) {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                p[i] = StrictMath.pow(x[i], -exponent);
            }
            return p;
        }

        /**
         * Weighted least squares with non-negative coefficients over at most three columns, by
         * trying every subset of columns (the optimum is the unconstrained solution on its support).
         */
        double nonNegativeLeastSquares(double[][] columns, double[] coefficients) {
            int k = columns.length;
            double bestSse = Double.POSITIVE_INFINITY;
            for (int mask = 1; mask < (1 << k); mask++) {
                int[] support = new int[Integer.bitCount(mask)];
                for (int j = 0, s = 0; j < k; j++) {
                    if ((mask & (1 << j)) != 0) {
                        support[s++] = j;
                    }
                }
                double[] solution = solve(columns, support);
                if (solution == null) {
                    continue;
                }
                boolean feasible = true;
                for (double c : solution) {
                    feasible &= c >= 0;
                }
                if (!feasible) {
                    continue;
                }
                double sse = 0;
                for (int i = 0; i < m; i++) {
                    double f = 0;
                    for (int s = 0; s < support.length; s++) {
                        f += solution[s] * columns[support[s]][i];
                    }
                    sse += w[i] * sq(y[i] - f);
                }
                if (sse < bestSse) {
                    bestSse = sse;
                    Arrays.fill(coefficients, 0);
                    for (int s = 0; s < support.length; s++) {
                        coefficients[support[s]] = solution[s];
                    }
                }
            }
            return bestSse;
        }

        /**
         * Unconstrained weighted least squares on the columns of a support, by QR decomposition of
         * the design matrix with rows scaled by √w (commons-math3); null if the columns are
         * linearly dependent.
         */
        double[] solve(double[][] columns, int[] support) {
            int k = support.length;
            double[][] design = new double[m][k];
            double[] target = new double[m];
            for (int i = 0; i < m; i++) {
                double root = Math.sqrt(w[i]);
                for (int s = 0; s < k; s++) {
                    design[i][s] = columns[support[s]][i] * root;
                }
                target[i] = y[i] * root;
            }
            DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(design, false), 1e-12).getSolver();
            if (!solver.isNonSingular()) {
                return null;
            }
            return solver.solve(new ArrayRealVector(target, false)).toArray();
        }
    }

    private static double[] logGrid(double from, double to, int count) {
        double[] grid = new double[count];
        for (int i = 0; i < count; i++) {
            grid[i] = from * StrictMath.pow(to / from, i / (double) (count - 1));
        }
        return grid;
    }

    static double[] column(double[][] draws, int j) {
        double[] column = new double[draws.length];
        for (int b = 0; b < draws.length; b++) {
            column[b] = draws[b][j];
        }
        Arrays.sort(column);
        return column;
    }

    /** The q-quantile of sorted values with linear interpolation between order statistics (R-7, as numpy's default). */
    static double percentile(double[] sorted, double q) {
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(sorted, q * 100);
    }

    static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double sq(double x) {
        return x * x;
    }

    static Comparator<Point> canonicalOrder() {
        return Comparator.comparingDouble(Point::n).thenComparingDouble(Point::d).thenComparingDouble(Point::y);
    }
}

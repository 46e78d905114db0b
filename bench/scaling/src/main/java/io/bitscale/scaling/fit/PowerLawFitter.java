package io.bitscale.scaling.fit;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.util.Pair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Least-squares fits of the {@link Law}s, with residual-bootstrap confidence intervals, R²,
 * k-fold cross-validation and an extrapolation check.
 *
 * <pre>{@code
 * FitResult fit = new PowerLawFitter(1000, 5, 1).fit(Law.DATA, points, Map.of("spec", "order2"));
 * double beta = fit.parameter("beta");   // with fit.lower("beta") .. fit.upper("beta")
 * }</pre>
 *
 * <p><b>Method.</b> Sizes are divided by their geometric mean so that every parameter is of
 * order one. For fixed exponents the law is linear in its coefficients, so a grid over the
 * exponents (60 values from 0.01 to 3; 30 × 30 for the joint law) with a non-negative linear least-squares
 * solve at each node finds the global basin; Levenberg–Marquardt (commons-math3) then refines all
 * parameters together, constrained to {@code E, A, B >= 0} and exponents in {@code [1e-4, 5]}.
 * Residuals are unweighted, in the units of y (bits per byte).
 *
 * <p><b>Uncertainty.</b> Residual bootstrap: each replicate adds resampled residuals (inflated
 * by {@code sqrt(n / (n - p))}) to the fitted curve and refits from scratch; the 2.5% and 97.5%
 * percentiles of each parameter form its 95% interval. Resampling residuals rather than points
 * keeps the designed grid of sizes, which case resampling would thin out.
 *
 * <p>Deterministic for a given seed.
 */
public final class PowerLawFitter {

    private static final double MIN_EXPONENT = 1e-4;
    private static final double MAX_EXPONENT = 5;
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

    /** Fits a law with intervals and checks. */
    public FitResult fit(Law law, List<Point> input, Map<String, String> group) {
        // A canonical order, so the same cells give the same intervals and CV RMSE whatever the
        // order of the rows in the input (log order, sorted table, a merge).
        List<Point> points = canonical(input);
        int k = law.parameters().size();
        if (points.size() < k) {
            throw new IllegalArgumentException(law.shortName() + " has " + k + " parameters but only "
                    + points.size() + " points");
        }
        double[] best = fitParameters(law, points);
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
        int replicates = points.size() > k ? bootstrap : 0;
        if (replicates > 0) {
            SplittableRandom random = new SplittableRandom(seed);
            double inflate = Math.sqrt(points.size() / (double) (points.size() - k));
            double[] residuals = new double[points.size()];
            double residualMean = 0;
            for (int i = 0; i < points.size(); i++) {
                residuals[i] = points.get(i).y() - fitted[i];
                residualMean += residuals[i] / points.size();
            }
            double[][] samples = new double[k][replicates];
            List<Point> resampled = new ArrayList<>(points);
            for (int b = 0; b < replicates; b++) {
                for (int i = 0; i < points.size(); i++) {
                    Point p = points.get(i);
                    double r = (residuals[random.nextInt(points.size())] - residualMean) * inflate;
                    resampled.set(i, new Point(p.n(), p.d(), fitted[i] + r));
                }
                double[] q = fitParameters(law, resampled);
                for (int j = 0; j < k; j++) {
                    samples[j][b] = q[j];
                }
            }
            for (int j = 0; j < k; j++) {
                Arrays.sort(samples[j]);
                lower[j] = percentile(samples[j], 0.025);
                upper[j] = percentile(samples[j], 0.975);
            }
        }
        return new FitResult(law, group, points.size(), boxed(best), boxed(lower), boxed(upper), r2, rmse,
                crossValidate(law, points), extrapolate(law, points), replicates);
    }

    /** k-fold cross-validated RMSE of predictions on held-out points; NaN if a fold would be too small. */
    double crossValidate(Law law, List<Point> input) {
        int k = Math.min(folds, input.size());
        int parameters = law.parameters().size();
        if (k < 2 || input.size() - (input.size() + k - 1) / k < parameters + 1) {
            return Double.NaN;
        }
        List<Point> points = canonical(input);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        double sum = 0;
        for (int fold = 0; fold < k; fold++) {
            List<Point> train = new ArrayList<>();
            List<Point> test = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                (i % k == fold ? test : train).add(points.get(order.get(i)));
            }
            double[] q = fitParameters(law, train);
            for (Point p : test) {
                sum += sq(p.y() - law.value(q, p.n(), p.d()));
            }
        }
        return Math.sqrt(sum / points.size());
    }

    private static List<Point> canonical(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparingDouble(Point::n).thenComparingDouble(Point::d)
                .thenComparingDouble(Point::y));
        return sorted;
    }

    /** Mean absolute error at the largest size when fitting the rest; NaN if too few points remain. */
    double extrapolate(Law law, List<Point> points) {
        double largest = points.stream().mapToDouble(p -> law == Law.SIZE ? p.n() : p.d()).max().orElse(0);
        List<Point> train = new ArrayList<>();
        List<Point> test = new ArrayList<>();
        for (Point p : points) {
            ((law == Law.SIZE ? p.n() : p.d()) == largest ? test : train).add(p);
        }
        if (train.size() < law.parameters().size() + 1 || distinct(law, train) < 3) {
            return Double.NaN;
        }
        double[] q = fitParameters(law, train);
        double sum = 0;
        for (Point p : test) {
            sum += Math.abs(p.y() - law.value(q, p.n(), p.d()));
        }
        return sum / test.size();
    }

    private static long distinct(Law law, List<Point> points) {
        return points.stream().mapToDouble(p -> law == Law.SIZE ? p.n() : p.d()).distinct().count();
    }

    /** The least-squares parameters in original units (no intervals). */
    public static double[] fitParameters(Law law, List<Point> points) {
        Scaled s = new Scaled(law, points);
        double[] q = s.gridSearch();
        q = s.refine(q);
        return s.toOriginal(q);
    }

    // ---------------------------------------------------------------- internals

    /** The points in normalized units: u = n / nScale, v = d / dScale. */
    private static final class Scaled {
        final Law law;
        final int m;
        final double[] u;
        final double[] v;
        final double[] y;
        final double nScale;
        final double dScale;

        Scaled(Law law, List<Point> points) {
            this.law = law;
            m = points.size();
            u = new double[m];
            v = new double[m];
            y = new double[m];
            double logN = 0;
            double logD = 0;
            for (Point p : points) {
                if (law != Law.DATA && !(p.n() > 0)) {
                    throw new IllegalArgumentException("model size must be > 0, got " + p.n());
                }
                if (law != Law.SIZE && !(p.d() > 0)) {
                    throw new IllegalArgumentException("data size must be > 0, got " + p.d());
                }
                logN += law == Law.DATA ? 0 : Math.log(p.n()) / m;
                logD += law == Law.SIZE ? 0 : Math.log(p.d()) / m;
            }
            nScale = Math.exp(logN);
            dScale = Math.exp(logD);
            for (int i = 0; i < m; i++) {
                Point p = points.get(i);
                u[i] = p.n() / nScale;
                v[i] = p.d() / dScale;
                y[i] = p.y();
            }
        }

        /** The x of a one-variable law. */
        double[] x() {
            return law == Law.SIZE ? u : v;
        }

        double[] toOriginal(double[] q) {
            double[] p = q.clone();
            switch (law) {
                case DATA -> p[1] = q[1] * Math.pow(dScale, q[2]);
                case SIZE -> p[1] = q[1] * Math.pow(nScale, q[2]);
                case JOINT -> {
                    p[1] = q[1] * Math.pow(nScale, q[2]);
                    p[3] = q[3] * Math.pow(dScale, q[4]);
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
                        double a = Math.pow(u[i], -q[2]);
                        double b = Math.pow(v[i], -q[4]);
                        values[i] = q[0] + q[1] * a + q[3] * b;
                        jacobian[i] = new double[] {1, a, -q[1] * a * Math.log(u[i]), b, -q[3] * b * Math.log(v[i])};
                    } else {
                        double x = law == Law.SIZE ? u[i] : v[i];
                        double a = Math.pow(x, -q[2]);
                        values[i] = q[0] + q[1] * a;
                        jacobian[i] = new double[] {1, a, -q[1] * a * Math.log(x)};
                    }
                }
                return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(new ArrayRealVector(values, false),
                        new Array2DRowRealMatrix(jacobian, false));
            };
            LeastSquaresProblem problem = new LeastSquaresBuilder().start(start).model(model).target(y)
                    .parameterValidator(this::clamp).lazyEvaluation(false)
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
                boolean exponent = j == 2 || j == 4;
                q[j] = exponent ? Math.max(MIN_EXPONENT, Math.min(MAX_EXPONENT, q[j])) : Math.max(0, q[j]);
                if (Double.isNaN(q[j])) {
                    q[j] = exponent ? 0.5 : 0;
                }
            }
            return new ArrayRealVector(q, false);
        }

        double sse(double[] q) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double f = law == Law.JOINT
                        ? q[0] + q[1] * Math.pow(u[i], -q[2]) + q[3] * Math.pow(v[i], -q[4])
                        : q[0] + q[1] * Math.pow(law == Law.SIZE ? u[i] : v[i], -q[2]);
                sum += sq(y[i] - f);
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
                p[i] = Math.pow(x[i], -exponent);
            }
            return p;
        }

        /**
         * Least squares with non-negative coefficients over at most three columns, by trying
         * every subset of columns (the optimum is the unconstrained solution on its support).
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
                double[] solution = solveNormal(columns, support);
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
                    sse += sq(y[i] - f);
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
         * Unconstrained least squares on the columns of a support, by QR decomposition of the
         * design matrix (commons-math3); null if the columns are linearly dependent.
         */
        double[] solveNormal(double[][] columns, int[] support) {
            int k = support.length;
            double[][] design = new double[m][k];
            for (int i = 0; i < m; i++) {
                for (int s = 0; s < k; s++) {
                    design[i][s] = columns[support[s]][i];
                }
            }
            DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(design, false), 1e-12).getSolver();
            if (!solver.isNonSingular()) {
                return null;
            }
            return solver.solve(new ArrayRealVector(y, false)).toArray();
        }
    }

    private static double[] logGrid(double from, double to, int count) {
        double[] grid = new double[count];
        for (int i = 0; i < count; i++) {
            grid[i] = from * Math.pow(to / from, i / (double) (count - 1));
        }
        return grid;
    }

    /** The q-quantile with linear interpolation between order statistics (R-7, as numpy's default). */
    private static double percentile(double[] sorted, double q) {
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(sorted, q * 100);
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double sq(double x) {
        return x * x;
    }
}

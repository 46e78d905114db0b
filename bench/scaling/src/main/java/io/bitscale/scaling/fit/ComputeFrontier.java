package io.bitscale.scaling.fit;

import io.bitscale.scaling.sweep.ResultRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The compute axis: each curve point (series, D; mean over seeds) as loss against the operations
 * spent on it (stated operations per byte × bytes the model processed) or its CPU seconds; the
 * frontier of points no cheaper point beats; and the compute-optimal allocation
 * ({@link Allocation}).
 *
 * <pre>{@code
 * List<ComputeFrontier.Spend> spend = ComputeFrontier.points(rows, "bpb");
 * List<ComputeFrontier.Spend> front = ComputeFrontier.frontier(spend, ComputeFrontier.Spend::operations);
 * }</pre>
 */
public final class ComputeFrontier {

    private ComputeFrontier() {
    }

    /**
     * One curve point on the compute axes.
     *
     * @param series     the series (spec or growth policy)
     * @param family     its family
     * @param parameters N (for a growing series, at this D)
     * @param d          D
     * @param operations stated operations spent, or NaN when the model states none (baselines)
     * @param cpuSeconds mean CPU seconds over seeds, or NaN if not recorded
     * @param loss       the metric, mean over seeds
     */
    public record Spend(String series, String family, long parameters, long d, double operations, double cpuSeconds,
                        double loss) {
    }

    /** The points of rows of one corpus family and protocol, averaged over seeds. */
    public static List<Spend> points(List<ResultRow> rows, String metric) {
        Map<String, List<ResultRow>> groups = new TreeMap<>();
        for (ResultRow r : rows) {
            groups.computeIfAbsent(r.seriesName() + "\u0000" + String.format(Locale.ROOT, "%020d|%020d", r.trainBytes(),
                    r.testBytes()), k -> new ArrayList<>()).add(r);
        }
        List<Spend> points = new ArrayList<>();
        for (List<ResultRow> g : groups.values()) {
            ResultRow first = g.get(0);
            double ops = first.operations() == null ? Double.NaN : first.operations();
            double cpu = g.stream().allMatch(r -> r.cpuSeconds() != null)
                    ? g.stream().mapToDouble(ResultRow::cpuSeconds).average().orElse(Double.NaN) : Double.NaN;
            double loss = g.stream().mapToDouble(r -> r.metric(metric)).average().orElse(Double.NaN);
            points.add(new Spend(first.seriesName(), first.family(), first.parameters(), first.trainBytes(), ops, cpu,
                    loss));
        }
        return points;
    }

    /** The points no point of at most the same cost beats, cheapest first (points without a cost left out). */
    public static List<Spend> frontier(List<Spend> points, ToDoubleFunction<Spend> cost) {
        List<Spend> sorted = new ArrayList<>(points.stream().filter(p -> cost.applyAsDouble(p) > 0).toList());
        sorted.sort(Comparator.comparingDouble(cost).thenComparingDouble(Spend::loss).thenComparing(Spend::series));
        List<Spend> front = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (Spend p : sorted) {
            if (p.loss() < best) {
                front.add(p);
                best = p.loss();
            }
        }
        return front;
    }

    /**
     * The compute-optimal allocation of a family from its joint fit and its points.
     *
     * @param joint the family's {@link Law#JOINT} fit (flags included)
     * @param spend the family's points (their N and operations per byte give {@code ops(N)})
     */
    public static Allocation allocation(FitResult joint, List<Spend> spend) {
        Map<String, String> group = joint.group();
        Map<Long, Double> opsPerByte = new TreeMap<>();
        for (Spend p : spend) {
            if (!Double.isNaN(p.operations()) && p.d() > 0) {
                opsPerByte.putIfAbsent(p.parameters(), p.operations() / p.d());
            }
        }
        if (opsPerByte.size() < 2) {
            return none(group, Double.NaN, "fewer than two model sizes state their operations per byte");
        }
        double[] line = logLine(opsPerByte);
        double b = line[1];
        if (!joint.passes()) {
            return none(group, b, "the joint fit fails its quality checks (" + String.join("; ", joint.flags()) + ")");
        }
        if (b < 0.1) {
            return none(group, b, String.format(Locale.ROOT, "work per byte does not grow with N (ops ∝ N^%.3f): every "
                    + "budget is best spent on the largest model and all the data, so there is no trade-off to fit", b));
        }
        double nMin = opsPerByte.keySet().stream().mapToDouble(Long::doubleValue).min().orElseThrow();
        double nMax = opsPerByte.keySet().stream().mapToDouble(Long::doubleValue).max().orElseThrow();
        double cMin = spend.stream().mapToDouble(Spend::operations).filter(c -> c > 0).min().orElse(Double.NaN);
        double cMax = spend.stream().mapToDouble(Spend::operations).filter(c -> c > 0).max().orElse(Double.NaN);
        List<Double> computes = new ArrayList<>();
        List<Double> ns = new ArrayList<>();
        List<Double> ds = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        int interior = 0;
        for (int i = 0; i <= 20; i++) {
            double c = cMin * StrictMath.pow(cMax / cMin, i / 20.0);
            double bestLoss = Double.POSITIVE_INFINITY;
            double bestN = Double.NaN;
            for (int j = 0; j <= 200; j++) {
                double n = nMin * StrictMath.pow(nMax / nMin, j / 200.0);
                double d = c / (StrictMath.exp(line[0]) * StrictMath.pow(n, b));
                double loss = joint.predict(n, d);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestN = n;
                }
            }
            computes.add(c);
            ns.add(bestN);
            ds.add(c / (StrictMath.exp(line[0]) * StrictMath.pow(bestN, b)));
            losses.add(bestLoss);
            if (bestN > nMin * 1.0001 && bestN < nMax * 0.9999) {
                interior++;
            }
        }
        if (interior < 3) {
            return new Allocation(group, false, "the optimal N lies at the edge of the measured sizes for all but "
                    + interior + " of 21 budgets: the data do not locate it", b, Double.NaN, Double.NaN, computes, ns, ds,
                    losses);
        }
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < computes.size(); i++) {
            if (ns.get(i) > nMin * 1.0001 && ns.get(i) < nMax * 0.9999) {
                kept.add(new double[] {StrictMath.log(computes.get(i)), StrictMath.log(ns.get(i))});
            }
        }
        double a = slope(kept);
        return new Allocation(group, true, "joint fit and ops(N) ∝ N^b over " + opsPerByte.size() + " sizes; "
                + interior + " of 21 budgets with an interior optimum", b, a, 1 - b * a, computes, ns, ds, losses);
    }

    private static Allocation none(Map<String, String> group, double b, String reason) {
        return new Allocation(group, false, reason, b, Double.NaN, Double.NaN, List.of(), List.of(), List.of(), List.of());
    }

    /** Intercept and slope of log ops against log N. */
    private static double[] logLine(Map<Long, Double> opsPerByte) {
        List<double[]> points = new ArrayList<>();
        opsPerByte.forEach((n, ops) -> points.add(new double[] {StrictMath.log(n), StrictMath.log(ops)}));
        double slope = slope(points);
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        return new double[] {my - slope * mx, slope};
    }

    private static double slope(List<double[]> points) {
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}

package io.bitscale.scaling.fit;

import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.SweepConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Groups result rows into curves and fits every law that has enough points, pooling the
 * replicates of a curve: rows whose corpus differs only in its {@code seed=} (the shuffles of one
 * corpus, the seeds of a synthetic source) are one curve measured several times
 * ({@link Replicates}), fitted to the means with seed-cluster intervals.
 * <ul>
 *   <li>{@link Law#DATA} per (corpus, protocol, family, series[, test bytes]) with at least 4
 *       distinct D; a growing-capacity series is one curve although its spec changes with D;</li>
 *   <li>{@link Law#SIZE} per (corpus, protocol, family, D[, test bytes]), at least 4 distinct N;</li>
 *   <li>{@link Law#JOINT} per (corpus, protocol, family[, test bytes]), at least 2 distinct N,
 *       2 distinct D and 7 points;</li>
 *   <li>{@link Law#COMPUTE} per (corpus, protocol[, test bytes]) on the compute frontier
 *       ({@link ComputeFrontier}), at least 4 points;</li>
 * </ul>
 * then the forecast checks of every L(D) curve ({@link Forecaster}), the laws of each corpus
 * forecasting the others ({@link Transfer}), the quality flags ({@link FitQuality}) and the
 * compute-optimal allocations. Baseline compressors are drawn beside the models but not fitted.
 * The metric is any of {@link ResultRow#metric(String)}; {@code bpb} by default.
 *
 * <pre>{@code
 * FitReport report = new ScalingFits(new PowerLawFitter(1000, 5, 1), "bpb").report(rows, 1e6, System.err::println);
 * }</pre>
 */
public final class ScalingFits {

    private final PowerLawFitter fitter;
    private final String metric;

    /**
     * @param fitter the fitter (bootstrap, folds, seed)
     * @param metric the y of the fits, e.g. {@code bpb}
     */
    public ScalingFits(PowerLawFitter fitter, String metric) {
        this.fitter = fitter;
        this.metric = metric;
    }

    /** The corpus a row's curve belongs to: its name without {@code seed=N} (all shuffles of one text together). */
    public static String corpusFamily(String corpus) {
        return corpus.replaceAll(",?\\s*seed=[0-9-]+", "").replace("(,", "(");
    }

    /** Fits every law with enough points (no forecasts, transfers or flags). */
    public List<FitResult> fitAll(List<ResultRow> rows, Consumer<String> notes) {
        return report(rows, null, notes).fits();
    }

    /**
     * Fits every law, checks forecasts and transfers, flags the fits, fits allocations.
     *
     * @param cutoff the forecast cutoff for every curve, or null for each curve's default
     * @param notes  receives one line per group too small to fit
     */
    public FitReport report(List<ResultRow> input, Double cutoff, Consumer<String> notes) {
        List<ResultRow> rows = input.stream().filter(r -> !r.family().equals(SweepConfig.BASELINE_FAMILY)).toList();
        List<FitResult> fits = new ArrayList<>();
        List<Forecast> forecasts = new ArrayList<>();
        Map<String, Replicates> dataCurves = new LinkedHashMap<>();
        Map<String, Map<String, String>> dataGroups = new LinkedHashMap<>();
        Forecaster forecaster = new Forecaster(fitter.bootstrap(), fitter.seed());
        for (Map.Entry<List<String>, List<ResultRow>> group : group(rows, r -> key(r, r.seriesName())).entrySet()) {
            Replicates curve = replicates(group.getValue(), r -> new Point(r.parameters(), r.trainBytes(), r.metric(metric)));
            if (PowerLawFitter.distinct(Law.DATA, curve.keys()) < 4) {
                continue;
            }
            Map<String, String> labels = labels(group.getKey(), "corpus", "protocol", "family", "series", "T");
            fits.add(fitter.fit(Law.DATA, curve, labels));
            String id = String.join("\u0000", group.getKey());
            dataCurves.put(id, curve);
            dataGroups.put(id, labels);
            double cut = cutoff != null ? cutoff
                    : Forecaster.defaultCutoff(curve.keys().stream().map(Point::d).toList());
            if (!Double.isNaN(cut)) {
                forecasts.addAll(forecaster.forecast(curve, cut, labels));
            }
        }
        for (Map.Entry<List<String>, List<ResultRow>> group : group(rows, r -> key(r, Long.toString(r.trainBytes())))
                .entrySet()) {
            Replicates curve = replicates(group.getValue(), r -> new Point(r.parameters(), r.trainBytes(), r.metric(metric)));
            if (PowerLawFitter.distinct(Law.SIZE, curve.keys()) >= 4) {
                fits.add(fitter.fit(Law.SIZE, curve, labels(group.getKey(), "corpus", "protocol", "family", "D", "T")));
            }
        }
        for (Map.Entry<List<String>, List<ResultRow>> group : group(rows, r -> key(r, null)).entrySet()) {
            Replicates curve = replicates(group.getValue(), r -> new Point(r.parameters(), r.trainBytes(), r.metric(metric)));
            List<Point> keys = curve.keys();
            long sizes = keys.stream().mapToDouble(Point::n).distinct().count();
            long data = keys.stream().mapToDouble(Point::d).distinct().count();
            if (sizes >= 2 && data >= 2 && keys.size() >= 7) {
                fits.add(fitter.fit(Law.JOINT, curve, labels(group.getKey(), "corpus", "protocol", "family", "T")));
            } else if (sizes >= 2) {
                notes.accept("no joint fit for " + group.getKey() + ": " + sizes + " model sizes, " + data
                        + " data sizes, " + keys.size() + " points (needs 2, 2 and 7)");
            }
        }
        Map<List<String>, List<ResultRow>> byCorpus = group(rows, r -> List.of(corpusFamily(r.corpus()), r.protocol(),
                testKey(r)));
        for (Map.Entry<List<String>, List<ResultRow>> group : byCorpus.entrySet()) {
            List<ComputeFrontier.Spend> front = ComputeFrontier.frontier(ComputeFrontier.points(group.getValue(), metric),
                    ComputeFrontier.Spend::operations);
            List<Point> points = front.stream().map(p -> new Point(0, p.operations(), p.loss())).toList();
            if (PowerLawFitter.distinct(Law.COMPUTE, points) >= 4) {
                fits.add(fitter.fit(Law.COMPUTE, points, labels(group.getKey(), "corpus", "protocol", "T")));
            }
        }
        List<FitResult> flagged = new ArrayList<>();
        for (FitResult fit : fits) {
            List<Forecast> own = fit.law() == Law.DATA
                    ? forecasts.stream().filter(f -> f.group().equals(fit.group())).toList() : List.of();
            double meanY = meanY(fit, dataCurves, dataGroups, rows);
            flagged.add(fit.withFlags(FitQuality.flags(fit, meanY, own)));
        }
        List<Allocation> allocations = new ArrayList<>();
        for (FitResult fit : flagged) {
            if (fit.law() != Law.JOINT) {
                continue;
            }
            List<ResultRow> family = rows.stream().filter(r -> corpusFamily(r.corpus()).equals(fit.group().get("corpus"))
                    && r.protocol().equals(fit.group().get("protocol")) && r.family().equals(fit.group().get("family"))
                    && testKey(r).equals(fit.group().getOrDefault("T", ""))).toList();
            allocations.add(ComputeFrontier.allocation(fit, ComputeFrontier.points(family, metric)));
        }
        return new FitReport(new FitReport.Settings(metric, fitter.bootstrap(), fitter.folds(), fitter.seed(), cutoff),
                flagged, forecasts, transfers(dataCurves, dataGroups, forecasts, cutoff), allocations);
    }

    /**
     * Every curve measured on two corpora forecast by the other's law, at the sizes above the
     * target curve's cutoff.
     */
    private List<Transfer> transfers(Map<String, Replicates> curves, Map<String, Map<String, String>> groups,
                                     List<Forecast> forecasts, Double cutoff) {
        List<Transfer> transfers = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> to : groups.entrySet()) {
            Map<String, String> target = to.getValue();
            double cut = cutoff != null ? cutoff : forecasts.stream().filter(f -> f.group().equals(target))
                    .mapToDouble(Forecast::cutoff).findFirst().orElse(Double.NaN);
            if (Double.isNaN(cut)) {
                continue;
            }
            Replicates targetCurve = curves.get(to.getKey());
            List<Point> targetTrain = targetCurve.filter(p -> p.d() <= cut).means();
            List<Point> targets = targetCurve.means().stream().filter(p -> p.d() > cut).toList();
            for (Map.Entry<String, Map<String, String>> from : groups.entrySet()) {
                Map<String, String> source = from.getValue();
                if (source.get("corpus").equals(target.get("corpus")) || !source.get("series").equals(target.get("series"))
                        || !source.get("protocol").equals(target.get("protocol"))
                        || !source.getOrDefault("T", "").equals(target.getOrDefault("T", ""))) {
                    continue;
                }
                Replicates sourceTrain = curves.get(from.getKey()).filter(p -> p.d() <= cut);
                if (PowerLawFitter.distinct(Law.DATA, sourceTrain.keys()) < 4 || targetTrain.size() < 2) {
                    continue;
                }
                NoiseModel noise = sourceTrain.seeds() >= 2 ? NoiseModel.fit(Law.DATA, sourceTrain) : NoiseModel.NONE;
                List<Point> sourceMeans = sourceTrain.means();
                double[] law = PowerLawFitter.fitParameters(Law.DATA, sourceMeans,
                        PowerLawFitter.weights(Law.DATA, sourceMeans, sourceTrain.counts(), noise));
                double[] shaped = levelFit(targetTrain, law[2]);
                for (Point p : targets) {
                    double direct = Law.DATA.value(law, 0, p.d());
                    double reshaped = Law.DATA.value(shaped, 0, p.d());
                    transfers.add(new Transfer(target.get("series"), target.get("protocol"), target.get("family"),
                            source.get("corpus"), target.get("corpus"), cut, p.d(), p.y(), direct,
                            (direct - p.y()) / p.y(), law[2], reshaped, (reshaped - p.y()) / p.y()));
                }
            }
        }
        return transfers;
    }

    /** E and B (non-negative) of {@code E + B·D^-β} for a given β, least squares on the points. */
    static double[] levelFit(List<Point> points, double beta) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            double x = StrictMath.pow(p.d(), -beta);
            sx += x;
            sy += p.y();
            sxx += x * x;
            sxy += x * p.y();
        }
        double denominator = n * sxx - sx * sx;
        double b = denominator == 0 ? 0 : Math.max(0, (n * sxy - sx * sy) / denominator);
        double e = (sy - b * sx) / n;
        if (e < 0) {
            e = 0;
            b = sxy / sxx;
        }
        return new double[] {e, b, beta};
    }

    /** The mean y of a fit's points: its curve's means for L(D), else its corpus's rows. */
    private double meanY(FitResult fit, Map<String, Replicates> curves, Map<String, Map<String, String>> groups,
                         List<ResultRow> rows) {
        for (Map.Entry<String, Map<String, String>> group : groups.entrySet()) {
            if (fit.law() == Law.DATA && group.getValue().equals(fit.group())) {
                return curves.get(group.getKey()).means().stream().mapToDouble(Point::y).average().orElse(Double.NaN);
            }
        }
        return rows.stream().filter(r -> corpusFamily(r.corpus()).equals(fit.group().get("corpus")))
                .mapToDouble(r -> r.metric(metric)).average().orElse(Double.NaN);
    }

    /** The curve key: corpus family, protocol, family, the given part, and the test size for held-out protocols. */
    private static List<String> key(ResultRow r, String part) {
        List<String> key = new ArrayList<>(List.of(corpusFamily(r.corpus()), r.protocol(), r.family()));
        if (part != null) {
            key.add(part);
        }
        key.add(testKey(r));
        return key;
    }

    /** Held-out test bytes as a group label; empty for online rows (their test is their D). */
    static String testKey(ResultRow r) {
        return r.protocol().equals(SweepConfig.ONLINE) ? "" : Long.toString(r.testBytes());
    }

    private static Replicates replicates(List<ResultRow> rows, Function<ResultRow, Point> point) {
        Map<Long, List<Point>> bySeed = new TreeMap<>();
        for (ResultRow r : rows) {
            bySeed.computeIfAbsent(r.seed(), s -> new ArrayList<>()).add(point.apply(r));
        }
        return new Replicates(bySeed);
    }

    private static Map<String, String> labels(List<String> values, String... names) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (!(names[i].equals("T") && values.get(i).isEmpty())) {
                labels.put(names[i], values.get(i));
            }
        }
        return labels;
    }

    private static Map<List<String>, List<ResultRow>> group(List<ResultRow> rows, Function<ResultRow, List<String>> key) {
        Map<List<String>, List<ResultRow>> groups = new TreeMap<>((a, b) -> String.join("\u0000", a)
                .compareTo(String.join("\u0000", b)));
        for (ResultRow row : rows) {
            groups.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row);
        }
        return groups;
    }
}

package io.bitscale.scaling.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measurements of one curve under several replicates (shuffle seeds): each seed contributes
 * a whole curve, so points of one seed at nested data sizes are correlated (online bpb at D is
 * an average that contains the bytes before it) while different seeds are independent. Fits
 * take the mean over seeds at each size, weighted by the measured spread, and resample whole
 * seeds for their intervals ({@link SeedBootstrap}).
 *
 * <pre>{@code
 * Replicates curve = new Replicates(Map.of(0L, seed0Points, 1L, seed1Points));
 * List<Point> means = curve.means();          // one point per (N, D), canonical order
 * }</pre>
 *
 * @param bySeed each seed's points; a seed may miss some sizes
 */
public record Replicates(Map<Long, List<Point>> bySeed) {

    /** Copies the map, seeds in ascending order. */
    public Replicates {
        Map<Long, List<Point>> copy = new TreeMap<>();
        bySeed.forEach((seed, points) -> copy.put(seed, List.copyOf(points)));
        bySeed = java.util.Collections.unmodifiableMap(copy);
    }

    /** One series without replicates. */
    public static Replicates single(List<Point> points) {
        return new Replicates(Map.of(0L, points));
    }

    /** The number of seeds. */
    public int seeds() {
        return bySeed.size();
    }

    /** The seeds, ascending. */
    public List<Long> seedList() {
        return List.copyOf(bySeed.keySet());
    }

    /** The (N, D) keys of all points, canonical order (N, then D). */
    public List<Point> keys() {
        Map<List<Double>, Point> keys = new TreeMap<>(KEY_ORDER);
        for (List<Point> points : bySeed.values()) {
            for (Point p : points) {
                keys.putIfAbsent(List.of(p.n(), p.d()), new Point(p.n(), p.d(), 0));
            }
        }
        return new ArrayList<>(keys.values());
    }

    /** The mean over seeds at each (N, D), in {@link #keys()} order; y is the mean. */
    public List<Point> means() {
        return meansOf(seedList());
    }

    /**
     * The mean at each (N, D) over a multiset of seeds (a bootstrap draw may repeat a seed);
     * sizes none of the drawn seeds measured are left out.
     */
    public List<Point> meansOf(List<Long> seeds) {
        Map<List<Double>, double[]> sums = new TreeMap<>(KEY_ORDER);
        for (long seed : seeds) {
            for (Point p : bySeed.get(seed)) {
                double[] sum = sums.computeIfAbsent(List.of(p.n(), p.d()), k -> new double[2]);
                sum[0] += p.y();
                sum[1]++;
            }
        }
        List<Point> means = new ArrayList<>();
        sums.forEach((key, sum) -> means.add(new Point(key.get(0), key.get(1), sum[0] / sum[1])));
        return means;
    }

    /** Seeds that measured each key of {@link #keys()}. */
    public int[] counts() {
        return counts(seedList());
    }

    /** Seeds of a (multi)set that measured each key of {@link #keys()} (0 where none did). */
    public int[] counts(List<Long> seeds) {
        List<Point> keys = keys();
        Map<List<Double>, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(List.of(keys.get(i).n(), keys.get(i).d()), i);
        }
        int[] counts = new int[keys.size()];
        for (long seed : seeds) {
            for (Point p : bySeed.get(seed)) {
                counts[index.get(List.of(p.n(), p.d()))]++;
            }
        }
        return counts;
    }

    /** The sample variance over seeds at each key of {@link #keys()}; NaN where fewer than two seeds measured it. */
    public double[] variances() {
        List<Point> keys = keys();
        List<Point> means = means();
        double[] sum = new double[keys.size()];
        int[] count = new int[keys.size()];
        Map<List<Double>, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(List.of(keys.get(i).n(), keys.get(i).d()), i);
        }
        for (List<Point> points : bySeed.values()) {
            for (Point p : points) {
                int i = index.get(List.of(p.n(), p.d()));
                double r = p.y() - means.get(i).y();
                sum[i] += r * r;
                count[i]++;
            }
        }
        double[] variances = new double[keys.size()];
        for (int i = 0; i < variances.length; i++) {
            variances[i] = count[i] < 2 ? Double.NaN : sum[i] / (count[i] - 1);
        }
        return variances;
    }

    /** The points of one seed, canonical order. */
    public List<Point> of(long seed) {
        List<Point> points = new ArrayList<>(bySeed.get(seed));
        points.sort(Comparator.comparingDouble(Point::n).thenComparingDouble(Point::d).thenComparingDouble(Point::y));
        return points;
    }

    /** The curve restricted to points a predicate keeps (e.g. D at most a cutoff). */
    public Replicates filter(java.util.function.Predicate<Point> keep) {
        Map<Long, List<Point>> kept = new LinkedHashMap<>();
        bySeed.forEach((seed, points) -> {
            List<Point> selected = points.stream().filter(keep).toList();
            if (!selected.isEmpty()) {
                kept.put(seed, selected);
            }
        });
        return new Replicates(kept);
    }

    private static final Comparator<List<Double>> KEY_ORDER = (a, b) -> {
        int c = Double.compare(a.get(0), b.get(0));
        return c != 0 ? c : Double.compare(a.get(1), b.get(1));
    };
}

package io.bitscale.scaling.fit;

import io.bitscale.scaling.sweep.ResultRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Groups result rows into curves and fits every law that has enough points:
 * <ul>
 *   <li>{@link Law#DATA} per (corpus, protocol, spec), with at least 4 distinct D;</li>
 *   <li>{@link Law#SIZE} per (corpus, protocol, family, D), with at least 4 distinct N;</li>
 *   <li>{@link Law#JOINT} per (corpus, protocol, family), with at least 2 distinct N, 2 distinct D
 *       and 7 points.</li>
 * </ul>
 * Rows of several seeds enter as replicate points. The metric is any of
 * {@link ResultRow#metric(String)}; {@code bpb} by default.
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

    /** Fits every law with enough points; groups with too few are reported to {@code notes}. */
    public List<FitResult> fitAll(List<ResultRow> rows, Consumer<String> notes) {
        List<FitResult> fits = new ArrayList<>();
        for (Map.Entry<List<String>, List<ResultRow>> group : group(rows, r -> List.of(r.corpus(), r.protocol(),
                r.family(), r.spec())).entrySet()) {
            List<ResultRow> g = group.getValue();
            long distinct = g.stream().mapToLong(ResultRow::trainBytes).distinct().count();
            if (distinct >= 4) {
                fits.add(fitter.fit(Law.DATA, points(g), labels(group.getKey(), "corpus", "protocol", "family", "spec")));
            }
        }
        for (Map.Entry<List<String>, List<ResultRow>> group : group(rows, r -> List.of(r.corpus(), r.protocol(),
                r.family(), Long.toString(r.trainBytes()))).entrySet()) {
            List<ResultRow> g = group.getValue();
            if (g.stream().mapToLong(ResultRow::parameters).distinct().count() >= 4) {
                fits.add(fitter.fit(Law.SIZE, points(g), labels(group.getKey(), "corpus", "protocol", "family", "D")));
            }
        }
        for (Map.Entry<List<String>, List<ResultRow>> group : group(rows, r -> List.of(r.corpus(), r.protocol(),
                r.family())).entrySet()) {
            List<ResultRow> g = group.getValue();
            long sizes = g.stream().mapToLong(ResultRow::parameters).distinct().count();
            long data = g.stream().mapToLong(ResultRow::trainBytes).distinct().count();
            if (sizes >= 2 && data >= 2 && g.size() >= 7) {
                fits.add(fitter.fit(Law.JOINT, points(g), labels(group.getKey(), "corpus", "protocol", "family")));
            } else if (sizes >= 2) {
                notes.accept("no joint fit for " + group.getKey() + ": " + sizes + " model sizes, " + data
                        + " data sizes, " + g.size() + " points (needs 2, 2 and 7)");
            }
        }
        return fits;
    }

    private List<Point> points(List<ResultRow> rows) {
        List<Point> points = new ArrayList<>();
        for (ResultRow r : rows) {
            points.add(new Point(r.parameters(), r.trainBytes(), r.metric(metric)));
        }
        return points;
    }

    private static Map<String, String> labels(List<String> values, String... names) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            labels.put(names[i], values.get(i));
        }
        return labels;
    }

    private static Map<List<String>, List<ResultRow>> group(List<ResultRow> rows,
                                                           java.util.function.Function<ResultRow, List<String>> key) {
        Map<List<String>, List<ResultRow>> groups = new TreeMap<>((a, b) -> String.join("\u0000", a)
                .compareTo(String.join("\u0000", b)));
        for (ResultRow row : rows) {
            groups.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row);
        }
        return groups;
    }
}

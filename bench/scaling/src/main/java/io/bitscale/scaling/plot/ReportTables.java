package io.bitscale.scaling.plot;

import io.bitscale.scaling.fit.Allocation;
import io.bitscale.scaling.fit.FitQuality;
import io.bitscale.scaling.fit.Forecast;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.fit.Transfer;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.SweepConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's tables beyond the fit tables: forecasts, transfers, allocations, the memory frontier, the U-shape. */
final class ReportTables {

    private ReportTables() {
    }

    /** Every forecast check, with the two naive forecasts beside it. */
    static void forecasts(StringBuilder md, List<Forecast> forecasts) {
        if (forecasts.isEmpty()) {
            return;
        }
        long beats = forecasts.stream().filter(Forecast::beatsBaselines).count();
        long within = forecasts.stream().filter(f -> Math.abs(f.error()) <= FitQuality.MAX_RELATIVE_ERROR).count();
        long covered = forecasts.stream().filter(Forecast::covered).count();
        md.append("## Forecast checks: L(D) fitted up to a cutoff, predicting every larger size\n\n");
        md.append(String.format(Locale.ROOT, "Error = (forecast − measured) / measured, measured = mean over seeds. "
                + "Naive forecasts: *last value* (no change after the cutoff) and *line* (a straight line in log D "
                + "through the top decade of sizes below the cutoff). The 95%% prediction interval is for the measured "
                + "mean (bootstrap of the fit plus the mean's own noise at that size). Of %d forecasts, %d are within "
                + "%.0f%%, %d beat both naive forecasts, %d have the measurement inside their interval.%n%n",
                forecasts.size(), within, 100 * FitQuality.MAX_RELATIVE_ERROR, beats, covered));
        md.append("| corpus | protocol | series | cutoff | sizes fitted | seeds | D | measured | forecast [95% PI] | error "
                + "| in PI | last value | line | beats both |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---|\n");
        for (Forecast f : forecasts) {
            md.append(String.format(Locale.ROOT, "| %s | %s | `%s`%s | %s | %d | %d | %s | %.4f | %.4f [%.4f, %.4f] | %s | %s "
                            + "| %+.2f%% | %+.2f%% | %s |%n", f.group().get("corpus"), f.group().get("protocol"),
                    f.group().get("series"), f.group().containsKey("T") ? " (T " + f.group().get("T") + ")" : "",
                    LogTicks.format(f.cutoff()), f.fittedSizes(), f.seeds(), LogTicks.format(f.d()), f.measured(),
                    f.predicted(), f.lower(), f.upper(), error(f.error()), f.covered() ? "yes" : "**no**",
                    100 * f.lastValueError(), 100 * f.lineError(), f.beatsBaselines() ? "yes" : "no"));
        }
        md.append('\n');
    }

    /** Laws of one corpus forecasting another. */
    static void transfers(StringBuilder md, List<Transfer> transfers) {
        if (transfers.isEmpty()) {
            return;
        }
        md.append("## Across corpora: the law of one text forecasting another\n\n");
        md.append("For each series measured on two texts: *direct* = the first text's L(D), fitted up to the cutoff, "
                + "predicting the second text's measured mean; *with its β* = the first text's exponent, with E and B "
                + "refitted to the second text's own sizes up to the cutoff (does the shape transfer when the level "
                + "does not?).\n\n");
        md.append("| series | from | to | cutoff | D | measured | direct | error | with its β (β) | error |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Transfer t : transfers) {
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s | %.4f | %.4f | %s | %.4f (%.3f) | %s |%n",
                    t.series(), t.from(), t.to(), LogTicks.format(t.cutoff()), LogTicks.format(t.d()), t.measured(),
                    t.direct(), error(t.directError()), t.shaped(), t.beta(), error(t.shapedError())));
        }
        md.append('\n');
    }

    /** Compute-optimal allocations, or why the data do not allow one. */
    static void allocations(StringBuilder md, List<Allocation> allocations) {
        if (allocations.isEmpty()) {
            return;
        }
        md.append("## Compute-optimal allocation\n\n");
        md.append("For a budget C = ops(N)·D, the N and D minimizing the family's joint law; ops(N) ∝ N^b from the "
                + "operations per byte the family's models state.\n\n");
        md.append("| group | fitted | b (ops ∝ N^b) | N* ∝ C^a | D* ∝ C^… | basis or reason |\n|---|---|---:|---:|---:|---|\n");
        for (Allocation a : allocations) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", String.join(" · ", a.group().values()),
                    a.fitted() ? "yes" : "no", number(a.opsExponent()), number(a.nExponent()), number(a.dExponent()),
                    a.reason()));
        }
        md.append('\n');
    }

    /** For each memory budget, the best spec that fits in it. */
    static void memory(StringBuilder md, List<ResultRow> rows) {
        boolean header = false;
        for (Charts.Selection selection : Charts.selections(rows)) {
            List<Charts.MemoryPoint> points = Charts.memoryPoints(Charts.select(rows, selection), "bpb");
            if (points.size() < 2) {
                continue;
            }
            if (!header) {
                md.append("## Memory budget: the best spec\n\n");
                md.append("At the largest D that two or more specs reached, every spec's memory and bpb (mean over "
                        + "seeds); for a budget of at least the memory in the first column, the spec on that row is the "
                        + "best one that fits (the frontier). Growing-capacity specs appear at the size that D gave "
                        + "them.\n\n");
                header = true;
            }
            md.append("**").append(selection.label()).append(", D = ").append(LogTicks.format(points.get(0).d()))
                    .append("**\n\n| memory budget | best spec | family | N | bpb |\n|---:|---|---|---:|---:|\n");
            for (Charts.MemoryPoint p : Charts.memoryFrontier(points)) {
                md.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %s | %.4f |%n", bytes(p.memoryBytes()), p.spec(),
                        p.family(), Charts.human(p.parameters()), p.loss()));
            }
            md.append('\n');
        }
    }

    /** The adjusted rate over N and test size: where each test size's minimum lies. */
    static void adjusted(StringBuilder md, List<ResultRow> rows) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (!r.protocol().equals(SweepConfig.ONLINE) && !r.family().equals(SweepConfig.BASELINE_FAMILY)) {
                groups.computeIfAbsent(ScalingFits.corpusFamily(r.corpus()) + " · " + r.protocol() + " · " + r.family(),
                        k -> new ArrayList<>()).add(r);
            }
        }
        boolean header = false;
        for (Map.Entry<String, List<ResultRow>> group : groups.entrySet()) {
            long d = group.getValue().stream().mapToLong(ResultRow::trainBytes).max().orElse(0);
            List<Charts.U> shapes = Charts.uShapes(group.getValue().stream().filter(r -> r.trainBytes() == d).toList());
            if (shapes.isEmpty()) {
                continue;
            }
            if (!header) {
                md.append("## Adjusted rate over model size and test size: the U-shape\n\n");
                md.append("Adjusted bpb = (payload bits + N × bits per parameter) / test bytes, at the largest D. A "
                        + "minimum inside the measured N is the U-shape (Delétang et al.): bigger models code better but "
                        + "cost more to describe than a test split of that size repays. A minimum at the smallest N means "
                        + "no measured model pays for itself on that split; at the largest N, the U turns beyond the "
                        + "sizes measured.\n\n");
                md.append("| group | D | test bytes | best N | adjusted bpb there | bpb there | at smallest N | at largest N "
                        + "| shape |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
                header = true;
            }
            for (Charts.U u : shapes) {
                List<Long> ns = new ArrayList<>(u.adjusted().keySet());
                String shape = u.interior() ? "U: interior minimum"
                        : u.best() == ns.get(0) ? "no U: the smallest model is best (description cost dominates)"
                        : "no U: the largest model is best (the split repays every size measured)";
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.4f | %.4f | %.4f | %.4f | %s |%n",
                        group.getKey(), LogTicks.format(d), LogTicks.format(u.test()), Charts.human(u.best()),
                        u.adjusted().get(u.best()), u.bpb().get(u.best()), u.adjusted().get(ns.get(0)),
                        u.adjusted().get(ns.get(ns.size() - 1)), shape));
            }
        }
        if (header) {
            md.append('\n');
        }
    }

    private static String error(double relative) {
        String text = String.format(Locale.ROOT, "%+.2f%%", 100 * relative);
        return Math.abs(relative) > FitQuality.MAX_RELATIVE_ERROR ? "**⚠ " + text + "**" : text;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String bytes(long value) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        double v = value;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", v, units[i]);
    }
}

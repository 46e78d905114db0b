package io.bitscale.scaling.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitscale.scaling.fit.FitReport;
import io.bitscale.scaling.fit.PowerLawFitter;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import io.bitscale.scaling.sweep.SweepRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rebuilds a results directory's published files from its rows and says what differs: the
 * guarantee that every figure, fit and table under {@code docs/results/} comes from committed
 * rows. A results directory holds {@code results.jsonl} (or {@code results.csv}), optionally
 * {@code sweep.json}, and what {@code bitscale plot DIR -o DIR --report} writes from them:
 * {@code fits.json} (which records the fit settings, so the rebuild uses the same), {@code report.md}
 * and each figure as images with the CSV of what it draws.
 *
 * <pre>{@code
 * List<String> differences = Rebuild.check(Path.of("docs/results/enwiki-online"));
 * }</pre>
 *
 * <p>A directory of rows alone (nothing drawn from them yet) has nothing to check. Numbers are
 * compared to 1e-9 (relative, or absolute below 1), everything else exactly;
 * images are compared by their CSV, never by pixels; an image whose figure the rows no longer
 * make, a figure missing from the directory, and a directory with figures but no rows are
 * differences too.
 */
public final class Rebuild {

    /** Relative (or, below 1, absolute) tolerance of compared numbers. */
    public static final double TOLERANCE = 1e-9;

    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|NaN|-?Infinity");
    private static final Set<String> IMAGES = Set.of("png", "svg", "pdf");

    private Rebuild() {
    }

    /** The settings a directory's {@code fits.json} recorded, or the defaults of {@code plot}. */
    public static FitReport.Settings settings(Path directory) throws IOException {
        Path fits = directory.resolve(Report.FITS);
        FitReport.Settings recorded = Files.exists(fits) ? FitReport.settingsOf(fits) : null;
        return recorded != null ? recorded : new FitReport.Settings("bpb", 1000, 5, 1, null);
    }

    /** How a report names its rows: the row file's name, so the text does not depend on where it was run. */
    public static String source(Path results) {
        Path file = Files.isDirectory(results) ? (Files.exists(results.resolve(ResultTable.JSONL))
                ? results.resolve(ResultTable.JSONL) : results.resolve(ResultTable.CSV)) : results;
        return file.getFileName().toString();
    }

    /**
     * Writes into {@code out} what {@code plot DIR -o out --report} would, from the rows of {@code directory}
     * and the settings of its {@code fits.json}.
     *
     * @param formats image formats to draw (empty: only the CSV of each figure, the report and the fits)
     */
    public static List<Path> rebuild(Path directory, Path out, Set<String> formats) throws IOException {
        List<ResultRow> rows = ResultTable.read(directory);
        FitReport.Settings settings = settings(directory);
        FitReport fits = new ScalingFits(new PowerLawFitter(settings.bootstrap(), settings.folds(), settings.seed()),
                settings.metric()).report(rows, settings.cutoff(), note -> { });
        Path sweepFile = directory.resolve(SweepRunner.SWEEP_JSON);
        JsonNode sweep = Files.exists(sweepFile) ? new ObjectMapper().readTree(sweepFile.toFile()) : null;
        Report report = new Report(rows, fits, formats);
        List<Path> written = new ArrayList<>();
        report.write(report.plots(), out, true, sweep, source(directory), written::add);
        return written;
    }

    /**
     * The differences between a directory's published files and a rebuild from its rows; empty
     * when everything matches.
     */
    public static List<String> check(Path directory) throws IOException {
        List<String> differences = new ArrayList<>();
        boolean hasRows = Files.exists(directory.resolve(ResultTable.JSONL)) || Files.exists(directory.resolve(ResultTable.CSV));
        Set<String> published = names(directory);
        boolean publishes = published.stream().anyMatch(n -> IMAGES.contains(extension(n)) || n.equals(Report.FITS)
                || n.equals(Report.REPORT));
        if (!hasRows) {
            if (publishes) {
                differences.add(directory + ": figures or fits without rows (no results.jsonl or results.csv)");
            }
            return differences;
        }
        if (!publishes) {
            return differences;   // rows only: nothing drawn from them to check
        }
        Path out = Files.createTempDirectory("bitscale-rebuild");
        try {
            rebuild(directory, out, Set.of());
            Set<String> rebuilt = names(out);
            for (String name : rebuilt) {
                Path mine = directory.resolve(name);
                if (!Files.exists(mine)) {
                    differences.add(directory.resolve(name) + ": missing (the rows make it)");
                    continue;
                }
                String difference = compare(Files.readString(mine), Files.readString(out.resolve(name)));
                if (difference != null) {
                    differences.add(directory.resolve(name) + ": " + difference);
                }
            }
            for (String name : published) {
                String base = name.substring(0, name.lastIndexOf('.'));
                if (IMAGES.contains(extension(name)) && !rebuilt.contains(base + ".csv")) {
                    differences.add(directory.resolve(name) + ": a figure the rows do not make (stale, or drawn by hand)");
                }
                if (extension(name).equals("csv") && !name.equals(ResultTable.CSV) && !rebuilt.contains(name)
                        && published.stream().anyMatch(n -> IMAGES.contains(extension(n)) && n.startsWith(base + "."))) {
                    differences.add(directory.resolve(name) + ": the data of a figure the rows do not make");
                }
            }
            for (String name : rebuilt) {
                String base = name.substring(0, name.lastIndexOf('.'));
                if (extension(name).equals("csv") && published.stream().noneMatch(n -> IMAGES.contains(extension(n))
                        && n.startsWith(base + "."))) {
                    differences.add(directory.resolve(base) + ": figure data without an image (run plot --force)");
                }
            }
        } finally {
            try (Stream<Path> files = Files.list(out)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(out);
        }
        return differences;
    }

    /**
     * Figure files in a directory that are not among {@code targets}: images, and the CSV beside
     * an image, that a plot run with these rows would not write.
     */
    public static List<Path> stale(Path directory, List<Path> targets) throws IOException {
        Set<String> wanted = new TreeSet<>();
        for (Path target : targets) {
            wanted.add(target.getFileName().toString());
        }
        Set<String> present = names(directory);
        List<Path> stale = new ArrayList<>();
        for (String name : present) {
            String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            boolean image = IMAGES.contains(extension(name));
            boolean figureData = extension(name).equals("csv") && !name.equals(ResultTable.CSV)
                    && present.stream().anyMatch(n -> IMAGES.contains(extension(n)) && n.startsWith(base + "."));
            if ((image || figureData) && !wanted.contains(name)) {
                stale.add(directory.resolve(name));
            }
        }
        return stale;
    }

    /**
     * Null if two texts agree (numbers to {@link #TOLERANCE}, the rest exactly), else where they
     * first differ.
     */
    public static String compare(String published, String rebuilt) {
        List<String> a = tokens(published);
        List<String> b = tokens(rebuilt);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            if (x.equals(y)) {
                continue;
            }
            boolean numbers = NUMBER.matcher(x).matches() && NUMBER.matcher(y).matches();
            if (numbers && close(Double.parseDouble(x), Double.parseDouble(y))) {
                continue;
            }
            return String.format(Locale.ROOT, "differs at token %d: published '%s', rebuilt '%s' (line %d)", i, x, y,
                    line(a, i));
        }
        return a.size() == b.size() ? null : "published has " + a.size() + " tokens, rebuilt " + b.size();
    }

    private static boolean close(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.isNaN(x) && Double.isNaN(y);
        }
        return Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }

    /** Numbers and the text between them, in order. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                tokens.add(text.substring(at, m.start()));
            }
            tokens.add(m.group());
            at = m.end();
        }
        if (at < text.length()) {
            tokens.add(text.substring(at));
        }
        return tokens;
    }

    private static int line(List<String> tokens, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            line += (int) tokens.get(i).chars().filter(c -> c == '\n').count();
        }
        return line;
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return new TreeSet<>(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}

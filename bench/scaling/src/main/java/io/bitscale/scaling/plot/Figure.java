package io.bitscale.scaling.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * What a plot shows, independent of how it is drawn: axes, and series of points with a role.
 * {@link FigureRenderer} draws it (PNG, SVG, PDF) and writes it as CSV — exactly these numbers, so
 * a figure can be checked by its data rather than its pixels.
 *
 * <pre>{@code
 * Figure figure = new Figure("bpb vs D", "D, bytes", "bits per byte", true, true);
 * figure.add(Figure.Series.measured("order2", java.awt.Color.BLUE, xs, ys));
 * figure.add(Figure.Series.fit("fit order2: β = 0.43", java.awt.Color.BLUE, curveX, curveY, false));
 * }</pre>
 *
 * <p>Not thread-safe; built once, then drawn.
 */
public final class Figure {

    /** How a series is drawn. */
    public enum Kind {
        /** Measured values: solid line with markers. */
        MEASURED,
        /** Measured values of a reference (a baseline compressor): dotted line with open markers. */
        REFERENCE,
        /** A fitted law: dashed line. */
        FIT,
        /** A 95% band: a translucent area between {@code y} (lower) and {@code y2} (upper). */
        BAND,
        /** Markers only (no line). */
        POINTS,
        /** A frontier: grey dashed steps. */
        FRONTIER,
        /** Vertical intervals at each x from {@code y} to {@code y2} (prediction intervals). */
        INTERVALS,
        /** A highlighted point (a minimum): a large star marker. */
        MARK,
        /** A vertical line at each x (a cutoff). */
        VERTICAL
    }

    /**
     * One series.
     *
     * @param name     legend text (may hold line breaks)
     * @param kind     how it is drawn
     * @param colour   its colour
     * @param x        x values
     * @param y        y values (the lower edge of a band or interval)
     * @param y2       the upper edge of a band or interval, else null
     * @param legend   true to show it in the legend
     * @param warning  true to mark its legend entry with a warning sign (a fit that fails a check)
     */
    public record Series(String name, Kind kind, Color colour, double[] x, double[] y, double[] y2, boolean legend,
                         boolean warning) {

        /** Measured values, in the legend. */
        public static Series measured(String name, Color colour, double[] x, double[] y) {
            return new Series(name, Kind.MEASURED, colour, x, y, null, true, false);
        }

        /** A fitted law, in the legend, with a warning mark if it failed a check. */
        public static Series fit(String name, Color colour, double[] x, double[] y, boolean warning) {
            return new Series(name, Kind.FIT, colour, x, y, null, true, warning);
        }

        /** A band between two curves. */
        public static Series band(String name, Color colour, double[] x, double[] lower, double[] upper, boolean legend) {
            return new Series(name, Kind.BAND, colour, x, lower, upper, legend, false);
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param title  the title
     * @param xLabel the x axis title, with units
     * @param yLabel the y axis title, with units
     * @param logX   logarithmic x axis
     * @param logY   logarithmic y axis
     */
    public Figure(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
    }

    /** Adds a series (drawn in the order added; bands go beneath lines regardless). */
    public Figure add(Series s) {
        if (s.x().length != s.y().length || (s.y2() != null && s.y2().length != s.x().length)) {
            throw new IllegalArgumentException("series '" + s.name() + "': x and y differ in length");
        }
        series.add(s);
        return this;
    }

    /** Adds a line of text under the plot (e.g. what a mark means). */
    public Figure note(String text) {
        notes.add(text);
        return this;
    }

    /** The title. */
    public String title() {
        return title;
    }

    /** The x axis title. */
    public String xLabel() {
        return xLabel;
    }

    /** The y axis title. */
    public String yLabel() {
        return yLabel;
    }

    /** True for a logarithmic x axis. */
    public boolean logX() {
        return logX;
    }

    /** True for a logarithmic y axis. */
    public boolean logY() {
        return logY;
    }

    /** The series, in order. */
    public List<Series> series() {
        return List.copyOf(series);
    }

    /** The notes under the plot. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** True if nothing would be drawn. */
    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.x().length == 0);
    }
}

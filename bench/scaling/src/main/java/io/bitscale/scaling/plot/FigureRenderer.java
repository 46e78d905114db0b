package io.bitscale.scaling.plot;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.bitscale.core.io.AtomicFile;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws a {@link Figure} for a paper: axes with readable ticks ({@link LogTicks}), light grid
 * lines, the plot area on the left and the legend beside it (fits and bands have entries of their
 * own; a fit that failed a quality check is marked with a warning sign), notes underneath. Writes
 * PNG (Java2D), SVG and PDF (VectorGraphics2D: vectors, text stays text) and the CSV of exactly
 * what is drawn. Headless-safe.
 *
 * <pre>{@code
 * List<Path> files = FigureRenderer.save(figure, Path.of("plots/bpb_vs_D"), Set.of("png", "svg", "pdf"));
 * }</pre>
 */
public final class FigureRenderer {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The image formats {@link #save} writes (the CSV is always written). */
    public static final Set<String> FORMATS = Set.of("png", "svg", "pdf");

    /** Width of a figure in pixels (points for SVG and PDF). */
    public static final int WIDTH = 1000;
    /** Height of a figure with a short legend; a longer legend makes the figure taller. */
    public static final int HEIGHT = 620;

    private static final int LEGEND_WIDTH = 330;
    private static final int LEGEND_CHARS = 46;
    private static final Color GRID = new Color(228, 228, 228);
    private static final Color MINOR_GRID = new Color(243, 243, 243);
    private static final String WARNING = "⚠ ";

    private FigureRenderer() {
    }

    /**
     * Saves a figure as {@code base.csv} and {@code base.FORMAT} for each format, each written
     * atomically.
     *
     * @return the files written, the CSV first
     */
    public static List<Path> save(Figure figure, Path base, Set<String> formats) throws IOException {
        List<Path> written = new ArrayList<>();
        Path parent = base.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path csv = base.resolveSibling(base.getFileName() + ".csv");
        AtomicFile.writeString(csv, csv(figure));
        written.add(csv);
        for (String format : new TreeSet<>(formats)) {
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException("unknown plot format '" + format + "' (png, svg, pdf)");
            }
            Path file = base.resolveSibling(base.getFileName() + "." + format);
            try (AtomicFile target = AtomicFile.create(file, true)) {
                OutputStream out = target.stream();
                int height = height(figure);
                if (format.equals("png")) {
                    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = image.createGraphics();
                    draw(figure, g, height);
                    g.dispose();
                    ImageIO.write(image, "png", out);
                } else {
                    VectorGraphics2D g = new VectorGraphics2D();
                    draw(figure, g, height);
                    Processors.get(format).getDocument(g.getCommands(), new PageSize(0, 0, WIDTH, height)).writeTo(out);
                }
                target.commit();
            }
            written.add(file);
        }
        return written;
    }

    /**
     * The CSV of what is drawn: comment lines with the title and axes, then one row per point:
     * {@code series,kind,legend,warning,x,y,y2} (y2 empty unless a band or interval).
     */
    public static String csv(Figure figure) {
        StringBuilder out = new StringBuilder();
        out.append("# title: ").append(oneLine(figure.title())).append('\n');
        out.append("# x: ").append(oneLine(figure.xLabel())).append(figure.logX() ? " (log)" : "").append('\n');
        out.append("# y: ").append(oneLine(figure.yLabel())).append(figure.logY() ? " (log)" : "").append('\n');
        for (String note : figure.notes()) {
            out.append("# note: ").append(oneLine(note)).append('\n');
        }
        out.append("series,kind,legend,warning,x,y,y2\n");
        for (Figure.Series s : figure.series()) {
            for (int i = 0; i < s.x().length; i++) {
                out.append(quote(oneLine(s.name()))).append(',').append(s.kind().name().toLowerCase(Locale.ROOT))
                        .append(',').append(s.legend()).append(',').append(s.warning()).append(',')
                        .append(number(s.x()[i])).append(',').append(number(s.y()[i])).append(',')
                        .append(s.y2() == null ? "" : number(s.y2()[i])).append('\n');
            }
        }
        return out.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    // ---------------------------------------------------------------- drawing

    /** The canvas height: {@link #HEIGHT}, or taller when the legend needs it (13 px a line). */
    static int height(Figure figure) {
        int lines = 0;
        int entries = 0;
        for (Figure.Series s : figure.series()) {
            if (s.legend()) {
                lines += wrap((s.warning() ? WARNING : "") + s.name(), LEGEND_CHARS).size();
                entries++;
            }
        }
        return Math.max(HEIGHT, 40 + 14 * lines + 4 * entries + 30);
    }

    /** Draws the figure into {@code g}, a canvas of {@link #WIDTH} × {@code height}. */
    static void draw(Figure figure, Graphics2D g, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, height));
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Font axis = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font legend = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        int notesHeight = 16 * figure.notes().size();
        Rectangle2D.Double plot = new Rectangle2D.Double(80, 40, WIDTH - 80 - LEGEND_WIDTH - 30,
                HEIGHT - 40 - 60 - notesHeight);
        double legendTop = plot.y;

        g.setColor(Color.BLACK);
        g.setFont(title);
        g.drawString(figure.title(), 20, 24);

        double[] xr = range(figure, true);
        double[] yr = range(figure, false);
        Axis x = new Axis(xr[0], xr[1], figure.logX(), plot.x, plot.x + plot.width);
        Axis y = new Axis(yr[0], yr[1], figure.logY(), plot.y + plot.height, plot.y);

        // Grid and ticks.
        LogTicks.Ticks xt = figure.logX() ? LogTicks.log(xr[0], xr[1]) : LogTicks.linear(xr[0], xr[1]);
        LogTicks.Ticks yt = figure.logY() ? LogTicks.log(yr[0], yr[1]) : LogTicks.linear(yr[0], yr[1]);
        g.setStroke(new BasicStroke(1f));
        g.setColor(MINOR_GRID);
        for (double v : xt.minor()) {
            g.draw(new Line2D.Double(x.map(v), plot.y, x.map(v), plot.y + plot.height));
        }
        for (double v : yt.minor()) {
            g.draw(new Line2D.Double(plot.x, y.map(v), plot.x + plot.width, y.map(v)));
        }
        g.setColor(GRID);
        for (double v : xt.major()) {
            g.draw(new Line2D.Double(x.map(v), plot.y, x.map(v), plot.y + plot.height));
        }
        for (double v : yt.major()) {
            g.draw(new Line2D.Double(plot.x, y.map(v), plot.x + plot.width, y.map(v)));
        }
        g.setColor(Color.BLACK);
        g.draw(plot);
        g.setFont(tick);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < xt.major().size(); i++) {
            double px = x.map(xt.major().get(i));
            String label = xt.labels().get(i);
            g.draw(new Line2D.Double(px, plot.y + plot.height, px, plot.y + plot.height + 5));
            g.drawString(label, (float) (px - fm.stringWidth(label) / 2.0), (float) (plot.y + plot.height + 19));
        }
        for (int i = 0; i < yt.major().size(); i++) {
            double py = y.map(yt.major().get(i));
            String label = yt.labels().get(i);
            g.draw(new Line2D.Double(plot.x - 5, py, plot.x, py));
            g.drawString(label, (float) (plot.x - 8 - fm.stringWidth(label)), (float) (py + 4));
        }
        g.setFont(axis);
        fm = g.getFontMetrics();
        g.drawString(figure.xLabel(), (float) (plot.x + plot.width / 2 - fm.stringWidth(figure.xLabel()) / 2.0),
                (float) (plot.y + plot.height + 40));
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(figure.yLabel(), (float) -(plot.y + plot.height / 2 + fm.stringWidth(figure.yLabel()) / 2.0), 22);
        rotated.dispose();
        g.setFont(legend);
        for (int i = 0; i < figure.notes().size(); i++) {
            g.drawString(figure.notes().get(i), (float) plot.x, (float) (plot.y + plot.height + 58 + 16 * i));
        }

        // Series: bands first, then everything else in order.
        Graphics2D clip = (Graphics2D) g.create();
        clip.clip(plot);
        for (Figure.Series s : figure.series()) {
            if (s.kind() == Figure.Kind.BAND) {
                drawSeries(clip, s, x, y, plot);
            }
        }
        for (Figure.Series s : figure.series()) {
            if (s.kind() != Figure.Kind.BAND) {
                drawSeries(clip, s, x, y, plot);
            }
        }
        clip.dispose();
        drawLegend(g, figure, plot.x + plot.width + 20, legendTop, height);
    }

    private static void drawSeries(Graphics2D g, Figure.Series s, Axis x, Axis y, Rectangle2D.Double plot) {
        double[] xs = s.x();
        double[] ys = s.y();
        g.setColor(s.colour());
        switch (s.kind()) {
            case BAND -> {
                Path2D.Double area = new Path2D.Double();
                boolean started = false;
                for (int i = 0; i < xs.length; i++) {
                    if (finite(xs[i], ys[i], x, y)) {
                        if (started) {
                            area.lineTo(x.map(xs[i]), y.map(ys[i]));
                        } else {
                            area.moveTo(x.map(xs[i]), y.map(ys[i]));
                            started = true;
                        }
                    }
                }
                for (int i = xs.length - 1; i >= 0; i--) {
                    if (finite(xs[i], s.y2()[i], x, y)) {
                        area.lineTo(x.map(xs[i]), y.map(s.y2()[i]));
                    }
                }
                if (started) {
                    area.closePath();
                    g.setColor(translucent(s.colour(), 45));
                    g.fill(area);
                }
            }
            case INTERVALS -> {
                g.setStroke(new BasicStroke(2f));
                for (int i = 0; i < xs.length; i++) {
                    if (finite(xs[i], ys[i], x, y) && finite(xs[i], s.y2()[i], x, y)) {
                        double px = x.map(xs[i]);
                        g.draw(new Line2D.Double(px, y.map(ys[i]), px, y.map(s.y2()[i])));
                        g.draw(new Line2D.Double(px - 5, y.map(ys[i]), px + 5, y.map(ys[i])));
                        g.draw(new Line2D.Double(px - 5, y.map(s.y2()[i]), px + 5, y.map(s.y2()[i])));
                    }
                }
            }
            case VERTICAL -> {
                g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {3, 4}, 0));
                for (double v : xs) {
                    if (x.valid(v)) {
                        g.draw(new Line2D.Double(x.map(v), plot.y, x.map(v), plot.y + plot.height));
                    }
                }
            }
            case FRONTIER -> {
                g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {7, 5}, 0));
                Path2D.Double steps = new Path2D.Double();
                boolean started = false;
                double lastY = 0;
                for (int i = 0; i < xs.length; i++) {
                    if (!finite(xs[i], ys[i], x, y)) {
                        continue;
                    }
                    if (!started) {
                        steps.moveTo(x.map(xs[i]), y.map(ys[i]));
                        started = true;
                    } else {
                        steps.lineTo(x.map(xs[i]), lastY);
                        steps.lineTo(x.map(xs[i]), y.map(ys[i]));
                    }
                    lastY = y.map(ys[i]);
                }
                g.draw(steps);
            }
            default -> {
                boolean line = s.kind() == Figure.Kind.MEASURED || s.kind() == Figure.Kind.FIT
                        || s.kind() == Figure.Kind.REFERENCE;
                if (line) {
                    g.setStroke(stroke(s.kind()));
                    Path2D.Double path = new Path2D.Double();
                    boolean started = false;
                    for (int i = 0; i < xs.length; i++) {
                        if (!finite(xs[i], ys[i], x, y)) {
                            started = false;
                            continue;
                        }
                        if (started) {
                            path.lineTo(x.map(xs[i]), y.map(ys[i]));
                        } else {
                            path.moveTo(x.map(xs[i]), y.map(ys[i]));
                            started = true;
                        }
                    }
                    g.draw(path);
                }
                if (s.kind() != Figure.Kind.FIT) {
                    g.setStroke(new BasicStroke(1.5f));
                    for (int i = 0; i < xs.length; i++) {
                        if (finite(xs[i], ys[i], x, y)) {
                            marker(g, s.kind(), x.map(xs[i]), y.map(ys[i]));
                        }
                    }
                }
            }
        }
    }

    private static BasicStroke stroke(Figure.Kind kind) {
        return switch (kind) {
            case FIT -> new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {8, 5}, 0);
            case REFERENCE -> new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {2, 4}, 0);
            default -> new BasicStroke(1.8f);
        };
    }

    private static void marker(Graphics2D g, Figure.Kind kind, double px, double py) {
        if (kind == Figure.Kind.MARK) {
            Path2D.Double star = new Path2D.Double();
            for (int i = 0; i < 10; i++) {
                double r = i % 2 == 0 ? 11 : 4.5;
                double a = -Math.PI / 2 + i * Math.PI / 5;
                double sx = px + r * Math.cos(a);
                double sy = py + r * Math.sin(a);
                if (i == 0) {
                    star.moveTo(sx, sy);
                } else {
                    star.lineTo(sx, sy);
                }
            }
            star.closePath();
            g.fill(star);
            return;
        }
        Shape dot = new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7);
        if (kind == Figure.Kind.REFERENCE) {
            Color c = g.getColor();
            g.setColor(Color.WHITE);
            g.fill(dot);
            g.setColor(c);
            g.draw(dot);
        } else {
            g.fill(dot);
        }
    }

    private static void drawLegend(Graphics2D g, Figure figure, double left, double top, int height) {
        FontMetrics fm = g.getFontMetrics();
        double at = top + 6;
        boolean canWarn = g.getFont().canDisplayUpTo(WARNING) < 0;
        List<Figure.Series> all = figure.series();
        for (int index = 0; index < all.size(); index++) {
            Figure.Series s = all.get(index);
            if (!s.legend()) {
                continue;
            }
            Figure.Series next = index + 1 < all.size() ? all.get(index + 1) : null;
            boolean shaded = s.kind() == Figure.Kind.FIT && next != null && next.kind() == Figure.Kind.BAND
                    && !next.legend() && next.colour().equals(s.colour());
            String text = (s.warning() ? (canWarn ? WARNING : "(!) ") : "") + s.name();
            List<String> lines = wrap(text, LEGEND_CHARS);
            double middle = at + fm.getAscent() / 2.0;
            g.setColor(s.colour());
            switch (s.kind()) {
                case BAND -> {
                    g.setColor(translucent(s.colour(), 70));
                    g.fill(new Rectangle2D.Double(left, middle - 5, 28, 10));
                }
                case INTERVALS -> {
                    g.setStroke(new BasicStroke(2f));
                    g.draw(new Line2D.Double(left + 14, middle - 6, left + 14, middle + 6));
                }
                case MARK -> marker(g, Figure.Kind.MARK, left + 14, middle);
                case POINTS -> marker(g, Figure.Kind.POINTS, left + 14, middle);
                default -> {
                    if (shaded) {
                        g.setColor(translucent(s.colour(), 70));
                        g.fill(new Rectangle2D.Double(left, middle - 5, 28, 10));
                        g.setColor(s.colour());
                    }
                    g.setStroke(s.kind() == Figure.Kind.FRONTIER
                            ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {7, 5}, 0)
                            : s.kind() == Figure.Kind.VERTICAL
                            ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {3, 4}, 0)
                            : stroke(s.kind()));
                    g.draw(new Line2D.Double(left, middle, left + 28, middle));
                    if (s.kind() == Figure.Kind.MEASURED || s.kind() == Figure.Kind.REFERENCE) {
                        g.setStroke(new BasicStroke(1.5f));
                        marker(g, s.kind(), left + 14, middle);
                    }
                }
            }
            g.setColor(s.warning() ? new Color(180, 40, 0) : Color.BLACK);
            for (String line : lines) {
                at += fm.getHeight();
                g.drawString(line, (float) (left + 36), (float) (at - fm.getDescent()));
            }
            at += 4;
            if (at > height - 10) {
                break;
            }
        }
    }

    /** Breaks a legend entry at line breaks, then after commas or spaces into lines of at most {@code width} characters. */
    static List<String> wrap(String label, int width) {
        List<String> lines = new ArrayList<>();
        for (String part : label.split("\n")) {
            int i = 0;
            while (part.length() - i > width) {
                int cut = Math.max(part.lastIndexOf(',', i + width - 1), part.lastIndexOf(' ', i + width - 1));
                cut = cut > i ? cut + 1 : i + width;
                lines.add(part.substring(i, cut).stripTrailing());
                i = cut;
            }
            lines.add(part.substring(i));
        }
        return lines;
    }

    private static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static boolean finite(double vx, double vy, Axis x, Axis y) {
        return x.valid(vx) && y.valid(vy);
    }

    /** The data range of an axis over every series (bands and intervals included), padded 4%. */
    private static double[] range(Figure figure, boolean horizontal) {
        boolean log = horizontal ? figure.logX() : figure.logY();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Figure.Series s : figure.series()) {
            if (!horizontal && s.kind() == Figure.Kind.VERTICAL) {
                continue;
            }
            List<double[]> columns = horizontal ? List.of(s.x()) : s.y2() == null ? List.of(s.y()) : List.of(s.y(), s.y2());
            for (double[] column : columns) {
                for (double v : column) {
                    if (Double.isFinite(v) && (!log || v > 0)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (!(min <= max)) {
            return log ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (log) {
            double pad = StrictMath.pow(max / min, 0.04);
            if (max / min < 1.01) {
                pad = 1.05;
            }
            return new double[] {min / pad, max * pad};
        }
        double pad = (max - min) * 0.04;
        if (pad == 0) {
            pad = Math.max(Math.abs(max) * 0.05, 0.5);
        }
        return new double[] {min - pad, max + pad};
    }

    /** Maps data values to pixels. */
    private record Axis(double min, double max, boolean log, double from, double to) {
        double map(double v) {
            double t = log ? StrictMath.log(v / min) / StrictMath.log(max / min) : (v - min) / (max - min);
            return from + t * (to - from);
        }

        boolean valid(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }
    }
}

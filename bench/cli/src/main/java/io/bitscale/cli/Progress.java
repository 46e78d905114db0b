package io.bitscale.cli;

import io.bitscale.scaling.eval.Evaluator;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on stderr, in the form the place it goes suits: on a terminal a bar redrawn in place
 * (at most five times a second) with bytes per second and the time left; elsewhere (a log, CI) a
 * plain line every 30 seconds, so long runs show they are alive without flooding the log.
 * {@code --progress=never} (or {@code -q}) shows nothing; {@code always} draws the bar even where
 * no console is detected (some IDE consoles).
 */
final class Progress implements Evaluator.Progress {

    /** When progress is shown. */
    enum Mode {
        /** A bar on a terminal, periodic lines otherwise. */
        AUTO,
        /** The bar, whatever stderr is. */
        ALWAYS,
        /** Nothing. */
        NEVER
    }

    private static final long BAR_INTERVAL_NANOS = 200_000_000L;
    private static final long LINE_INTERVAL_NANOS = 30_000_000_000L;

    private final PrintStream out;
    private final String label;
    private final boolean bar;
    private final boolean silent;
    private final long start = System.nanoTime();
    private long lastDraw = System.nanoTime();
    private boolean drawn;

    private Progress(PrintStream out, String label, boolean bar, boolean silent) {
        this.out = out;
        this.label = label;
        this.bar = bar;
        this.silent = silent;
    }

    /** Progress for one input under {@code mode}; nothing when {@code quiet}. */
    static Progress of(String label, Mode mode, boolean quiet) {
        boolean silent = quiet || mode == Mode.NEVER;
        boolean bar = mode == Mode.ALWAYS || (mode == Mode.AUTO && System.console() != null);
        return new Progress(System.err, label, bar, silent);
    }

    @Override
    public void update(String phase, long done, long total) {
        if (silent) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < (bar ? BAR_INTERVAL_NANOS : LINE_INTERVAL_NANOS)) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder();
        line.append(label).append(' ').append(phase).append(' ');
        if (total > 0) {
            if (bar) {
                int width = 20;
                int filled = (int) Math.min(width, width * done / total);
                line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
            }
            line.append(String.format(Locale.ROOT, "%3d%% of %s", Math.min(100, 100 * done / total), bytes(total)));
        } else {
            line.append(bytes(done));
        }
        line.append(String.format(Locale.ROOT, "  %s/s", bytes((long) rate)));
        if (total > 0 && done > 0 && done < total) {
            line.append("  ETA ").append(duration(seconds * (total - done) / done));
        }
        line.append("  ").append(duration(seconds));
        if (bar) {
            out.print("\r" + line + "  ");
            drawn = true;
        } else {
            out.println("bitscale: " + line);
        }
        out.flush();
    }

    /** Clears the bar, if one was drawn. */
    void finish() {
        if (drawn) {
            out.print("\r" + " ".repeat(100) + "\r");
            out.flush();
            drawn = false;
        }
    }

    static String bytes(long count) {
        if (count < 1_000) {
            return count + " B";
        }
        if (count < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", count / 1e3);
        }
        if (count < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", count / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", count / 1e9);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }
}

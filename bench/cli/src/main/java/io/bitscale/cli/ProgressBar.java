package io.bitscale.cli;

import io.bitscale.scaling.eval.Evaluator;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on the terminal (stderr), redrawn at most five times a second and
 * only when a console is attached, so logs and pipes stay clean.
 */
final class ProgressBar implements Evaluator.Progress {

    private static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    /** A progress bar if stderr is a terminal, else nothing. */
    static Evaluator.Progress forTerminal(String label) {
        return System.console() != null ? new ProgressBar(System.err, label) : Evaluator.Progress.NONE;
    }

    @Override
    public void update(String phase, long done, long total) {
        long now = System.nanoTime();
        boolean complete = total > 0 && done >= total && "decompress".equals(phase);
        if (now - lastDraw < INTERVAL_NANOS && !complete) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        StringBuilder line = new StringBuilder("\r").append(label).append(' ').append(phase).append(' ');
        if (total > 0) {
            int width = 24;
            int filled = (int) Math.min(width, width * done / total);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", 100 * done / total));
        } else {
            line.append(String.format(Locale.ROOT, "%.1f MB", done / 1e6));
        }
        line.append(String.format(Locale.ROOT, " %.1fs ", seconds));
        out.print(line);
        drawn = true;
        if (complete) {
            finish();
        }
    }

    void finish() {
        if (drawn) {
            out.print("\r" + " ".repeat(72) + "\r");
            out.flush();
            drawn = false;
        }
    }
}

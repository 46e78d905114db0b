package io.bitscale.cli;

import io.bitscale.scaling.eval.Evaluator;

/** Creates a terminal progress bar when there is a terminal and clears it when work ends. */
final class ProgressBarHolder {
    private final Evaluator.Progress bar;

    ProgressBarHolder(String label) {
        this.bar = ProgressBar.forTerminal(label);
    }

    Evaluator.Progress bar() {
        return bar;
    }

    void finish() {
        if (bar instanceof ProgressBar progressBar) {
            progressBar.finish();
        }
    }
}

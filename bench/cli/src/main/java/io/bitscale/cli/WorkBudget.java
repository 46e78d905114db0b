package io.bitscale.cli;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.StreamOptions;

import java.util.Locale;

/**
 * The decoder's work bound applied before any work is done: a model whose factory states more
 * operations per byte than {@link StreamOptions#DEFAULT_MAX_OPERATIONS_PER_BYTE} would write
 * streams a default reader refuses, and would take long to train or evaluate, so the commands
 * refuse it up front with one line naming the estimate and the budget, unless
 * {@code --allow-slow-models} is given.
 */
final class WorkBudget {

    /** The option's help text, shared by the commands that take it. */
    static final String HELP = "Accept a model that states more than 2^20 operations per byte (the decoder's default "
            + "budget; readers then need --allow-slow-models too).";

    private WorkBudget() {
    }

    /**
     * Refuses {@code factory} if it states more work than the default budget and {@code allow} is false.
     *
     * @throws UsageException (exit code 2) naming the model's estimate and the budget
     */
    static void check(PredictorFactory factory, boolean allow) {
        long work = factory.operationsPerByte();
        long budget = StreamOptions.DEFAULT_MAX_OPERATIONS_PER_BYTE;
        if (!allow && work > budget) {
            throw new UsageException(String.format(Locale.ROOT, "%s states %,d operations per byte (%.1f MFLOP), over the "
                    + "budget of %,d (2^20); pass --allow-slow-models to run it anyway", factory.spec(), work, work / 1e6,
                    budget));
        }
    }
}

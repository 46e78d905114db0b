package io.bitscale.model.neural;

import java.util.Locale;

/**
 * How a neural predictor learns: the update rule, its learning rate and schedule, decoupled
 * weight decay and gradient-norm clipping. Immutable and validated.
 *
 * <p>In a spec these are the knobs {@code opt, lr, wd, clip, sched, warm, tau}; real values are
 * written as whole numbers in units of {@code 10^-4} (the spec grammar has integers only), so
 * {@code lr=20} is 0.002 and {@code clip=10000} is a norm of 1.
 *
 * @param kind         the update rule
 * @param learningRate step size (peak value of the schedule), {@code (0, 10]}
 * @param weightDecay  decoupled decay per step, {@code w -= rate · weightDecay · w}; 0 = off
 * @param clipNorm     largest global L2 norm of one step's gradient; 0 = no clipping
 * @param schedule     how the rate evolves with the step count
 * @param warmupSteps  linear warm-up from 0 over this many steps; 0 = none
 * @param decaySteps   time constant of {@link Schedule#RSQRT}, length of {@link Schedule#COSINE}
 */
public record OptimizerConfig(Kind kind, double learningRate, double weightDecay, double clipNorm,
                              Schedule schedule, long warmupSteps, long decaySteps) {

    /**
     * The update rules. Constants that are not knobs: momentum 0.9; AdaGrad, RMSProp and Adam
     * epsilon 1e-6 (added to the root, in float precision 1e-8 would underflow into noise);
     * RMSProp decay 0.99; Adam β1 = 0.9, β2 = 0.999 with bias correction.
     */
    public enum Kind {
        /** {@code w -= lr·g}. */
        SGD(0.03),
        /** Heavy ball: {@code m = 0.9·m + g; w -= lr·m}. */
        MOMENTUM(0.003),
        /** {@code v += g²; w -= lr·g/(√v + ε)}. */
        ADAGRAD(0.1),
        /** {@code v = 0.99·v + 0.01·g²; w -= lr·g/(√v + ε)}. */
        RMSPROP(0.002),
        /** {@code m, v} moving averages with bias correction: {@code w -= lr·m̂/(√v̂ + ε)}. */
        ADAM(0.002);

        private final double defaultLearningRate;

        Kind(double defaultLearningRate) {
            this.defaultLearningRate = defaultLearningRate;
        }

        /**
         * The learning rate used when the spec gives none: the best of a 3-5 point sweep for
         * the default {@code mlp} on the first 200 KB of book1 (docs/neural.md).
         */
        public double defaultLearningRate() {
            return defaultLearningRate;
        }

        /** The spec word, e.g. {@code adam}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Floats of optimizer state per weight. */
        public int stateFloats() {
            return switch (this) {
                case SGD -> 0;
                case MOMENTUM, ADAGRAD, RMSPROP -> 1;
                case ADAM -> 2;
            };
        }
    }

    /** Learning-rate schedules; all multiply the peak rate after the warm-up. */
    public enum Schedule {
        /**
         * The peak rate forever: the default, so a spec without {@code sched} keeps its meaning.
         * Over long online streams it holds a network at a noise floor (docs/neural.md).
         */
        CONST,
        /**
         * {@code lr / √(1 + t / decaySteps)}: slow decay that never stops learning; for online
         * coding of long streams (the batched mlp codes 10^8 bytes 8% smaller than with CONST).
         */
        RSQRT,
        /** Half a cosine from {@code lr} down to {@code lr/10} over {@code decaySteps}, then flat. */
        COSINE;

        /** The spec word, e.g. {@code rsqrt}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates. */
    public OptimizerConfig {
        if (kind == null || schedule == null) {
            throw new IllegalArgumentException("optimizer kind and schedule are required");
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("learning rate " + learningRate + " outside (0, 10]");
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new IllegalArgumentException("weight decay " + weightDecay + " outside [0, 1)");
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm " + clipNorm + " must be >= 0");
        }
        if (warmupSteps < 0 || decaySteps < 0) {
            throw new IllegalArgumentException("warm-up " + warmupSteps + " and decay " + decaySteps
                    + " steps must be >= 0");
        }
        if (schedule != Schedule.CONST && decaySteps == 0) {
            throw new IllegalArgumentException("schedule " + schedule.word() + " needs decay steps (tau) > 0");
        }
    }

    /** The documented defaults for an update rule: its default rate, no decay, no clipping, constant. */
    public static OptimizerConfig defaults(Kind kind) {
        return new OptimizerConfig(kind, kind.defaultLearningRate(), 0, 0, Schedule.CONST, 0, 0);
    }

    /** The learning rate at step {@code t} (1-based), reproducible (IEEE ops and {@link StrictMath}). */
    public double rateAt(long t) {
        double rate = learningRate;
        if (warmupSteps > 0 && t < warmupSteps) {
            rate *= (double) t / warmupSteps;
        }
        long after = Math.max(0, t - warmupSteps);
        return switch (schedule) {
            case CONST -> rate;
            case RSQRT -> rate / Math.sqrt(1 + (double) after / decaySteps);
            case COSINE -> {
                double progress = Math.min(1, (double) after / decaySteps);
                yield rate * (0.1 + 0.45 * (1 + StrictMath.cos(Math.PI * progress)));
            }
        };
    }
}

package io.bitscale.model.neural;

import io.bitscale.model.neural.tensor.AdamRows;

/**
 * Applies one training step's gradients to {@link Tensor}s with the rule of an
 * {@link OptimizerConfig}. A model calls {@link #beginStep()} once per step, computes its
 * gradient norm for {@link #clipScale(double)}, then the row updates for every dense tensor
 * and every touched row of a sparse (embedding) tensor. Rows that a step does not touch keep
 * their state ("lazy" updates), which is what makes embedding tables cheap.
 *
 * <p>Determinism: element-wise IEEE float arithmetic and {@link Math#sqrt} (exactly rounded)
 * in a fixed order; the rate is computed once per step in double and rounded to float.
 */
public final class Optimizer {

    private static final float MOMENTUM = 0.9f;
    private static final float RMS_DECAY = 0.99f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-6f;

    private final OptimizerConfig config;
    private final OptimizerConfig.Kind kind;
    private long steps;
    private double beta1Power = 1;
    private double beta2Power = 1;
    /** The schedule's rate at this step. */
    private float rate;
    /** {@code 1 - rate · weightDecay}: the decoupled decay factor. */
    private float decay = 1;
    /** Adam's bias-corrected step size and epsilon. */
    private float adamRate;
    private float adamEpsilon;
    /** Scratch for {@link #updateColumns}: the selected entries, gathered. */
    private float[] gatheredWeights = new float[256];
    private float[] gatheredFirst = new float[256];
    private float[] gatheredSecond = new float[256];

    /**
     * Whether Adam's row steps run through {@link AdamRows} (a Vector API loop when the JVM has
     * one): the same bits as the loop below, faster on short rows. The batched networks ask for
     * it; the per-byte models keep the loop.
     */
    private final boolean rowKernel;

    /** An optimizer at step 0. */
    public Optimizer(OptimizerConfig config) {
        this(config, false);
    }

    /** An optimizer at step 0 whose Adam row steps use {@link AdamRows} when {@code rowKernel}. */
    Optimizer(OptimizerConfig config, boolean rowKernel) {
        this.config = config;
        this.kind = config.kind();
        this.rowKernel = rowKernel;
    }

    /** The configuration. */
    public OptimizerConfig config() {
        return config;
    }

    /** Allocates the state this rule keeps for {@code tensor} (zeros). */
    void attach(Tensor tensor) {
        int rows = tensor.rows();
        int columns = tensor.columns();
        switch (kind) {
            case SGD -> { }
            case MOMENTUM -> tensor.first = new float[rows][columns];
            case ADAGRAD, RMSPROP -> tensor.second = new float[rows][columns];
            case ADAM -> {
                tensor.first = new float[rows][columns];
                tensor.second = new float[rows][columns];
            }
        }
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Starts a step: advances the schedule and Adam's bias corrections. */
    void beginStep() {
        steps++;
        double r = config.rateAt(steps);
        rate = (float) r;
        decay = (float) (1 - r * config.weightDecay());
        if (kind == OptimizerConfig.Kind.ADAM) {
            beta1Power *= BETA1;
            beta2Power *= BETA2;
            double correction2 = Math.sqrt(1 - beta2Power);
            adamRate = (float) (r * correction2 / (1 - beta1Power));
            adamEpsilon = (float) (EPSILON * correction2);
        }
    }

    /**
     * The factor that scales this step's gradient to the clipping norm.
     *
     * @param squaredNorm sum of squares of every gradient entry of this step
     * @return {@code min(1, clipNorm / norm)}, or 1 when clipping is off
     */
    float clipScale(double squaredNorm) {
        double clip = config.clipNorm();
        if (clip <= 0 || squaredNorm <= clip * clip) {
            return 1;
        }
        return (float) (clip / Math.sqrt(squaredNorm));
    }

    /**
     * Updates row {@code row} of {@code tensor}, all columns, with gradients {@code grad[0 ..]}
     * (already scaled by the clip factor).
     */
    void updateRow(Tensor tensor, int row, float[] grad) {
        step(tensor.values[row], tensor.first == null ? null : tensor.first[row],
                tensor.second == null ? null : tensor.second[row], grad, tensor.columns(), decay);
    }

    /**
     * {@link #updateRow} without weight decay (for gains and biases). Rows are independent: two
     * threads may update different rows of a step at once.
     */
    void updateRowWithoutDecay(Tensor tensor, int row, float[] grad) {
        step(tensor.values[row], tensor.first == null ? null : tensor.first[row],
                tensor.second == null ? null : tensor.second[row], grad, tensor.columns(), 1f);
    }

    /**
     * Updates {@code count} columns of row {@code row}: column {@code columns[k]} with gradient
     * {@code grad[k]}. The same arithmetic as {@link #updateRow} on the gathered entries.
     */
    void updateColumns(Tensor tensor, int row, int[] columns, float[] grad, int count) {
        float[] w = tensor.values[row];
        float[] m = tensor.first == null ? null : tensor.first[row];
        float[] v = tensor.second == null ? null : tensor.second[row];
        if (gatheredWeights.length < count) {
            gatheredWeights = new float[count];
            gatheredFirst = new float[count];
            gatheredSecond = new float[count];
        }
        for (int k = 0; k < count; k++) {
            int c = columns[k];
            gatheredWeights[k] = w[c];
            if (m != null) {
                gatheredFirst[k] = m[c];
            }
            if (v != null) {
                gatheredSecond[k] = v[c];
            }
        }
        step(gatheredWeights, m == null ? null : gatheredFirst, v == null ? null : gatheredSecond, grad, count, decay);
        for (int k = 0; k < count; k++) {
            int c = columns[k];
            w[c] = gatheredWeights[k];
            if (m != null) {
                m[c] = gatheredFirst[k];
            }
            if (v != null) {
                v[c] = gatheredSecond[k];
            }
        }
    }

    /**
     * The update rule on {@code n} weights {@code w} with state {@code m}, {@code v} and
     * gradients {@code g}, every array indexed alike (so the JIT can vectorize it).
     */
    private void step(float[] w, float[] m, float[] v, float[] g, int n, float d) {
        switch (kind) {
            case SGD -> {
                float lr = rate;
                for (int i = 0; i < n; i++) {
                    w[i] = w[i] * d - lr * g[i];
                }
            }
            case MOMENTUM -> {
                float lr = rate;
                for (int i = 0; i < n; i++) {
                    float mi = MOMENTUM * m[i] + g[i];
                    m[i] = mi;
                    w[i] = w[i] * d - lr * mi;
                }
            }
            case ADAGRAD -> {
                float lr = rate;
                for (int i = 0; i < n; i++) {
                    float gi = g[i];
                    float vi = v[i] + gi * gi;
                    v[i] = vi;
                    w[i] = w[i] * d - lr * gi / ((float) Math.sqrt(vi) + EPSILON);
                }
            }
            case RMSPROP -> {
                float lr = rate;
                for (int i = 0; i < n; i++) {
                    float gi = g[i];
                    float vi = RMS_DECAY * v[i] + (1 - RMS_DECAY) * gi * gi;
                    v[i] = vi;
                    w[i] = w[i] * d - lr * gi / ((float) Math.sqrt(vi) + EPSILON);
                }
            }
            case ADAM -> {
                float a = adamRate;
                float e = adamEpsilon;
                if (rowKernel) {
                    AdamRows.update(w, m, v, g, n, BETA1, BETA2, d, a, e);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    float gi = g[i];
                    float mi = BETA1 * m[i] + (1 - BETA1) * gi;
                    float vi = BETA2 * v[i] + (1 - BETA2) * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    w[i] = w[i] * d - a * mi / ((float) Math.sqrt(vi) + e);
                }
            }
        }
    }
}

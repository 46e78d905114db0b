package io.bitscale.model.neural;

import io.bitscale.core.model.Cdf;

import java.util.List;

/**
 * Common shape of the neural byte predictors: a network computes a softmax over the 256 byte
 * values from the bytes seen so far; {@link #cdf()} converts it to the coder's fixed-point table
 * with {@link Cdf#fromProbabilities} (total {@code 2^24}); {@link #update(int)} takes one
 * training step on the coded byte (cross-entropy loss) when the model adapts, then moves the
 * context forward.
 *
 * <p>Besides the coder's protocol, {@link #train(int)} and {@link #score(int)} serve
 * pretraining: the same forward pass, with the loss in bits returned, with and without the
 * training step.
 *
 * <p><b>Determinism.</b> Subclasses use float/double {@code + - * /}, {@link Math#sqrt} and
 * {@link NeuralMath} in loops of fixed order, and initialize from a fixed seed, so that two
 * instances fed the same bytes produce identical tables on every JVM.
 */
public abstract class NeuralPredictor implements NeuralModel {

    /** Bits of the fixed-point total handed to the coder. */
    public static final int TOTAL_BITS = 24;

    private static final double LN2 = 0.6931471805599453;

    /** The softmax of the current context, normalized; valid after {@link #forward()}. */
    protected final double[] probabilities = new double[256];
    private final int[] cdf = new int[257];
    private boolean adapt;
    private boolean forwardDone;

    /** @param adapt whether {@link #update(int)} trains on each coded byte */
    protected NeuralPredictor(boolean adapt) {
        this.adapt = adapt;
    }

    @Override
    public abstract List<Tensor> tensors();

    /** Forgets the byte history (not the weights): the next prediction is for a fresh input. */
    public void resetContext() {
        clearContext();
        forwardDone = false;
    }

    /** Computes {@link #probabilities} for the current context. */
    protected abstract void forward();

    /** One training step towards {@code symbol}; called after {@link #forward()}. */
    protected abstract void learn(int symbol);

    /** Appends {@code symbol} to the context. */
    protected abstract void advance(int symbol);

    /** Clears the byte history and any recurrent state. */
    protected abstract void clearContext();

    /** Weights stop changing: {@link #update(int)} only moves the context (and any recurrent state). */
    @Override
    public final void freeze() {
        adapt = false;
    }

    /** Whether {@link #update(int)} learns. */
    @Override
    public final boolean adapts() {
        return adapt;
    }

    @Override
    public final int[] cdf() {
        ensureForward();
        Cdf.fromProbabilities(probabilities, 256, TOTAL_BITS, cdf);
        return cdf;
    }

    @Override
    public final void update(int symbol) {
        ensureForward();
        if (adapt) {
            learn(symbol);
        }
        advance(symbol);
        forwardDone = false;
    }

    /**
     * Predicts, trains on {@code symbol} and advances: one step of pretraining.
     *
     * @return the model's loss on {@code symbol} before the step, in bits ({@code -log2 p})
     */
    public final double train(int symbol) {
        ensureForward();
        double bits = bits(symbol);
        learn(symbol);
        advance(symbol);
        forwardDone = false;
        return bits;
    }

    /**
     * Predicts and advances without learning (validation).
     *
     * @return {@code -log2 p(symbol)}
     */
    public final double score(int symbol) {
        ensureForward();
        double bits = bits(symbol);
        advance(symbol);
        forwardDone = false;
        return bits;
    }

    private double bits(int symbol) {
        return -StrictMath.log(probabilities[symbol]) / LN2;
    }

    private void ensureForward() {
        if (!forwardDone) {
            forward();
            forwardDone = true;
        }
    }

    /**
     * Softmax of {@code logits} into {@link #probabilities}: subtract the maximum, exponentiate
     * with {@link NeuralMath#exp}, sum in index order, divide.
     */
    protected final void softmax(float[] logits) {
        float max = logits[0];
        for (int s = 1; s < 256; s++) {
            max = Math.max(max, logits[s]);
        }
        double sum = 0;
        for (int s = 0; s < 256; s++) {
            double e = NeuralMath.exp((double) logits[s] - max);
            probabilities[s] = e;
            sum += e;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            // Diverged weights (NaN or infinite logits): predict uniformly rather than fail, so
            // coding always succeeds; decoder and encoder diverge identically.
            java.util.Arrays.fill(probabilities, 1.0 / 256);
            return;
        }
        double inverse = 1 / sum;
        for (int s = 0; s < 256; s++) {
            probabilities[s] *= inverse;
        }
    }

    /** Writes {@code ∂loss/∂logit = p - onehot(symbol)} (natural-log cross-entropy) into {@code gradient}. */
    protected final void logitGradient(int symbol, float[] gradient) {
        for (int s = 0; s < 256; s++) {
            gradient[s] = (float) probabilities[s];
        }
        gradient[symbol] -= 1;
    }
}

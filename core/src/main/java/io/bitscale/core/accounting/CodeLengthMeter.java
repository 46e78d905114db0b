package io.bitscale.core.accounting;

import io.bitscale.core.coding.CodingObserver;
import io.bitscale.core.model.Probability;

/**
 * Sums the ideal code length {@code Σ -log2 p(x_i | x_<i)} of everything the coding loop coded,
 * as a {@link CodingObserver}: the coder sees the same probabilities, the meter only listens.
 * Comparing {@link #idealBits()} with the payload size measures the coder's overhead; a
 * {@link ByteCostListener} receives the cost of each byte for surprise maps; {@link #correctBytes()}
 * counts the bytes the model ranked first.
 *
 * <pre>{@code
 * CodeLengthMeter meter = new CodeLengthMeter();
 * try (OutputStream out = new BitscaleOutputStream(sink, factory, StreamOptions.DEFAULT, meter)) {
 *     out.write(data);
 * }
 * double bitsPerByte = meter.idealBitsPerByte();
 * }</pre>
 *
 * <p><b>Summation order</b> (documented because results are compared to 1e-9): bit costs are
 * added one at a time to the running total, in coding order, from the first byte on; so the
 * total after n bytes does not depend on how the bytes were split into blocks or frames.
 *
 * <p><b>Top-1.</b> For a symbol model, the symbol with the widest table entry (the first on
 * ties). For a bit model, the byte of the greedy path (each bit the more probable one, 0 on a
 * tie), which is right exactly when each of the eight bits was the more probable one; it equals
 * the most probable byte whenever that byte has probability above one half.
 *
 * <p>Not thread-safe: one meter per coding stream.
 */
public final class CodeLengthMeter implements CodingObserver {

    private double idealBits;
    private long bytes;
    private long correct;
    private double byteBits;
    private boolean greedy = true;
    private boolean symbolRight;
    private ByteCostListener listener;

    /** Sets the listener that receives each byte's cost, or {@code null} for none. */
    public CodeLengthMeter onByte(ByteCostListener byteListener) {
        this.listener = byteListener;
        return this;
    }

    /** Ideal code length so far, in bits. */
    public double idealBits() {
        return idealBits;
    }

    /** Bytes coded so far. */
    public long bytes() {
        return bytes;
    }

    /** Bytes the model ranked first (see the class comment). */
    public long correctBytes() {
        return correct;
    }

    /** Ideal bits per byte so far; 0 before any byte. */
    public double idealBitsPerByte() {
        return bytes == 0 ? 0 : idealBits / bytes;
    }

    /** Forgets everything counted so far. */
    public void reset() {
        idealBits = 0;
        bytes = 0;
        correct = 0;
        byteBits = 0;
        greedy = true;
    }

    @Override
    public void bitCoded(int p1, int bit) {
        double cost = CodeLength.bitCost(p1, bit);
        idealBits += cost;
        byteBits += cost;
        greedy &= (p1 > Probability.HALF ? 1 : 0) == bit;
    }

    @Override
    public void symbolCoded(int[] cdf, int symbolCount, int symbol) {
        double cost = CodeLength.symbolCost(cdf[symbol + 1] - cdf[symbol], cdf[symbolCount]);
        idealBits += cost;
        byteBits += cost;
        int best = 0;
        int bestWidth = cdf[1] - cdf[0];
        for (int s = 1; s < symbolCount; s++) {
            int width = cdf[s + 1] - cdf[s];
            if (width > bestWidth) {
                bestWidth = width;
                best = s;
            }
        }
        symbolRight = best == symbol;
        greedy = false;
    }

    @Override
    public void byteCoded(int value) {
        if (greedy || symbolRight) {
            correct++;
        }
        long offset = bytes++;
        if (listener != null) {
            listener.byteCoded(offset, byteBits);
        }
        byteBits = 0;
        greedy = true;
        symbolRight = false;
    }
}

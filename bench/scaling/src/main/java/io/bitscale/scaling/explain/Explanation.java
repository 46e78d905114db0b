package io.bitscale.scaling.explain;

import java.util.List;

/**
 * Totals of an explained input.
 *
 * @param spec               the model's spec
 * @param bytes              bytes explained
 * @param idealBits          the sum of the bits' (or symbols') ideal costs in coding order, exactly
 *                           as {@link io.bitscale.core.accounting.CodeLengthMeter} sums them on a
 *                           stream with the same block size
 * @param contributors       names of the contributions, empty if the model does not attribute
 * @param contributionTotals bits per contributor over the whole input
 * @param wholeDistribution  true when the alternatives are single bytes read from the model's
 *                           whole next-byte distribution; false when they are the ranges of a
 *                           bit model's coded path (see {@link ByteRecord})
 */
public record Explanation(String spec, long bytes, double idealBits, List<String> contributors,
                          double[] contributionTotals, boolean wholeDistribution) {

    /** Ideal bits per byte; 0 for empty input. */
    public double idealBitsPerByte() {
        return bytes == 0 ? 0 : idealBits / bytes;
    }
}

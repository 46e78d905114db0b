package io.bitscale.scaling.explain;

import java.util.List;

/**
 * What a model made of one byte: its cost, who carried it, and what the model expected instead.
 *
 * <p><b>Alternatives.</b> The most probable outcomes other than {@code value}, most probable
 * first, each with its exact probability under the model:
 * <ul>
 *   <li>a model that codes whole bytes ({@link io.bitscale.core.model.SymbolPredictor}) or a bit
 *       model that states its next-byte distribution ({@link io.bitscale.core.model.ByteLookahead},
 *       e.g. {@code order2}): single bytes, read from the distribution the coder used;</li>
 *   <li>any other bit model (a mixture): the model was asked about the eight bits of the coded
 *       byte only, so the exact alternatives are the eight sibling ranges of its path — for bit
 *       {@code k} (0 = most significant), the bytes that share the first {@code k} bits with
 *       {@code value} and differ at bit {@code k}, with probability
 *       {@code P(first k bits) · (1 - P(bit k | first k bits))}. The range for the last bit is a
 *       single byte. The eight ranges and {@code value} partition all 256 bytes.</li>
 * </ul>
 * Nothing is estimated: asking a mixture about paths it did not take would change its tables.
 *
 * @param offset        position of the byte in the input
 * @param value         the byte, 0..255
 * @param bits          its ideal cost, {@code -log2 P(value | history)}, the sum of its bits'
 *                      costs as {@link io.bitscale.core.accounting.CodeLengthMeter} adds them
 * @param contributions bits per contributor of an {@link io.bitscale.model.mix.Attributable}
 *                      model, summed over the byte's eight decisions, in the order of
 *                      {@link Explanation#contributors()}; they add up to {@code bits}; empty
 *                      for other models. The array belongs to this record.
 * @param alternatives  up to the requested number of alternatives, most probable first
 */
public record ByteRecord(long offset, int value, double bits, double[] contributions, List<Alternative> alternatives) {

    /** The model's probability of the byte, {@code 2^-bits}. */
    public double probability() {
        return Math.pow(2, -bits);
    }
}

package io.bitscale.core.coding;

/**
 * Listens to every decision the lockstep loop ({@link PredictiveCoder}) codes: the probability
 * the model gave and the outcome. This is how bpb, ideal code lengths, per-byte costs and top-1
 * accuracy are measured — by {@code eval}, by scaling sweeps and by surprise maps alike — without
 * a second copy of the loop and without wrapping the model.
 *
 * <pre>{@code
 * CodeLengthMeter meter = new CodeLengthMeter();                 // a CodingObserver
 * PredictiveCoder loop = PredictiveCoder.of(factory.create()).observedBy(meter);
 * loop.codeBlock(encoder, data, 0, data.length);
 * double idealBitsPerByte = meter.idealBitsPerByte();
 * }</pre>
 *
 * <p><b>Call protocol.</b> For a bit-level model: {@link #bitCoded} eight times per byte, most
 * significant bit first, then {@link #byteCoded}. For a symbol model: {@link #symbolCoded} once,
 * then {@link #byteCoded}. Calls arrive after the coder has coded the decision and before the
 * model learns it, so {@code cdf} is still the table the coder used. Encoder and decoder report
 * the same calls. An observer must not modify what it is given.
 */
public interface CodingObserver {

    /**
     * One binary decision was coded.
     *
     * @param p1  the model's {@code P(1) · 2^16}, in {@code [1, 65535]}
     * @param bit the bit coded, 0 or 1
     */
    void bitCoded(int p1, int bit);

    /**
     * One symbol was coded from a cumulative table.
     *
     * @param cdf         the table the coder used ({@code symbolCount + 1} entries, read-only)
     * @param symbolCount the alphabet size
     * @param symbol      the symbol coded
     */
    void symbolCoded(int[] cdf, int symbolCount, int symbol);

    /**
     * A whole byte was coded (after its bits or its symbol).
     *
     * @param value the byte, 0..255
     */
    void byteCoded(int value);
}

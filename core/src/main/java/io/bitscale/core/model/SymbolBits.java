package io.bitscale.core.model;

/**
 * Presents a {@link SymbolPredictor} as a {@link BitPredictor}: each byte's distribution is
 * decomposed into the eight binary decisions of its bits, most significant first, with
 * {@code P(bit = 1 | bits so far)} the mass of the upper half of the remaining symbols.
 *
 * <p>Use it to feed a byte-level model into a bit-level mixer. The decomposition rounds each
 * conditional probability to 16 bits (and keeps it inside {@code [1, 65535]}), so coding through
 * it costs slightly more than coding the distribution directly with the multi-symbol coder;
 * integer arithmetic only, hence deterministic.
 */
public final class SymbolBits implements BitPredictor, Freezable {

    private final SymbolPredictor symbols;
    private int[] cdf;
    /** Symbols still possible: [low, low + width). */
    private int low;
    private int width = 256;

    /** Wraps {@code symbols}; the wrapper now owns its call protocol. */
    public SymbolBits(SymbolPredictor symbols) {
        this.symbols = symbols;
    }

    @Override
    public int p1() {
        if (width == 256) {
            cdf = symbols.cdf();
        }
        int half = width >>> 1;
        long all = cdf[low + width] - cdf[low];
        long upper = cdf[low + width] - cdf[low + half];
        return Probability.clamp((int) ((upper << Probability.BITS) / all));
    }

    @Override
    public void update(int bit) {
        int half = width >>> 1;
        if (bit != 0) {
            low += half;
        }
        width = half;
        if (width == 1) {
            symbols.update(low);
            low = 0;
            width = 256;
        }
    }

    /**
     * Freezes the wrapped byte model.
     *
     * @throws UnsupportedOperationException if it is not {@link Freezable}
     */
    @Override
    public void freeze() {
        if (!(symbols instanceof Freezable frozen)) {
            throw new UnsupportedOperationException(symbols.getClass().getSimpleName() + " cannot freeze");
        }
        frozen.freeze();
    }

    @Override
    public long parameters() {
        return symbols.parameters();
    }

    @Override
    public long memoryBytes() {
        return symbols.memoryBytes() + 32;
    }
}

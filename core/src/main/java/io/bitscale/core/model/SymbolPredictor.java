package io.bitscale.core.model;

/**
 * A model that predicts a whole byte at a time as a 256-way distribution (n-gram counts, PPM,
 * a softmax), coded exactly by the multi-symbol range coder.
 *
 * <p><b>Call protocol.</b> For every byte the coder calls {@link #cdf()} once, codes the byte
 * with it, then calls {@link #update(int)} once with the byte coded.
 *
 * <p><b>Guarantees the predictor gives.</b> The returned table has at least
 * {@code alphabetSize() + 1} entries with {@code cdf[0] == 0}, {@code cdf[s] < cdf[s + 1]} for
 * every symbol {@code s} (no symbol is impossible) and a total {@code cdf[alphabetSize()]} of at
 * most {@code 2^24}. {@link Cdf} builds such
 * tables from frequencies or from floating-point probabilities.
 */
public interface SymbolPredictor extends Predictor {

    /**
     * The distribution of the next byte as cumulative frequencies. The array may be reused by
     * the predictor; the caller reads it before the next {@link #update(int)}.
     */
    int[] cdf();

    /**
     * Learns the byte that was coded after the last {@link #cdf()}.
     *
     * @param symbol the byte, 0..255
     */
    void update(int symbol);

    /**
     * The number of symbols {@code m} this model codes: bytes {@code 0..m-1}, with a table of
     * {@code m + 1} entries. 256 for byte models; a smaller alphabet (theory fixtures on
     * synthetic sources) spends no probability on bytes that never occur.
     */
    default int alphabetSize() {
        return 256;
    }
}

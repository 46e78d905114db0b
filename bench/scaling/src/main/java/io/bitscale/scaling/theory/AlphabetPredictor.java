package io.bitscale.scaling.theory;

import io.bitscale.core.model.SymbolPredictor;

/**
 * A {@link SymbolPredictor} over a small alphabet: bytes {@code 0..alphabetSize()-1} only, coded
 * exactly as an {@code alphabetSize()}-way distribution (the multi-symbol coder takes any
 * alphabet), so no probability is spent on the 256 - m bytes that never occur. Its
 * {@link #cdf()} has {@code alphabetSize() + 1} entries. Used for theory checks on synthetic
 * sources; the sweep harness codes it directly, the byte-stream container does not.
 */
public interface AlphabetPredictor extends SymbolPredictor {

    /** Number of symbols m; the input must consist of bytes below m. */
    int alphabetSize();

    /**
     * The expected redundancy, in bits, of everything coded so far against the true source,
     * from the model's asymptotic theory (for KT: Clarke and Barron's formula with constants),
     * or NaN if the model has none.
     */
    default double expectedRedundancyBits() {
        return Double.NaN;
    }
}

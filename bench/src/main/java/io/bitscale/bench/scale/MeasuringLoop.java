package io.bitscale.bench.scale;

import io.bitscale.core.accounting.CodeLength;
import io.bitscale.core.coding.ArithmeticCoder;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.Probability;
import io.bitscale.core.model.SymbolPredictor;

/**
 * The sweep's lockstep loop: the same call sequence as
 * {@link io.bitscale.core.coding.PredictiveCoder}, plus what a scaling measurement needs and the
 * container loop does not — training without a coder, ideal-code-length and top-1 metering
 * inline, exact coding of {@link AlphabetPredictor}s over their own alphabet, and a check that
 * a decoder reproduced the input. With an encoder it codes {@code data}; with a decoder it decodes
 * and compares each byte with {@code data}; with no coder it only trains the model.
 *
 * <p>Top-1 accuracy: for a symbol model, the byte with the widest table entry (first on ties);
 * for a bit model, the byte of the greedy path (each bit the more probable one, 0 on a tie),
 * which is correct exactly when every one of the eight bits of the true byte was the more
 * probable one. The greedy byte equals the most probable byte whenever that byte has
 * probability above one half, and is a lower-cost stand-in otherwise.
 *
 * <p>Not thread-safe; one loop per predictor.
 */
final class MeasuringLoop {

    private final Predictor predictor;
    private final BitPredictor bits;
    private final SymbolPredictor symbols;
    private final int alphabet;

    private double idealBits;
    private long correct;
    private long measured;

    MeasuringLoop(Predictor predictor) {
        this.predictor = predictor;
        if (predictor instanceof BitPredictor b) {
            bits = b;
            symbols = null;
            alphabet = 256;
        } else if (predictor instanceof SymbolPredictor s) {
            bits = null;
            symbols = s;
            alphabet = s instanceof AlphabetPredictor a ? a.alphabetSize() : 256;
        } else {
            throw new IllegalArgumentException(predictor.getClass().getName()
                    + " implements neither BitPredictor nor SymbolPredictor");
        }
    }

    Predictor predictor() {
        return predictor;
    }

    /** Ideal bits of the metered bytes so far. */
    double idealBits() {
        return idealBits;
    }

    /** Metered bytes the model ranked first. */
    long correct() {
        return correct;
    }

    /** Bytes metered so far. */
    long measured() {
        return measured;
    }

    /**
     * Runs {@code length} bytes of {@code data} from {@code offset} through the model.
     *
     * @param coder an encoder (codes the bytes), a decoder (decodes and checks them), or null (trains)
     * @param meter whether to add the bytes to the ideal code length and accuracy
     * @throws IllegalStateException if a decoder produced a byte other than the input's
     */
    void run(ArithmeticCoder coder, byte[] data, int offset, int length, boolean meter) {
        if (bits != null) {
            runBits(coder, data, offset, length, meter);
        } else {
            runSymbols(coder, data, offset, length, meter);
        }
        if (meter) {
            measured += length;
        }
    }

    private void runBits(ArithmeticCoder coder, byte[] data, int offset, int length, boolean meter) {
        BitPredictor model = bits;
        // Summed on from the running total, one term at a time, so the sum does not depend on
        // where the chunks start: a one-pass series and a separate run give the same bits.
        double cost = idealBits;
        long right = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int value = data[i] & 0xFF;
            int coded = 0;
            boolean greedy = true;
            for (int shift = 7; shift >= 0; shift--) {
                int p1 = model.p1();
                int bit = (value >>> shift) & 1;
                if (coder != null) {
                    bit = coder.codeBit(p1, bit);
                }
                if (meter) {
                    cost += CodeLength.bitCost(p1, bit);
                    greedy &= (p1 > Probability.HALF ? 1 : 0) == bit;
                }
                model.update(bit);
                coded = (coded << 1) | bit;
            }
            if (coded != value) {
                throw mismatch(i, coded, value);
            }
            if (greedy) {
                right++;
            }
        }
        if (meter) {
            idealBits = cost;
            correct += right;
        }
    }

    private void runSymbols(ArithmeticCoder coder, byte[] data, int offset, int length, boolean meter) {
        SymbolPredictor model = symbols;
        int n = alphabet;
        // Summed on from the running total, one term at a time, so the sum does not depend on
        // where the chunks start: a one-pass series and a separate run give the same bits.
        double cost = idealBits;
        long right = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int value = data[i] & 0xFF;
            if (value >= n) {
                throw new IllegalArgumentException("byte " + value + " at offset " + i + " is outside the model's "
                        + n + "-symbol alphabet");
            }
            int[] cdf = model.cdf();
            int symbol = coder != null ? coder.codeSymbol(cdf, n, value) : value;
            if (symbol != value) {
                throw mismatch(i, symbol, value);
            }
            if (meter) {
                cost += CodeLength.symbolCost(cdf[symbol + 1] - cdf[symbol], cdf[n]);
                int best = 0;
                int bestWidth = cdf[1] - cdf[0];
                for (int s = 1; s < n; s++) {
                    int width = cdf[s + 1] - cdf[s];
                    if (width > bestWidth) {
                        bestWidth = width;
                        best = s;
                    }
                }
                if (best == symbol) {
                    right++;
                }
            }
            model.update(symbol);
        }
        if (meter) {
            idealBits = cost;
            correct += right;
        }
    }

    private static IllegalStateException mismatch(int offset, int decoded, int expected) {
        return new IllegalStateException("verification failed: decoded byte " + decoded + " at offset " + offset
                + " but the input has " + expected + " (a bug in the model or the coder)");
    }
}

package io.bitscale.scaling.theory;

import org.apache.commons.math3.special.Gamma;

import java.util.Arrays;

/**
 * The order-k Krichevsky–Trofimov estimator over an alphabet of m symbols: for each of the
 * {@code m^k} contexts (previous k symbols), {@code P(s) = (n_s + 1/2) / (n + m/2)}, coded
 * exactly as the integer table {@code (2·n_s + 1) / (2·n + m)}. This is the "counting model"
 * whose redundancy universal coding theory predicts: with {@code d = m^k·(m-1)} free parameters,
 * Rissanen's bound gives {@code (d/2)·log2(n)} bits to leading order, and Clarke and Barron's
 * expansion gives the constants, per context c with {@code n_c} visits:
 * {@code ((m-1)/2)·log2(n_c / (2πe)) + log2(Γ(1/2)^m / Γ(m/2))}.
 *
 * <pre>{@code
 * AlphabetPredictor kt = new KtAlphabetModel(2, 16);   // spec ktm(order=2,m=16)
 * }</pre>
 *
 * <p>Counts are exact while a context's total stays below {@code 2^24} (over 8 million visits);
 * beyond that they are halved, which makes the model adaptive and voids the theory, so the
 * {@link #expectedRedundancyBits()} of such a run is NaN.
 */
public final class KtAlphabetModel implements AlphabetPredictor {

    private static final int LIMIT = 1 << 24;

    private final int order;
    private final int alphabet;
    private final int contexts;
    private final int[] weights;
    private final int[] totals;
    private final long[] visits;
    private final int[] cdf;
    private int context;
    private boolean halved;

    /**
     * @param order    k, the context length in symbols
     * @param alphabet m, 2..256; {@code m^(k+1)} at most {@code 2^26}
     */
    public KtAlphabetModel(int order, int alphabet) {
        if (alphabet < 2 || alphabet > 256 || order < 0) {
            throw new IllegalArgumentException("ktm needs m in 2..256 and order >= 0, got m=" + alphabet + " order=" + order);
        }
        this.order = order;
        this.alphabet = alphabet;
        this.contexts = (int) contexts(order, alphabet);
        weights = new int[contexts * alphabet];
        Arrays.fill(weights, 1);
        totals = new int[contexts];
        Arrays.fill(totals, alphabet);
        visits = new long[contexts];
        cdf = new int[alphabet + 1];
    }

    static long contexts(int order, int alphabet) {
        long contexts = 1;
        for (int i = 0; i < order; i++) {
            contexts *= alphabet;
            if (contexts * alphabet > (1 << 26)) {
                throw new IllegalArgumentException("ktm table m^(k+1) = " + alphabet + "^" + (order + 1) + " exceeds 2^26");
            }
        }
        return contexts;
    }

    /** Free parameters {@code m^k·(m-1)}: the d of the redundancy bound. */
    public static long parameters(int order, int alphabet) {
        return contexts(order, alphabet) * (alphabet - 1);
    }

    /** Heap bytes of a model. */
    public static long memoryBytes(int order, int alphabet) {
        long contexts = contexts(order, alphabet);
        return 4 * contexts * alphabet + 12 * contexts + 4L * (alphabet + 1) + 64;
    }

    @Override
    public int alphabetSize() {
        return alphabet;
    }

    @Override
    public int[] cdf() {
        int base = context * alphabet;
        int sum = 0;
        for (int s = 0; s < alphabet; s++) {
            cdf[s] = sum;
            sum += weights[base + s];
        }
        cdf[alphabet] = sum;
        return cdf;
    }

    @Override
    public void update(int symbol) {
        if (symbol >= alphabet) {
            throw new IllegalArgumentException("byte " + symbol + " outside the alphabet 0.." + (alphabet - 1)
                    + " of ktm(m=" + alphabet + "); generate the source with symbols=bytes");
        }
        int base = context * alphabet;
        weights[base + symbol] += 2;
        totals[context] += 2;
        visits[context]++;
        if (totals[context] > LIMIT - 2) {
            int total = 0;
            for (int s = 0; s < alphabet; s++) {
                int w = ((weights[base + s] - 1) >>> 2 << 1) + 1;
                weights[base + s] = w;
                total += w;
            }
            totals[context] = total;
            halved = true;
        }
        context = (context * alphabet + symbol) % contexts;
    }

    @Override
    public double expectedRedundancyBits() {
        if (halved) {
            return Double.NaN;
        }
        double log2 = Math.log(2);
        double constant = (alphabet * Gamma.logGamma(0.5) - Gamma.logGamma(alphabet / 2.0)) / log2;
        double bits = 0;
        for (long n : visits) {
            if (n > 0) {
                bits += (alphabet - 1) / 2.0 * Math.log(n / (2 * Math.PI * Math.E)) / log2 + constant;
            }
        }
        return bits;
    }

    @Override
    public long parameters() {
        return parameters(order, alphabet);
    }

    @Override
    public long memoryBytes() {
        return memoryBytes(order, alphabet);
    }
}

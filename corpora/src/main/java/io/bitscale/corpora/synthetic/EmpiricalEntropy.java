package io.bitscale.corpora.synthetic;

import java.util.Arrays;

/**
 * Plug-in (maximum-likelihood) estimate of the order-k conditional entropy of a byte sequence:
 * {@code H(X_t | X_{t-k} .. X_{t-1})} from the counts of (context, next byte) pairs, in bits
 * per byte. This is what an order-k model with perfect hindsight would pay, so it is a handy
 * sanity check for {@link SyntheticSource#entropyRateBits()} and a classic baseline for real
 * corpora.
 *
 * <p>Guarantees: exact arithmetic on the counts (no hashing collisions: the pairs are packed
 * into longs and sorted). The estimate is biased low, by about
 * {@code (observed pairs - observed contexts) / (2 N ln 2)} bits, so it is only meaningful when
 * the data is much longer than the number of contexts. Uses {@code 8 N} bytes of memory.
 */
public final class EmpiricalEntropy {

    /** Longest context that fits beside one byte in a long. */
    public static final int MAX_ORDER = 7;

    private EmpiricalEntropy() {
    }

    /**
     * @param data  the bytes
     * @param order k, 0..{@value #MAX_ORDER}; positions {@code t < k} only serve as context
     * @return the plug-in conditional entropy in bits per byte, 0 if {@code data.length <= k}
     */
    public static double conditionalEntropyBits(byte[] data, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order must be 0.." + MAX_ORDER + ": " + order);
        }
        int n = data.length - order;
        if (n <= 0) {
            return 0;
        }
        long mask = (1L << (8 * order)) - 1; // order <= 7, so the shift stays below 64
        long[] keys = new long[n];
        long context = 0;
        for (int i = 0; i < order; i++) {
            context = (context << 8) | (data[i] & 0xFF);
        }
        for (int t = order; t < data.length; t++) {
            int x = data[t] & 0xFF;
            keys[t - order] = (context << 8) | x;
            context = ((context << 8) | x) & mask;
        }
        Arrays.sort(keys);
        // H = (sum_c n_c ln n_c - sum_{c,x} n_cx ln n_cx) / (N ln 2)
        double pairs = 0;
        double contexts = 0;
        int i = 0;
        while (i < n) {
            long ctx = keys[i] >>> 8;
            int contextCount = 0;
            while (i < n && keys[i] >>> 8 == ctx) {
                long key = keys[i];
                int pairCount = 0;
                while (i < n && keys[i] == key) {
                    pairCount++;
                    i++;
                }
                pairs += pairCount * Math.log(pairCount);
                contextCount += pairCount;
            }
            contexts += contextCount * Math.log(contextCount);
        }
        return (contexts - pairs) / (n * Math.log(2));
    }
}

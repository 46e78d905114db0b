package io.bitscale.model.counter;

/**
 * A count-adaptive bit probability packed into one {@code int}: the probability of a 1 in the
 * upper 22 bits, the number of updates seen (capped at a limit) in the lower 10. The learning
 * rate is {@code 1 / (n + 1.5)}: the first observations move the estimate a lot (close to the KT
 * estimator), later ones little, until the cap turns it into an exponential moving average that
 * still tracks change. Integer arithmetic only, so every machine computes the same values.
 *
 * <pre>{@code
 * int[] cells = new int[256];
 * java.util.Arrays.fill(cells, AdaptiveBit.INITIAL);
 * int p1 = AdaptiveBit.p1(cells[node]);              // 16-bit, in [1, 65535]
 * cells[node] = AdaptiveBit.update(cells[node], bit, 255);
 * }</pre>
 */
public final class AdaptiveBit {

    /** Probability one half, no observations. */
    public static final int INITIAL = 1 << 31;
    /** Largest count limit (10 bits). */
    public static final int MAX_LIMIT = 1023;

    /** {@code RATE[n] = 2^16 / (n + 1.5)}. */
    private static final int[] RATE = new int[MAX_LIMIT + 1];

    static {
        for (int n = 0; n <= MAX_LIMIT; n++) {
            RATE[n] = (int) (65536 / (n + 1.5));
        }
    }

    private AdaptiveBit() {
    }

    /** The cell's probability of a 1 as a 16-bit fixed-point value in {@code [1, 65535]}. */
    public static int p1(int cell) {
        int p = cell >>> 16;
        return p == 0 ? 1 : p;
    }

    /** The cell's probability of a 1 with 22 bits of resolution. */
    public static int p22(int cell) {
        return cell >>> 10;
    }

    /** Observations counted in the cell (at most the limit it was updated with). */
    public static int count(int cell) {
        return cell & 1023;
    }

    /**
     * The cell after observing {@code bit}.
     *
     * @param limit count cap in {@code [1, 1023]}: small adapts fast, large averages long
     */
    public static int update(int cell, int bit, int limit) {
        int n = cell & 1023;
        int p = cell >>> 10;
        int target = bit != 0 ? (1 << 22) - 1 : 0;
        p += (int) (((long) (target - p) * RATE[n]) >> 16);
        if (n < limit) {
            n++;
        }
        return (p << 10) | n;
    }
}

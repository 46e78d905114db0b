package io.bitscale.model.mix;

import io.bitscale.model.counter.AdaptiveBit;

/**
 * Adaptive probability map (APM, also called SSE: secondary symbol estimation): refines a
 * probability given a context by learning, per context, a piecewise-linear map from the input
 * probability (in the stretch domain, 33 knots 128 apart) to an output probability.
 *
 * <p>Call protocol: {@link #refine(int, int)} then {@link #update(int)} with the coded bit. Only
 * the knot nearer to the input is trained, with an {@link AdaptiveBit} count-adaptive rate. Knots
 * start on the identity map, so an untrained APM passes probabilities through.
 *
 * <pre>{@code
 * Apm apm = new Apm(256, 255);
 * int p16 = apm.refine(d, partialByte);   // d in the stretch domain, partialByte in [0, 256)
 * apm.update(bit);
 * }</pre>
 */
public final class Apm {

    private static final int KNOTS = 33;

    private final int[] cells;
    private final int limit;
    private int index;

    /**
     * @param contexts number of contexts
     * @param limit    count limit of the knots, 1..1023
     */
    public Apm(int contexts, int limit) {
        if (contexts < 1 || limit < 1 || limit > AdaptiveBit.MAX_LIMIT) {
            throw new IllegalArgumentException("APM needs contexts >= 1 and limit 1..1023");
        }
        this.cells = new int[Math.multiplyExact(contexts, KNOTS)];
        this.limit = limit;
        for (int i = 0; i < cells.length; i++) {
            int d = (i % KNOTS) * 128 - 2048;
            int p16 = Logistic.squash16(d);
            cells[i] = (p16 << 16) | 6;   // a few virtual observations: stable start
        }
    }

    /**
     * The refined 16-bit probability, in {@code [0, 65535]}.
     *
     * @param d       input probability in the stretch domain
     * @param context selector in {@code [0, contexts)}
     */
    public int refine(int d, int context) {
        int position = Logistic.clampStretch(d) + 2048;   // 1..4095
        int knot = position >> 7;
        int weight = position & 127;
        int b = context * KNOTS + knot;
        index = b + (weight >> 6);
        return ((cells[b] >>> 16) * (128 - weight) + (cells[b + 1] >>> 16) * weight) >> 7;
    }

    /** Trains the knot nearest to the last input. */
    public void update(int bit) {
        cells[index] = AdaptiveBit.update(cells[index], bit, limit);
    }

    /** Knots held. */
    public long parameters() {
        return cells.length;
    }

    /** Heap bytes of an APM with {@code contexts} contexts. */
    public static long memoryBytes(int contexts) {
        return 4L * contexts * KNOTS + 48;
    }
}

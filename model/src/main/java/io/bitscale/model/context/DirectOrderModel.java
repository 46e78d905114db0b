package io.bitscale.model.context;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.ByteLookahead;
import io.bitscale.core.model.Probability;
import io.bitscale.model.counter.AdaptiveBit;

import java.util.Arrays;

/**
 * Order-k context model over direct (collision-free) tables, k = 0, 1 or 2: the probability of
 * each bit is learned separately for every combination of the previous k bytes and the bits of
 * the current byte seen so far, with {@link AdaptiveBit} counters.
 *
 * <pre>{@code
 * BitPredictor order2 = new DirectOrderModel(2, 255);
 * }</pre>
 *
 * <p>Size: {@code 255 · 256^k} counters of 4 bytes (order 2: 16.7 M counters, 64 MiB at most).
 * Order 2 allocates one row of 256 counters per two-byte context when the context first occurs,
 * so text touches only a few MiB; {@link #memoryBytes()} reports the worst case.
 *
 * <p>The whole next-byte distribution is readable from the current row of counters
 * ({@link ByteLookahead}): 255 counters, no state changed.
 */
public final class DirectOrderModel implements BitPredictor, ByteLookahead {

    private static final int ROW = 256;

    private final int order;
    private final int limit;
    /** Order 0 and 1: one flat table. Order 2: null, rows in {@link #rows}. */
    private final int[] flat;
    private final int[][] rows;

    private int[] row;
    private int rowBase;
    private int node = 1;
    private int history;

    /**
     * @param order previous bytes used as context: 0, 1 or 2
     * @param limit counter adaptation limit, 1..1023 (see {@link AdaptiveBit})
     */
    public DirectOrderModel(int order, int limit) {
        if (order < 0 || order > 2) {
            throw new IllegalArgumentException("direct tables support order 0..2, got " + order);
        }
        if (limit < 1 || limit > AdaptiveBit.MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " outside 1.." + AdaptiveBit.MAX_LIMIT);
        }
        this.order = order;
        this.limit = limit;
        if (order < 2) {
            flat = new int[ROW << (8 * order)];
            Arrays.fill(flat, AdaptiveBit.INITIAL);
            rows = null;
            row = flat;
        } else {
            flat = null;
            rows = new int[1 << 16][];
            row = rowFor(0);
        }
    }

    /** Counters (parameters) of a model of this order. */
    public static long parameters(int order) {
        return 255L << (8 * order);
    }

    /** Worst-case heap bytes of a model of this order. */
    public static long memoryBytes(int order) {
        long counters = 4L * (ROW << (8 * order));
        long rowHeaders = order == 2 ? (1 << 16) * (4L + 16) : 16;
        return counters + rowHeaders + 64;
    }

    private int[] rowFor(int context) {
        int[] r = rows[context];
        if (r == null) {
            r = new int[ROW];
            Arrays.fill(r, AdaptiveBit.INITIAL);
            rows[context] = r;
        }
        return r;
    }

    @Override
    public int p1() {
        return AdaptiveBit.p1(row[rowBase + node]);
    }

    @Override
    public void update(int bit) {
        int index = rowBase + node;
        row[index] = AdaptiveBit.update(row[index], bit, limit);
        node = (node << 1) | bit;
        if (node >= 256) {
            history = (history << 8) | (node & 0xFF);
            node = 1;
            switch (order) {
                case 0 -> rowBase = 0;
                case 1 -> rowBase = (history & 0xFF) << 8;
                default -> row = rowFor(history & 0xFFFF);
            }
        }
    }

    @Override
    public void nextByteProbabilities(double[] probabilities) {
        if (node != 1) {
            throw new IllegalStateException("the next byte's distribution is known at a byte boundary, not after "
                    + (31 - Integer.numberOfLeadingZeros(node)) + " of its bits");
        }
        // mass[n] = probability of reaching tree node n (1 = root, 256..511 = the bytes).
        double[] mass = new double[512];
        mass[1] = 1;
        for (int n = 1; n < 256; n++) {
            double one = (double) AdaptiveBit.p1(row[rowBase + n]) / Probability.ONE;
            mass[2 * n + 1] = mass[n] * one;
            mass[2 * n] = mass[n] * (1 - one);
        }
        System.arraycopy(mass, 256, probabilities, 0, 256);
    }

    @Override
    public long parameters() {
        return parameters(order);
    }

    @Override
    public long memoryBytes() {
        return memoryBytes(order);
    }
}

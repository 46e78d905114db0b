package io.bitscale.model.counter;

import java.util.Arrays;

/**
 * An adaptive map from a context (typically a {@link BitHistory} state, possibly combined with a
 * little more context) to a probability, learned with {@link AdaptiveBit} cells: count-adaptive
 * rate {@code 1/(n + 1.5)} until the count reaches the limit.
 *
 * <p>Call protocol: {@link #p12(int)} for a context, then {@link #update(int)} with the bit; the
 * map remembers the context of the last prediction.
 *
 * <pre>{@code
 * StateMap map = StateMap.forBitHistories(1, 1023);
 * int p = map.p12(state);     // 12-bit P(1)
 * map.update(bit);
 * }</pre>
 */
public final class StateMap {

    private final int[] cells;
    private final int limit;
    private int last;

    /**
     * @param contexts number of contexts
     * @param limit    count limit 1..1023 of the cells
     */
    public StateMap(int contexts, int limit) {
        if (limit < 1 || limit > AdaptiveBit.MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " outside 1.." + AdaptiveBit.MAX_LIMIT);
        }
        this.cells = new int[contexts];
        this.limit = limit;
        Arrays.fill(cells, AdaptiveBit.INITIAL);
    }

    /**
     * A map over {@code groups × 256} contexts whose cells start at the KT estimate of each
     * bit-history state; context = {@code group · 256 + state}.
     */
    public static StateMap forBitHistories(int groups, int limit) {
        StateMap map = new StateMap(groups * 256, limit);
        for (int i = 0; i < map.cells.length; i++) {
            int state = i & 255;
            if (state < BitHistory.STATES) {
                map.cells[i] = BitHistory.initialP22(state) << 10;
            }
        }
        return map;
    }

    /** 12-bit P(1) of a context; remembers it for {@link #update(int)}. */
    public int p12(int context) {
        last = context;
        return cells[context] >>> 20;
    }

    /** Learns the bit for the context of the last {@link #p12(int)}. */
    public void update(int bit) {
        cells[last] = AdaptiveBit.update(cells[last], bit, limit);
    }

    /** Number of contexts. */
    public int size() {
        return cells.length;
    }

    /** Heap bytes for {@code contexts} contexts. */
    public static long memoryBytes(long contexts) {
        return 4 * contexts + 48;
    }
}

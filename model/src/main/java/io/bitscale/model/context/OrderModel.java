package io.bitscale.model.context;

import io.bitscale.model.counter.AdaptiveBit;
import io.bitscale.model.mix.ByteHistory;
import io.bitscale.model.mix.Logistic;

/**
 * Order-k context models for a set of orders k in 0..24, hashed into one shared
 * {@link NibbleTable} with check bytes: the context of order k is the previous k bytes.
 *
 * <pre>{@code
 * OrderModel model = new OrderModel(history, new int[] {1, 2, 3, 4, 6}, 20);   // 16 MiB table
 * }</pre>
 *
 * <p>One mixer input per order (see {@link HashedContextModel}). Orders 1 and 2, when present,
 * also get a direct adaptive probability per context and bit ({@link AdaptiveBit}, one more input
 * each): low orders see the same context many times, where a stationary count estimates better
 * than a short bit history. Order 1 uses a direct table of 64 Ki cells, order 2 a table of
 * {@code 2^DIRECT2_BITS} cells in rows of 16, one row per (two bytes, nibble) addressed by a hash,
 * so that each nibble touches one 64-byte row (memory latency dominates this model's speed).
 * {@link #confidence()} is the number of orders whose context has been seen at this bit.
 */
public final class OrderModel extends HashedContextModel {

    /** Highest order supported. */
    public static final int MAX_ORDER = 24;

    private final int[] orders;
    private final int maxOrder;
    private final int[] recent = new int[32];
    private int position;

    /** log2 of the order-2 direct cells. */
    static final int DIRECT2_BITS = 20;
    private static final int DIRECT_LIMIT = 1023;
    /** Direct cells of order 1 (or null), order 2 (or null). */
    private final int[] direct1;
    private final int[] direct2;
    private final int directInputs;
    private int row1;
    private int row2;
    private int cell1;
    private int cell2;

    /**
     * @param history  the shared coding position
     * @param orders   distinct orders, ascending, each 0..24
     * @param slotBits log2 of the number of 16-byte table slots (4..24)
     */
    public OrderModel(ByteHistory history, int[] orders, int slotBits) {
        super(history, orders.length, slotBits);
        for (int i = 0; i < orders.length; i++) {
            if (orders[i] < 0 || orders[i] > MAX_ORDER || (i > 0 && orders[i] <= orders[i - 1])) {
                throw new IllegalArgumentException("orders must ascend within 0.." + MAX_ORDER
                        + ": " + java.util.Arrays.toString(orders));
            }
        }
        this.orders = orders.clone();
        this.maxOrder = orders[orders.length - 1];
        boolean has1 = java.util.Arrays.binarySearch(orders, 1) >= 0;
        boolean has2 = java.util.Arrays.binarySearch(orders, 2) >= 0;
        this.direct1 = has1 ? new int[1 << 16] : null;
        this.direct2 = has2 ? new int[1 << DIRECT2_BITS] : null;
        this.directInputs = (has1 ? 1 : 0) + (has2 ? 1 : 0);
        if (direct1 != null) {
            java.util.Arrays.fill(direct1, AdaptiveBit.INITIAL);
        }
        if (direct2 != null) {
            java.util.Arrays.fill(direct2, AdaptiveBit.INITIAL);
        }
        start();
    }

    /** Mixer inputs for these orders. */
    public static int inputCount(int[] orders) {
        return HashedContextModel.INPUTS_PER_CONTEXT * orders.length + directCount(orders);
    }

    private static int directCount(int[] orders) {
        return (java.util.Arrays.binarySearch(orders, 1) >= 0 ? 1 : 0)
                + (java.util.Arrays.binarySearch(orders, 2) >= 0 ? 1 : 0);
    }

    /** Heap bytes of an order model. */
    public static long memoryBytes(int[] orders, int slotBits) {
        long bytes = HashedContextModel.memoryBytes(orders.length, slotBits) + 4 * 32 + 64;
        if (java.util.Arrays.binarySearch(orders, 1) >= 0) {
            bytes += 4L << 16;
        }
        if (java.util.Arrays.binarySearch(orders, 2) >= 0) {
            bytes += 4L << DIRECT2_BITS;
        }
        return bytes;
    }

    /** Learned cells of an order model. */
    public static long parameters(int[] orders, int slotBits) {
        long cells = HashedContextModel.parameters(orders.length, slotBits);
        if (java.util.Arrays.binarySearch(orders, 1) >= 0) {
            cells += 1L << 16;
        }
        if (java.util.Arrays.binarySearch(orders, 2) >= 0) {
            cells += 1L << DIRECT2_BITS;
        }
        return cells;
    }

    @Override
    public int inputCount() {
        return super.inputCount() + directInputs;
    }

    @Override
    public void predict(int[] inputs, int offset) {
        super.predict(inputs, offset);
        int at = offset + super.inputCount();
        int c0 = history.partial();
        if (direct1 != null) {
            cell1 = row1 | c0;
            inputs[at++] = Logistic.stretch(direct1[cell1] >>> 20);
        }
        if (direct2 != null) {
            cell2 = row2 | nibbleNode(c0);
            inputs[at] = Logistic.stretch(direct2[cell2] >>> 20);
        }
    }

    @Override
    public void update(int bit) {
        if (direct1 != null && !frozen()) {
            direct1[cell1] = AdaptiveBit.update(direct1[cell1], bit, DIRECT_LIMIT);
        }
        if (direct2 != null && !frozen()) {
            direct2[cell2] = AdaptiveBit.update(direct2[cell2], bit, DIRECT_LIMIT);
        }
        super.update(bit);
        int bits = history.bitCount();
        if (bits == 0) {
            row1 = (history.last4() & 0xFF) << 8;
        }
        if (bits == 0 || bits == 4) {
            int h = ((history.last4() & 0xFFFF) + (history.partial() << 16)) * 0x9E3779B1;
            h ^= h >>> 15;
            h *= 0x85EBCA6B;
            row2 = (h >>> (32 - (DIRECT2_BITS - 4))) << 4;
        }
    }

    /** The node of the current bit in its nibble's binary tree, 1..15. */
    private int nibbleNode(int c0) {
        int bits = history.bitCount();
        return bits < 4 ? c0 : (c0 & ((1 << (bits - 4)) - 1)) | (1 << (bits - 4));
    }

    @Override
    public long memoryBytes() {
        return memoryBytes(orders, slotBitsOf());
    }

    @Override
    public long parameters() {
        return parameters(orders, slotBitsOf());
    }

    @Override
    protected void computeContexts(int[] hashes) {
        if (history.bytes() > 0) {
            recent[position++ & 31] = history.back(1);
        }
        int h = 0;
        int next = 0;
        for (int k = 0; k <= maxOrder; k++) {
            if (k > 0) {
                int b = k <= position ? recent[(position - k) & 31] : 0x100;
                h = (h + b + 1) * 0x2F0B4A13 + k;
            }
            if (orders[next] == k) {
                hashes[next++] = h + k * 0x61C88647;
            }
        }
    }
}

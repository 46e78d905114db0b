package io.bitscale.model.context;

import io.bitscale.model.mix.ByteHistory;

/**
 * Order-k context models for a set of orders k in 0..24, hashed into one shared
 * {@link NibbleTable} with check bytes: the context of order k is the previous k bytes.
 *
 * <pre>{@code
 * OrderModel model = new OrderModel(history, new int[] {1, 2, 3, 4, 6}, 20);   // 16 MiB table
 * }</pre>
 *
 * <p>Two mixer inputs per order (see {@link HashedContextModel}). {@link #confidence()} is the
 * number of orders whose context has been seen at this bit.
 */
public final class OrderModel extends HashedContextModel {

    /** Highest order supported. */
    public static final int MAX_ORDER = 24;

    private final int[] orders;
    private final int maxOrder;
    private final int[] recent = new int[32];
    private int position;

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
        start();
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

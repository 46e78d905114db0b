package io.bitscale.model.frequency;

import io.bitscale.core.model.Freezable;
import io.bitscale.core.model.SymbolPredictor;

import java.util.Arrays;

/**
 * Adaptive order-0 or order-1 byte frequencies, coded as a 256-way distribution by the
 * multi-symbol coder: {@code P(s) = (2·n_s + 1) / (2·n + 256)}, the Krichevsky–Trofimov
 * estimator, exact in integers (the table total is {@code 2n + 256}, no rounding). When a
 * context's total would pass {@code 2^24} its counts are halved, which keeps the estimator
 * adaptive on long inputs.
 *
 * <pre>{@code
 * SymbolPredictor kt0 = new FrequencyModel(0);
 * }</pre>
 *
 * <p>Cost: a 257-entry cumulative table is rebuilt per byte (O(256)), so this is a reference
 * and a multi-symbol-coder workload, not a fast model.
 */
public final class FrequencyModel implements SymbolPredictor, Freezable {

    private static final int LIMIT = 1 << 24;

    private final int order;
    /** Per context: 256 counts of (2·n_s + 1), so every symbol keeps a width of at least 1. */
    private final int[] weights;
    private final int[] totals;
    private final int[] cdf = new int[257];
    private int context;
    private boolean frozen;

    /** @param order 0 or 1 */
    public FrequencyModel(int order) {
        if (order < 0 || order > 1) {
            throw new IllegalArgumentException("frequency model supports order 0..1, got " + order);
        }
        this.order = order;
        int contexts = 1 << (8 * order);
        weights = new int[contexts * 256];
        Arrays.fill(weights, 1);
        totals = new int[contexts];
        Arrays.fill(totals, 256);
    }

    /** Counts of a model of this order. */
    public static long parameters(int order) {
        return 256L << (8 * order);
    }

    /** Heap bytes of a model of this order. */
    public static long memoryBytes(int order) {
        return 4L * (257L << (8 * order)) + 4 * 257 + 96;
    }

    @Override
    public int[] cdf() {
        int base = context << 8;
        int sum = 0;
        for (int s = 0; s < 256; s++) {
            cdf[s] = sum;
            sum += weights[base + s];
        }
        cdf[256] = sum;
        return cdf;
    }

    @Override
    public void update(int symbol) {
        if (frozen) {
            if (order == 1) {
                context = symbol;
            }
            return;
        }
        int base = context << 8;
        weights[base + symbol] += 2;
        totals[context] += 2;
        if (totals[context] > LIMIT - 2) {
            int total = 0;
            for (int s = 0; s < 256; s++) {
                // Halve the count n_s, keeping the weight odd (2·n_s + 1).
                int w = ((weights[base + s] - 1) >>> 2 << 1) + 1;
                weights[base + s] = w;
                total += w;
            }
            totals[context] = total;
        }
        if (order == 1) {
            context = symbol;
        }
    }

    /** Counts stop changing; an order-1 model still follows the previous byte. */
    @Override
    public void freeze() {
        frozen = true;
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

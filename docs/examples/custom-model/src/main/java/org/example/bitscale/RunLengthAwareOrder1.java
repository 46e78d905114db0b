package org.example.bitscale;

import io.bitscale.core.model.BitPredictor;

/**
 * A custom model in 30 lines: order-1 context with a shift-rate counter, plus whether the last
 * two bytes were equal (a run) as extra context. Implements the bitscale SPI and nothing else.
 */
public final class RunLengthAwareOrder1 implements BitPredictor {
    /** Learned cells: one counter per run flag, previous byte and bit-tree node. */
    public static final long PARAMETERS = 2L * 256 * 255;
    /** The counter table and a few fields. */
    public static final long MEMORY_BYTES = 4L * 2 * 256 * 256 + 64;
    /** Per bit: an index, a read, a clamp and an update. */
    public static final long OPERATIONS_PER_BYTE = 8 * 8;

    private final int[] probabilities = new int[2 * 256 * 256];   // P(1) << 16 per context and node
    private final int rate;        // counters move 1/2^rate of the way to each bit
    private int node = 1;          // 1, then 1b, 1bb, ...: the bits of this byte so far, MSB first
    private int previous;          // last byte
    private int run;               // 1 if the last two bytes were equal

    public RunLengthAwareOrder1(int rate) {
        this.rate = rate;
        java.util.Arrays.fill(probabilities, 1 << 15);
    }

    private int index() {
        return (run << 16) | (previous << 8) | node;
    }

    @Override public int p1() {
        return Math.max(1, Math.min(65535, probabilities[index()]));
    }

    @Override public void update(int bit) {
        int i = index();
        probabilities[i] += ((bit << 16) - probabilities[i]) >> rate;
        node = (node << 1) | bit;
        if (node >= 256) {                                            // byte complete
            int value = node & 0xFF;
            run = value == previous ? 1 : 0;
            previous = value;
            node = 1;
        }
    }

    @Override public long parameters() { return PARAMETERS; }
    @Override public long memoryBytes() { return MEMORY_BYTES; }
}

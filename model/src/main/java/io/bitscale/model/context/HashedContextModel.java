package io.bitscale.model.context;

import io.bitscale.core.model.Freezable;

import io.bitscale.model.counter.AdaptiveBit;
import io.bitscale.model.counter.BitHistory;
import io.bitscale.model.mix.ByteHistory;
import io.bitscale.model.mix.Component;
import io.bitscale.model.mix.Logistic;

/**
 * The engine shared by hashed context models (orders, words, sparse contexts): a subclass names
 * its contexts once per byte as 32-bit hashes; the engine keeps a bit history per context and bit
 * in a {@link NibbleTable} and turns each history into a probability with an adaptive map per
 * context (a "StateMap": bit-history state → learned P(1)).
 *
 * <p>One mixer input per context, {@code stretch(p)} in the stretch domain. (A second input
 * scaled by the history's count, {@code stretch(p)·min(8, n0+n1)/8}, gained only 0.001 bpb on
 * book1 for about 30% more time, so it was dropped.) Memory: the table plus
 * {@code 256 · contexts} map cells; flat in the input length.
 */
public abstract class HashedContextModel implements Component, Freezable {

    /** Mixer inputs per context. */
    public static final int INPUTS_PER_CONTEXT = 1;
    private static final int MAP_LIMIT = 1023;

    protected final ByteHistory history;
    private final int contexts;
    private final NibbleTable table;
    private final byte[] t;
    private final int slotBits;
    /** Context hashes of the current byte, set by {@link #computeContexts(int[])}. */
    private final int[] hashes;
    /** Byte offset of each context's slot for the current nibble. */
    private final int[] slots;
    /** Map cells: 256 per context, indexed by bit-history state. */
    private final int[] maps;
    /** Map cell used for the current bit, per context. */
    private final int[] cells;
    private int node = 1;

    private int known;
    private boolean frozen;

    /**
     * @param history  the shared coding position
     * @param contexts number of contexts named per byte
     * @param slotBits log2 of the table's 16-byte slots
     */
    protected HashedContextModel(ByteHistory history, int contexts, int slotBits) {
        this.history = history;
        this.contexts = contexts;
        this.slotBits = slotBits;
        this.table = new NibbleTable(slotBits);
        this.t = table.bytes;
        this.hashes = new int[contexts];
        this.slots = new int[contexts];
        this.cells = new int[contexts];
        this.maps = new int[contexts * 256];
        for (int i = 0; i < maps.length; i++) {
            int state = i & 255;
            maps[i] = state < BitHistory.STATES ? BitHistory.initialP22(state) << 10 : AdaptiveBit.INITIAL;
        }
    }

    /** Heap bytes of an engine with these sizes. */
    public static long memoryBytes(int contexts, int slotBits) {
        return NibbleTable.memoryBytes(slotBits) + 4L * contexts * (256 + 3) + 128;
    }

    /** Learned cells: table states plus map cells. */
    public static long parameters(int contexts, int slotBits) {
        return (15L << slotBits) + 256L * contexts;
    }

    /**
     * Names this byte's contexts: called at every byte boundary (and once at the start) with the
     * history already advanced. Write one 32-bit hash per context; distinct contexts should
     * differ in the hash.
     */
    protected abstract void computeContexts(int[] hashes);

    /** Computes the contexts for the very first byte; subclasses call it at the end of construction. */
    protected final void start() {
        computeContexts(hashes);
        lookup(1);
    }

    private void lookup(int nibble) {
        for (int i = 0; i < contexts; i++) {
            int hash = NibbleTable.slotHash(hashes[i], nibble);
            slots[i] = frozen ? table.peek(hash) : table.find(hash);
        }
    }

    @Override
    public int inputCount() {
        return contexts * INPUTS_PER_CONTEXT;
    }

    @Override
    public void predict(int[] inputs, int offset) {
        byte[] t = this.t;
        int n = node;
        int k = 0;
        for (int i = 0; i < contexts; i++) {
            int state = t[slots[i] + n] & 0xFF;
            int cell = (i << 8) | state;
            cells[i] = cell;
            inputs[offset++] = Logistic.stretch(maps[cell] >>> 20);
            if (state != 0) {
                k++;
            }
        }
        known = k;
    }

    @Override
    public void update(int bit) {
        byte[] t = this.t;
        int n = node;
        for (int i = 0; !frozen && i < contexts; i++) {
            int at = slots[i] + n;
            t[at] = (byte) BitHistory.next(t[at] & 0xFF, bit);
            int cell = cells[i];
            maps[cell] = AdaptiveBit.update(maps[cell], bit, MAP_LIMIT);
        }
        n = (n << 1) | bit;
        if (n >= 16) {
            n = 1;
            if (history.bitCount() == 0) {
                computeContexts(hashes);
                lookup(1);
            } else {
                lookup(history.partial());
            }
        }
        node = n;
    }

    @Override
    public int confidence() {
        return known;
    }

    /**
     * Bit histories, maps and slots stop changing: an unseen context reads an empty history
     * and claims no slot. Subclasses with more learned state override and call this.
     */
    @Override
    public void freeze() {
        frozen = true;
    }

    /** True once {@link #freeze()} was called. */
    protected final boolean frozen() {
        return frozen;
    }

    /** log2 of the number of table slots. */
    protected final int slotBitsOf() {
        return slotBits;
    }

    @Override
    public long parameters() {
        return parameters(contexts, slotBits);
    }

    @Override
    public long memoryBytes() {
        return memoryBytes(contexts, slotBits);
    }
}

package io.bitscale.model.context;

/**
 * A hash table of bit histories for hashed context models, organized in 16-byte slots: one slot
 * holds the {@link io.bitscale.model.counter.BitHistory} states of the 15 binary decisions of one
 * nibble in one context (byte 0 is an 8-bit check value, bytes 1..15 the states of nodes 1..15 of
 * the nibble's binary tree).
 *
 * <p>Lookup probes three neighbouring slots (same or adjacent cache lines); if none carries the
 * check value, the one with the lowest priority is cleared and taken. Priority is the state of
 * the slot's first node, which grows with how often the context occurred, so rare contexts are
 * replaced before established ones. The table never grows: memory is flat in the input length.
 */
final class NibbleTable {

    static final int SLOT = 16;

    final byte[] bytes;
    private final int slotMask;

    /** @param slotBits log2 of the number of slots, 4..24 */
    NibbleTable(int slotBits) {
        if (slotBits < 4 || slotBits > 24) {
            throw new IllegalArgumentException("slot bits " + slotBits + " outside 4..24");
        }
        // One spare slot past the table, never claimed and always zero: what a frozen model reads
        // for a context it never saw.
        bytes = new byte[(SLOT << slotBits) + SLOT];
        slotMask = (1 << slotBits) - 1;
    }

    /** Heap bytes of a table with {@code 2^slotBits} slots. */
    static long memoryBytes(int slotBits) {
        return ((long) SLOT << slotBits) + 16;
    }

    /**
     * The byte offset of the slot for a 32-bit hash, claiming one if needed. The high 8 bits of
     * the hash are the check value, the low bits pick the slot, so they must be well mixed.
     */
    int find(int hash) {
        byte[] t = bytes;
        byte check = (byte) (hash >>> 24);
        int a = (hash & slotMask) << 4;
        if (t[a] == check) {
            return a;
        }
        int b = a ^ SLOT;
        if (t[b] == check) {
            return b;
        }
        int c = a ^ (2 * SLOT);
        if (t[c] == check) {
            return c;
        }
        int victim = a;
        int priority = t[a + 1] & 0xFF;
        if ((t[b + 1] & 0xFF) < priority) {
            victim = b;
            priority = t[b + 1] & 0xFF;
        }
        if ((t[c + 1] & 0xFF) < priority) {
            victim = c;
        }
        t[victim] = check;
        for (int i = victim + 1; i < victim + SLOT; i++) {
            t[i] = 0;
        }
        return victim;
    }

    /**
     * The byte offset of the slot for a hash if the table holds it, else of the spare empty
     * slot; claims nothing (frozen models).
     */
    int peek(int hash) {
        byte[] t = bytes;
        byte check = (byte) (hash >>> 24);
        int a = (hash & slotMask) << 4;
        if (t[a] == check) {
            return a;
        }
        int b = a ^ SLOT;
        if (t[b] == check) {
            return b;
        }
        int c = a ^ (2 * SLOT);
        if (t[c] == check) {
            return c;
        }
        return t.length - SLOT;
    }

    /** Mixes a context hash with the nibble position into a well-spread 32-bit table hash. */
    static int slotHash(int context, int nibble) {
        int h = (context + nibble * 0x2F0B4A13) * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}

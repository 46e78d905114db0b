package io.bitscale.model.context;

import io.bitscale.model.mix.ByteHistory;

/**
 * Sparse contexts for binary data (executables, tables of numbers): contexts that skip the most
 * recent byte or bytes, which capture fixed-width records and aligned fields that contiguous
 * orders miss. Contexts: byte 2; byte 3; bytes 2-3; bytes 4 and 8 (four-byte records);
 * byte 1 with the high nibble of byte 2.
 *
 * <pre>{@code
 * SparseModel sparse = new SparseModel(history, 18);
 * }</pre>
 */
public final class SparseModel extends HashedContextModel {

    /** Contexts (one mixer input each). */
    public static final int CONTEXTS = 5;

    /**
     * @param history  the shared coding position
     * @param slotBits log2 of the number of 16-byte table slots (4..24)
     */
    public SparseModel(ByteHistory history, int slotBits) {
        super(history, CONTEXTS, slotBits);
        start();
    }

    @Override
    protected void computeContexts(int[] hashes) {
        int c4 = history.last4();
        hashes[0] = ((c4 >>> 8) & 0xFF) | 0x100;
        hashes[1] = ((c4 >>> 16) & 0xFF) | 0x200;
        hashes[2] = ((c4 >>> 8) & 0xFFFF) | 0x30000;
        hashes[3] = ((c4 >>> 24) | ((history.before4() >>> 16) & 0xFF00)) | 0x40000;
        hashes[4] = (c4 & 0xFF) | ((c4 >>> 4) & 0xF00) | 0x50000;
    }
}

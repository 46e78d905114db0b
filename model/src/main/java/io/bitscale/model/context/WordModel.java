package io.bitscale.model.context;

import io.bitscale.model.mix.ByteHistory;

/**
 * Contexts over words for text: the current word so far (letters, case-folded), the current and
 * the previous word, and the current word with the two before it. Bytes that are not letters end
 * a word; between words the first context falls back to the last byte.
 *
 * <pre>{@code
 * WordModel words = new WordModel(history, 20);
 * }</pre>
 */
public final class WordModel extends HashedContextModel {

    /** Contexts (one mixer input each). */
    public static final int CONTEXTS = 3;

    private int word0;
    private int word1;
    private int word2;

    /**
     * @param history  the shared coding position
     * @param slotBits log2 of the number of 16-byte table slots (4..24)
     */
    public WordModel(ByteHistory history, int slotBits) {
        super(history, CONTEXTS, slotBits);
        start();
    }

    @Override
    protected void computeContexts(int[] hashes) {
        int c = history.back(1);
        if (history.bytes() > 0) {
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if ((c >= 'a' && c <= 'z') || c >= 128) {
                word0 = (word0 + c + 1) * 0x3C6EF372 + 0x1B873593;
            } else if (word0 != 0) {
                word2 = word1;
                word1 = word0;
                word0 = 0;
            }
        }
        int h0 = word0 == 0 ? 0x5bd1e995 * (c + 1) : word0;
        hashes[0] = h0;
        hashes[1] = (h0 + word1 * 0x27D4EB2F) * 0x165667B1 + 1;
        hashes[2] = ((h0 + word1 * 0x27D4EB2F) * 0x165667B1 + word2) * 0x9E3779B1 + 2;
    }
}

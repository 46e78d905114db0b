package io.bitscale.core.accounting;

/** Receives the ideal code length of each byte as it is coded: the data of a surprise map. */
@FunctionalInterface
public interface ByteCostListener {

    /**
     * Called once per byte, in stream order.
     *
     * @param offset position of the byte in the uncompressed stream
     * @param bits   its ideal code length, {@code -log2 p(byte | history)}
     */
    void byteCoded(long offset, double bits);
}

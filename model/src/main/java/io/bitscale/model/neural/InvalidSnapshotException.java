package io.bitscale.model.neural;

import io.bitscale.core.stream.BitscaleException;

/**
 * A model snapshot ({@code .bsm}) that cannot be loaded: wrong magic or version, a field out of
 * bounds, a checksum mismatch, or tensors that do not fit the model its spec names. Carries the
 * byte offset in the snapshot where the problem was found.
 */
public final class InvalidSnapshotException extends BitscaleException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param message what is wrong, for a person
     * @param offset  byte offset in the snapshot file
     */
    public InvalidSnapshotException(String message, long offset) {
        super("invalid model snapshot: " + message + " (at snapshot byte " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset in the snapshot where the problem was detected. */
    public long offset() {
        return offset;
    }
}

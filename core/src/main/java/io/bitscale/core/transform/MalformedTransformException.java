package io.bitscale.core.transform;

/**
 * Transformed bytes that no {@link WordTransform} writes: a truncated code, an index past the
 * dictionary, an escape of a byte that needs none, or more or fewer bytes than declared. Carries
 * the offset in the transformed bytes where it was found.
 */
public final class MalformedTransformException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param message what is wrong, for a person
     * @param offset  offset in the transformed bytes where it was found
     */
    public MalformedTransformException(String message, int offset) {
        super(message + " (at transformed byte " + offset + ")");
        this.offset = offset;
    }

    /** Offset in the transformed bytes where the damage was found. */
    public int offset() {
        return offset;
    }
}

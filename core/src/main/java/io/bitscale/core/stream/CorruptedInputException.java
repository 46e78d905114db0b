package io.bitscale.core.stream;

/**
 * The compressed stream is damaged: truncated, bit-flipped, or spliced. Carries the offset in
 * the compressed stream where the damage was detected (the damage itself may lie earlier, within
 * the same frame).
 */
public final class CorruptedInputException extends BitscaleException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param message what is broken, for a person
     * @param offset  byte offset in the compressed stream where it was detected
     */
    public CorruptedInputException(String message, long offset) {
        super(message + " (at compressed byte " + offset + ")");
        this.offset = offset;
    }

    /** Same, with the exception that exposed the damage. */
    public CorruptedInputException(String message, long offset, Throwable cause) {
        super(message + " (at compressed byte " + offset + ")", cause);
        this.offset = offset;
    }

    /** Byte offset in the compressed stream where the damage was detected. */
    public long offset() {
        return offset;
    }
}

package io.bitscale.core.stream;

/**
 * The compressed stream is damaged: truncated, bit-flipped, or spliced. Carries the offset in
 * the compressed stream where the damage was detected (the damage itself may lie earlier, within
 * the same frame) and which {@link Check} caught it.
 */
public final class CorruptedInputException extends BitscaleException {
    private static final long serialVersionUID = 1L;

    /** The integrity check that detected the damage. */
    public enum Check {
        /** The stream ended early. */
        TRUNCATION,
        /** A header field is out of range or the header CRC32C does not match. */
        HEADER,
        /** A record tag or a frame length field is invalid. */
        FRAME_STRUCTURE,
        /** The arithmetic decoder found a payload no encoder writes (bad start, unused bytes). */
        PAYLOAD,
        /** The transformed bytes of a frame decode to no valid text (see {@code StreamTransform}). */
        TRANSFORM,
        /** The CRC32C of a decoded frame does not match. */
        FRAME_CRC,
        /** The end record's CRC32C or totals do not match. */
        END_RECORD,
        /** Not specified by the thrower. */
        OTHER
    }

    private final long offset;
    private final Check check;

    /**
     * @param message what is broken, for a person
     * @param offset  byte offset in the compressed stream where it was detected
     */
    public CorruptedInputException(String message, long offset) {
        this(Check.OTHER, message, offset, null);
    }

    /** Same, with the exception that exposed the damage. */
    public CorruptedInputException(String message, long offset, Throwable cause) {
        this(Check.OTHER, message, offset, cause);
    }

    /**
     * @param check   the check that caught the damage
     * @param message what is broken, for a person
     * @param offset  byte offset in the compressed stream where it was detected
     * @param cause   the exception that exposed it, or {@code null}
     */
    public CorruptedInputException(Check check, String message, long offset, Throwable cause) {
        super(message + " (at compressed byte " + offset + ")", cause);
        this.offset = offset;
        this.check = check;
    }

    /** Byte offset in the compressed stream where the damage was detected. */
    public long offset() {
        return offset;
    }

    /** The check that detected the damage. */
    public Check check() {
        return check;
    }
}

package io.bitscale.core.stream;

/**
 * The input is not a bitscale stream this build can read: wrong magic bytes, a newer format
 * version, unknown flags, or a model spec that no resolver here knows.
 */
public final class UnsupportedFormatException extends BitscaleException {
    private static final long serialVersionUID = 1L;

    /** @param message what is unsupported and what to do about it */
    public UnsupportedFormatException(String message) {
        super(message);
    }

    /** Same, with the cause (for example the resolver's rejection of a spec). */
    public UnsupportedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

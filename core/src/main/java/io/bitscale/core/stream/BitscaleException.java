package io.bitscale.core.stream;

import java.io.IOException;

/**
 * The checked exception family of bitscale streams: every problem with a stream's content
 * (not with the caller's arguments) is one of its subclasses, with a message that names the
 * broken structure.
 */
public class BitscaleException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message a person can act on. */
    public BitscaleException(String message) {
        super(message);
    }

    /** An exception with a message and the underlying cause. */
    public BitscaleException(String message, Throwable cause) {
        super(message, cause);
    }
}

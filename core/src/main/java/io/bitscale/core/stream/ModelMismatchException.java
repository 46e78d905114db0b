package io.bitscale.core.stream;

/**
 * The stream was written with a different model than the one offered to decode it (another
 * spec, or a pretrained snapshot with another SHA-256). Decoding with it would produce garbage,
 * so nothing is decoded.
 */
public final class ModelMismatchException extends BitscaleException {
    private static final long serialVersionUID = 1L;

    /** @param message which model the stream needs and which was offered */
    public ModelMismatchException(String message) {
        super(message);
    }
}

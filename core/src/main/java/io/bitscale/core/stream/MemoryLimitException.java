package io.bitscale.core.stream;

/**
 * Decoding would need more memory than the caller allowed. Raised from the header (the model's
 * declared size) or a frame header, before anything large is allocated.
 */
public final class MemoryLimitException extends BitscaleException {
    private static final long serialVersionUID = 1L;

    private final long requiredBytes;
    private final long limitBytes;

    /**
     * @param what          the structure that needs the memory
     * @param requiredBytes bytes it needs
     * @param limitBytes    the caller's limit
     */
    public MemoryLimitException(String what, long requiredBytes, long limitBytes) {
        super(what + " needs " + mebibytes(requiredBytes) + " but the memory limit is "
                + mebibytes(limitBytes) + "; raise the limit to decode this stream");
        this.requiredBytes = requiredBytes;
        this.limitBytes = limitBytes;
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Bytes the stream needs. */
    public long requiredBytes() {
        return requiredBytes;
    }

    /** The limit that was exceeded. */
    public long limitBytes() {
        return limitBytes;
    }
}

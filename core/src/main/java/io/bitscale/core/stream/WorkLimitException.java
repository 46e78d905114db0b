package io.bitscale.core.stream;

import java.util.Locale;

/**
 * Decoding would take more work per byte than the reader allows: the stream names a model whose
 * factory states more operations per byte than {@link StreamOptions#maxOperationsPerByte()}.
 * Raised from the header, before the model is built. A trusted stream can be read with
 * {@link StreamOptions#withAllowSlowModels(boolean)} ({@code --allow-slow-models}).
 */
public final class WorkLimitException extends BitscaleException {
    private static final long serialVersionUID = 1L;

    private final long operationsPerByte;
    private final long limit;

    /**
     * @param spec              the model, printable
     * @param operationsPerByte the work its factory states
     * @param limit             the reader's budget
     */
    public WorkLimitException(String spec, long operationsPerByte, long limit) {
        super(String.format(Locale.ROOT, "model '%s' needs about %,d operations per byte, above the limit of %,d "
                + "(about %s per MiB on one core); decode it only if you trust the stream, with --allow-slow-models",
                spec, operationsPerByte, limit, duration(operationsPerByte * 1048576.0 / 2e9)));
        this.operationsPerByte = operationsPerByte;
        this.limit = limit;
    }

    private static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.0f h", seconds / 3600);
    }

    /** The work per byte the model states. */
    public long operationsPerByte() {
        return operationsPerByte;
    }

    /** The budget that was exceeded. */
    public long limit() {
        return limit;
    }
}

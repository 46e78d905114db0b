package io.bitscale.cli;

/**
 * Process exit codes of the {@code bitscale} command, stable for scripts:
 * 0 success, 1 internal error (a bug: please report), 2 usage error (fix the command line),
 * 3 corrupt or unsupported input, 4 I/O error (missing file, disk full, no corpus).
 */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A bug in bitscale (an unexpected exception); the message says what failed. */
    public static final int INTERNAL = 1;
    /** Bad arguments, unknown model spec, or an output that exists without --force. */
    public static final int USAGE = 2;
    /** The input stream is corrupt, truncated, not bitscale, or needs another model or more memory. */
    public static final int BAD_INPUT = 3;
    /** Reading or writing failed, or a file or corpus was not found. */
    public static final int IO = 4;

    private ExitCode() {
    }
}

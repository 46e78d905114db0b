package io.bitscale.cli;

/** A command line that cannot be carried out as given; exits with {@link ExitCode#USAGE}. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

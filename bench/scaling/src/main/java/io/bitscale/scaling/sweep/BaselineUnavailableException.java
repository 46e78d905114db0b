package io.bitscale.scaling.sweep;

/**
 * A baseline cell that cannot run on this machine (an external peer whose binary or script is
 * absent). The sweep skips such a cell with a note instead of counting it as failed; a rerun on a
 * machine that has the peer measures it.
 */
public final class BaselineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and where it was looked for */
    public BaselineUnavailableException(String message) {
        super(message);
    }
}

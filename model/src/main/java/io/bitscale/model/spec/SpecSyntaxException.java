package io.bitscale.model.spec;

/**
 * A model spec that cannot be parsed or names something unknown. The message gives the
 * 1-based column and what was expected there, e.g. {@code unknown model 'ordr' at column 5}.
 */
public final class SpecSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int column;

    /**
     * @param message what is wrong
     * @param spec    the whole spec text
     * @param column  1-based column of the problem
     */
    public SpecSyntaxException(String message, String spec, int column) {
        super(message + " at column " + column + " of '" + spec + "'");
        this.column = column;
    }

    /** 1-based column of the problem in the spec text. */
    public int column() {
        return column;
    }
}

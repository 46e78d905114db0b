package io.bitscale.model.spec;

/**
 * A model spec that cannot be parsed or names something unknown. The message gives the
 * 1-based column and what was expected there, e.g. {@code unknown model 'ordr' at column 5}.
 * Control characters in the message are escaped ({@code \\u001b}), so a spec from an untrusted
 * stream header cannot send escape sequences to the terminal that prints the error; a very long
 * spec is shortened around the column.
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
        super(printable(message) + " at column " + column + " of '" + excerpt(spec, column) + "'");
        this.column = column;
    }

    private static String excerpt(String spec, int column) {
        if (spec.length() <= 240) {
            return printable(spec);
        }
        int from = Math.max(0, Math.min(column - 120, spec.length() - 240));
        return (from > 0 ? "..." : "") + printable(spec.substring(from, from + 240)) + (from + 240 < spec.length() ? "..." : "");
    }

    /** The text with control and other non-printing characters as {@code \\uXXXX}. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029
                    || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** 1-based column of the problem in the spec text. */
    public int column() {
        return column;
    }
}

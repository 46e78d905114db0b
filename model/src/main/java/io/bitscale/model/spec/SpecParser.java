package io.bitscale.model.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for model specs. Grammar (whitespace allowed between tokens):
 *
 * <pre>
 * spec     = name [ "(" [ argument { "," argument } ] ")" ]
 * argument = [ key "=" ] value
 * value    = integer [ ".." integer ] | spec | word
 * name, key, word = letter { letter | digit | "_" | "-" }
 * integer  = [ "-" ] digit { digit } [ "k" | "m" | "g" ]      (k = 2^10, m = 2^20, g = 2^30)
 * </pre>
 *
 * A word followed by {@code (} is a nested spec; a bare word may be a model name or a keyword,
 * which the model registry decides. Errors raise {@link SpecSyntaxException} with the column.
 *
 * <p><b>Limits.</b> A spec has at most {@value #MAX_LENGTH} characters (what a stream header can
 * hold) and nests at most {@value #MAX_DEPTH} levels deep, so a crafted spec — in a header or on
 * the command line — is refused with a one-line error instead of exhausting the stack.
 */
public final class SpecParser {

    /** Most characters in a spec: the header's limit. */
    public static final int MAX_LENGTH = 4096;
    /** Most levels of nested specs. */
    public static final int MAX_DEPTH = 16;

    private final String text;
    private int position;
    private int depth;

    /** A parser for one spec text. */
    public SpecParser(String text) {
        if (text == null) {
            throw new IllegalArgumentException("model spec is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SpecSyntaxException("model spec of " + text.length() + " characters is longer than "
                    + MAX_LENGTH, text, MAX_LENGTH + 1);
        }
        this.text = text;
    }

    /** Parses the whole text as one spec. */
    public Spec parse() {
        skipSpaces();
        if (position >= text.length()) {
            throw error("empty model spec");
        }
        Spec spec = parseSpec();
        skipSpaces();
        if (position < text.length()) {
            throw error("unexpected '" + text.charAt(position) + "' after the spec");
        }
        return spec;
    }

    private Spec parseSpec() {
        int column = position + 1;
        if (++depth > MAX_DEPTH) {
            throw error("specs nest at most " + MAX_DEPTH + " levels deep");
        }
        Spec spec = parseSpecBody(column);
        depth--;
        return spec;
    }

    private Spec parseSpecBody(int column) {
        String name = identifier("a model name");
        List<Spec.Argument> arguments = new ArrayList<>();
        skipSpaces();
        if (peek('(')) {
            position++;
            skipSpaces();
            if (peek(')')) {
                position++;
                return new Spec(name, arguments, column);
            }
            while (true) {
                arguments.add(parseArgument());
                skipSpaces();
                if (peek(',')) {
                    position++;
                    continue;
                }
                if (peek(')')) {
                    position++;
                    break;
                }
                throw error(position >= text.length() ? "missing ')'" : "expected ',' or ')' but found '"
                        + text.charAt(position) + "'");
            }
        }
        return new Spec(name, arguments, column);
    }

    private Spec.Argument parseArgument() {
        skipSpaces();
        int start = position;
        if (position < text.length() && Character.isLetter(text.charAt(position))) {
            String word = identifier("a word");
            skipSpaces();
            if (peek('=')) {
                position++;
                skipSpaces();
                return new Spec.Argument(word, parseValue());
            }
            position = start;
        }
        return new Spec.Argument(null, parseValue());
    }

    private Spec.Value parseValue() {
        skipSpaces();
        int column = position + 1;
        if (position >= text.length()) {
            throw error("missing value");
        }
        char c = text.charAt(position);
        if (Character.isDigit(c) || c == '-') {
            long from = integer();
            if (text.startsWith("..", position)) {
                position += 2;
                long to = integer();
                if (to < from) {
                    throw new SpecSyntaxException("range " + from + ".." + to + " runs backwards", text, column);
                }
                return new Spec.Range(from, to, column);
            }
            return new Spec.Number(from, column);
        }
        if (Character.isLetter(c)) {
            int start = position;
            String word = identifier("a word");
            skipSpaces();
            if (peek('(')) {
                position = start;
                return new Spec.Nested(parseSpec(), column);
            }
            return new Spec.Word(word, column);
        }
        throw error("expected a number, a word or a model but found '" + c + "'");
    }

    private long integer() {
        int start = position;
        if (peek('-')) {
            position++;
        }
        int digits = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        if (position == digits) {
            throw error("expected digits");
        }
        long value;
        try {
            value = Long.parseLong(text.substring(start, position));
        } catch (NumberFormatException e) {
            throw new SpecSyntaxException("number too large", text, start + 1);
        }
        if (position < text.length()) {
            char suffix = Character.toLowerCase(text.charAt(position));
            int shift = suffix == 'k' ? 10 : suffix == 'm' ? 20 : suffix == 'g' ? 30 : 0;
            if (shift > 0) {
                position++;
                if (Math.abs(value) > (Long.MAX_VALUE >> shift)) {
                    throw new SpecSyntaxException("number too large", text, start + 1);
                }
                value <<= shift;
            }
        }
        if (position < text.length() && Character.isLetter(text.charAt(position))) {
            throw error("unexpected '" + text.charAt(position) + "' in a number");
        }
        return value;
    }

    private String identifier(String what) {
        int start = position;
        if (position >= text.length() || !Character.isLetter(text.charAt(position))) {
            throw error("expected " + what + (position < text.length() ? " but found '" + text.charAt(position) + "'" : ""));
        }
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                position++;
            } else {
                break;
            }
        }
        return text.substring(start, position);
    }

    private boolean peek(char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private SpecSyntaxException error(String message) {
        return new SpecSyntaxException(message, text, position + 1);
    }
}

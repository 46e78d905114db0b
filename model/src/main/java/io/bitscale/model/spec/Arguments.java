package io.bitscale.model.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a spec's arguments with bounds, defaults and errors that point at the column, for model
 * providers.
 *
 * <pre>{@code
 * Arguments args = new Arguments(spec, "order", "limit");
 * int order = args.integer("order", 0, 2, 0, 2);      // key, position, default, min, max
 * }</pre>
 */
public final class Arguments {

    private final Spec spec;
    private final String text;
    private final List<String> keys;

    /**
     * @param spec the spec whose arguments are read
     * @param keys the argument keys the model accepts, in positional order; anything else is an
     *             error
     */
    public Arguments(Spec spec, String... keys) {
        this.spec = spec;
        this.text = spec.toString();
        this.keys = List.of(keys);
        Set<String> seen = new HashSet<>();
        int positional = 0;
        for (Spec.Argument argument : spec.arguments()) {
            String key = argument.key();
            if (key == null) {
                if (positional >= keys.length) {
                    throw new SpecSyntaxException("model '" + spec.name() + "' takes at most " + keys.length
                            + " arguments " + this.keys, text, argument.value().column());
                }
                key = keys[positional++];
            } else if (!this.keys.contains(key)) {
                throw new SpecSyntaxException("model '" + spec.name() + "' has no argument '" + key
                        + "' (it takes " + this.keys + ")", text, argument.value().column());
            }
            if (!seen.add(key)) {
                throw new SpecSyntaxException("argument '" + key + "' given twice", text, argument.value().column());
            }
        }
    }

    /** The value given for {@code key} (by name or position), or {@code null}. */
    public Spec.Value value(String key) {
        int positional = 0;
        int index = keys.indexOf(key);
        for (Spec.Argument argument : spec.arguments()) {
            if (argument.key() == null) {
                if (positional++ == index) {
                    return argument.value();
                }
            } else if (argument.key().equals(key)) {
                return argument.value();
            }
        }
        return null;
    }

    /** A whole-number argument in {@code [min, max]}, or the default. */
    public long integer(String key, long defaultValue, long min, long max) {
        Spec.Value value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Spec.Number number)) {
            throw new SpecSyntaxException("'" + key + "' must be a number", text, value.column());
        }
        if (number.value() < min || number.value() > max) {
            throw new SpecSyntaxException("'" + key + "' = " + number.value() + " outside " + min + ".." + max,
                    text, value.column());
        }
        return number.value();
    }

    /** A word argument from a fixed set, or the default. */
    public String word(String key, String defaultValue, Set<String> allowed) {
        Spec.Value value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Spec.Word word) || !allowed.contains(word.word())) {
            throw new SpecSyntaxException("'" + key + "' must be one of " + allowed, text, value.column());
        }
        return word.word();
    }

    /** A nested model argument, or {@code null}. */
    public Spec nested(String key) {
        Spec.Value value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Spec.Nested nested) {
            return nested.spec();
        }
        if (value instanceof Spec.Word word) {
            return new Spec(word.word(), List.of(), word.column());
        }
        throw new SpecSyntaxException("'" + key + "' must be a model", text, value.column());
    }
}

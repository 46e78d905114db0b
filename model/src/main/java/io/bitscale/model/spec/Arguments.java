package io.bitscale.model.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one way a model reads its spec's arguments: typed values with bounds and defaults, errors
 * that point at the column, and a record of what was read, so that an argument the model never
 * looked at is an error too — for every model, a researcher's own included. The
 * {@link ModelRegistry} hands each provider a fresh {@code Arguments} and calls {@link #finish()}
 * after it: a knob that was given but not read (a typo, or one the model does not have) fails
 * the spec instead of being silently ignored.
 *
 * <pre>{@code
 * registry.with("mine", "my model: order=0..2 (default 1)", (args, models) -> {
 *     args.positional("order");                      // mine(2) means mine(order=2)
 *     int order = (int) args.integer("order", 1, 0, 2);
 *     return ModelRegistry.factory(args.spec(), 1000, 8000, () -> new MyModel(order));
 * });
 * }</pre>
 *
 * <p>Positional arguments take the names given to {@link #positional(String...)} in order; models
 * that take a list of values (orders, component models) read the positional values with
 * {@link #positionalValues()}.
 *
 * <p>Not thread-safe; one instance per spec being built.
 */
public final class Arguments {

    private final Spec spec;
    private final String text;
    private final List<Spec.Argument> arguments;
    private final boolean[] read;
    /** Every key the model asked for, given or not: the "it takes ..." list of error messages. */
    private final Set<String> asked = new LinkedHashSet<>();
    private List<String> positionalKeys = List.of();
    private boolean strict;

    /**
     * Arguments to be read by name; nothing is checked until {@link #finish()}.
     *
     * @param spec the spec whose arguments are read
     */
    public Arguments(Spec spec) {
        this.spec = spec;
        this.text = spec.toString();
        this.arguments = spec.arguments();
        this.read = new boolean[arguments.size()];
    }

    /**
     * Arguments of a model that takes exactly {@code keys}, positional in that order; a key
     * outside them, a repeated key or too many positional values is an error at once.
     *
     * @throws SpecSyntaxException naming the first bad argument
     */
    public Arguments(Spec spec, String... keys) {
        this(spec);
        positional(keys);
        strict = true;
        asked.addAll(List.of(keys));
        check();
    }

    /**
     * Names the positional arguments, in order ({@code ppm(5)} means {@code ppm(n=5)} after
     * {@code positional("n", ...)}); repeated keys are an error.
     *
     * @return this
     * @throws SpecSyntaxException if a key is given both by position and by name
     */
    public Arguments positional(String... keys) {
        positionalKeys = List.of(keys);
        Set<String> seen = new HashSet<>();
        int position = 0;
        for (Spec.Argument argument : arguments) {
            String key = argument.key();
            if (key == null) {
                key = position < keys.length ? keys[position] : null;
                position++;
            }
            if (key != null && !seen.add(key)) {
                throw new SpecSyntaxException("argument '" + key + "' given twice", text, argument.value().column());
            }
        }
        return this;
    }

    private void check() {
        int position = 0;
        for (Spec.Argument argument : arguments) {
            if (argument.key() == null) {
                if (position++ >= positionalKeys.size()) {
                    throw new SpecSyntaxException("model '" + spec.name() + "' takes at most " + positionalKeys.size()
                            + " arguments " + positionalKeys, text, argument.value().column());
                }
            } else if (!asked.contains(argument.key())) {
                throw unknown(argument);
            }
        }
    }

    /** The spec being read. */
    public Spec spec() {
        return spec;
    }

    /** The model name. */
    public String name() {
        return spec.name();
    }

    /** True if {@code key} was given, by name or by position (does not count as reading it). */
    public boolean has(String key) {
        return index(key) >= 0;
    }

    /** The value given for {@code key} (by name or position), or {@code null}; marks it read. */
    public Spec.Value value(String key) {
        asked.add(key);
        int index = index(key);
        if (index < 0) {
            return null;
        }
        read[index] = true;
        return arguments.get(index).value();
    }

    private int index(String key) {
        int position = 0;
        for (int i = 0; i < arguments.size(); i++) {
            Spec.Argument argument = arguments.get(i);
            if (argument.key() == null) {
                if (position < positionalKeys.size() && positionalKeys.get(position).equals(key)) {
                    return i;
                }
                position++;
            } else if (argument.key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The positional values beyond the named positional keys (all of them if none were named),
     * in order, marked read: for models that take a list, such as {@code order(1..4,6)} or
     * {@code mix(order2,match)}.
     */
    public List<Spec.Value> positionalValues() {
        List<Spec.Value> values = new ArrayList<>();
        int position = 0;
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).key() == null && position++ >= positionalKeys.size()) {
                read[i] = true;
                values.add(arguments.get(i).value());
            }
        }
        return values;
    }

    /** A whole-number argument in {@code [min, max]}, or the default. */
    public long integer(String key, long defaultValue, long min, long max) {
        Spec.Value value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Spec.Number number)) {
            throw error("'" + key + "' must be a number", value);
        }
        if (number.value() < min || number.value() > max) {
            throw error("'" + key + "' = " + number.value() + " outside " + min + ".." + max, value);
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
            throw error("'" + key + "' must be one of " + new java.util.TreeSet<>(allowed), value);
        }
        return word.word();
    }

    /** A nested model argument (a spec or a bare model name), or {@code null}. */
    public Spec nested(String key) {
        Spec.Value value = value(key);
        return value == null ? null : asModel(value);
    }

    /**
     * A value read as a model: a nested spec, or a bare word such as {@code order2}.
     *
     * @throws SpecSyntaxException if the value is a number or a range
     */
    public Spec asModel(Spec.Value value) {
        if (value instanceof Spec.Nested nested) {
            return nested.spec();
        }
        if (value instanceof Spec.Word word) {
            return new Spec(word.word(), List.of(), word.column());
        }
        throw error("'" + value + "' must be a model, e.g. order2 or order(1..4)", value);
    }

    /** An error in this spec at the column of {@code value}. */
    public SpecSyntaxException error(String message, Spec.Value value) {
        return new SpecSyntaxException(message, text, value.column());
    }

    /** An error about the spec as a whole, at the column of its name. */
    public SpecSyntaxException error(String message) {
        return new SpecSyntaxException(message, text, spec.column());
    }

    /**
     * Checks that every argument was read.
     *
     * @throws SpecSyntaxException naming the first argument the model did not read: a key it
     *                             does not take, or a positional value beyond what it takes
     */
    public void finish() {
        for (int i = 0; i < arguments.size(); i++) {
            if (!read[i]) {
                Spec.Argument argument = arguments.get(i);
                if (argument.key() == null) {
                    throw new SpecSyntaxException("model '" + spec.name() + "' takes "
                            + (positionalKeys.isEmpty() ? "no positional arguments" : "at most " + positionalKeys.size()
                            + " positional arguments " + positionalKeys) + "; '" + argument.value() + "' is not used",
                            text, argument.value().column());
                }
                throw unknown(argument);
            }
        }
    }

    private SpecSyntaxException unknown(Spec.Argument argument) {
        return new SpecSyntaxException("model '" + spec.name() + "' has no argument '" + argument.key()
                + "' (it takes " + (asked.isEmpty() ? "no arguments" : asked.toString()) + ")", text,
                argument.value().column());
    }
}

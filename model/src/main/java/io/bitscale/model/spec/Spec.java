package io.bitscale.model.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed model spec: a name and its arguments, for example
 * {@code mix(order(1..6,bits=22),ppm(n=5))}. Arguments are positional or {@code key=value};
 * a value is a number, a range {@code a..b}, a bare word, or a nested spec.
 *
 * <p>{@link #toString()} is the canonical form (no spaces), which is what stream headers store.
 *
 * @param name      the model name
 * @param arguments arguments in the order written
 * @param column    1-based column where the name starts, for error messages
 */
public record Spec(String name, List<Argument> arguments, int column) {

    /** Defensive copy. */
    public Spec {
        arguments = List.copyOf(arguments);
    }

    /** Parses a spec; see {@link SpecParser}. */
    public static Spec parse(String text) {
        return new SpecParser(text).parse();
    }

    /**
     * One argument.
     *
     * @param key   the key of {@code key=value}, or {@code null} for a positional argument
     * @param value its value
     */
    public record Argument(String key, Value value) {
        @Override
        public String toString() {
            return key == null ? value.toString() : key + "=" + value;
        }
    }

    /** An argument value. */
    public sealed interface Value permits Number, Range, Word, Nested {
        /** 1-based column of the value. */
        int column();
    }

    /** A whole number. */
    public record Number(long value, int column) implements Value {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** An inclusive range {@code from..to}. */
    public record Range(long from, long to, int column) implements Value {
        @Override
        public String toString() {
            return from + ".." + to;
        }
    }

    /** A bare word such as {@code logistic}. */
    public record Word(String word, int column) implements Value {
        @Override
        public String toString() {
            return word;
        }
    }

    /** A nested model spec. */
    public record Nested(Spec spec, int column) implements Value {
        @Override
        public String toString() {
            return spec.toString();
        }
    }

    /** Positional arguments, in order. */
    public List<Value> positional() {
        List<Value> values = new ArrayList<>();
        for (Argument argument : arguments) {
            if (argument.key() == null) {
                values.add(argument.value());
            }
        }
        return values;
    }

    /** The value of {@code key=...}, if given. */
    public Optional<Value> named(String key) {
        for (Argument argument : arguments) {
            if (key.equals(argument.key())) {
                return Optional.of(argument.value());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        if (arguments.isEmpty()) {
            return name;
        }
        StringBuilder text = new StringBuilder(name).append('(');
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(arguments.get(i));
        }
        return text.append(')').toString();
    }
}

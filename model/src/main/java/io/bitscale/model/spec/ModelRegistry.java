package io.bitscale.model.spec;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Names models: maps the name in a spec to the code that builds it. Immutable; {@link #with}
 * returns a registry with one more model, which is how a researcher adds their own:
 *
 * <pre>{@code
 * ModelRegistry registry = Models.registry().with("mine", "my experimental model; rate=1..16",
 *         (args, models) -> {
 *             int rate = (int) args.integer("rate", 4, 1, 16);
 *             return ModelRegistry.factory(args.spec(), 1000, 8000, () -> new MyModel(rate));
 *         });
 * PredictorFactory factory = registry.factory("mine(rate=5)");
 * }</pre>
 *
 * <p>As a {@link ModelResolver} it recreates the model named in a stream header, so a decoder
 * needs no flags. Unknown names raise {@link SpecSyntaxException} with the column and the
 * closest known name; so does any argument the provider did not read through its
 * {@link Arguments} (see {@link Arguments#finish()}).
 */
public final class ModelRegistry implements ModelResolver {

    /** Builds a factory from a parsed spec; may call back into the registry for nested models. */
    @FunctionalInterface
    public interface Provider {
        /**
         * @param arguments the arguments of the parsed spec whose name selected this provider
         *                  ({@link Arguments#spec()}); every argument must be read through it
         * @param registry  the registry, to build nested model arguments
         * @return a factory whose {@code spec()} is {@code arguments.spec().toString()}
         * @throws SpecSyntaxException for a bad argument, naming it and its column
         */
        PredictorFactory create(Arguments arguments, ModelRegistry registry);
    }

    /**
     * A registered model, for help texts.
     *
     * @param name    the spec name
     * @param summary one line on what it is and its arguments
     */
    public record Entry(String name, String summary, Provider provider) {
    }

    private final Map<String, Entry> entries;

    ModelRegistry(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** An empty registry. */
    public static ModelRegistry empty() {
        return new ModelRegistry(Map.of());
    }

    /** This registry plus one model (replacing one of the same name). */
    public ModelRegistry with(String name, String summary, Provider provider) {
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("model name '" + name + "' must be a letter then letters, digits, _ or -");
        }
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(name, new Entry(name, summary, provider));
        return new ModelRegistry(copy);
    }

    /** The registered models in registration order. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** Parses and builds a spec. */
    public PredictorFactory factory(String specText) {
        return build(Spec.parse(specText));
    }

    /** Builds a parsed spec. */
    public PredictorFactory build(Spec spec) {
        Entry entry = entries.get(spec.name());
        if (entry == null) {
            String closest = closest(spec.name());
            throw new SpecSyntaxException("unknown model '" + spec.name() + "'"
                    + (closest == null ? "" : " (did you mean '" + closest + "'?)"), spec.toString(), spec.column());
        }
        Arguments arguments = new Arguments(spec);
        PredictorFactory factory;
        try {
            factory = entry.provider().create(arguments, this);
        } catch (IllegalArgumentException e) {
            if (e instanceof SpecSyntaxException) {
                throw e;
            }
            // A model constructor refused its configuration: still a spec error, with its column.
            throw new SpecSyntaxException(e.getMessage(), spec.toString(), spec.column());
        }
        arguments.finish();
        return factory;
    }

    @Override
    public PredictorFactory resolve(String spec) {
        return factory(spec);
    }

    private String closest(String name) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : entries.keySet()) {
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * A factory for a model whose size is known up front.
     *
     * @param spec        the spec (its canonical text goes in stream headers)
     * @param parameters  learned parameters of one instance
     * @param memoryBytes heap bytes of one instance
     * @param constructor builds a fresh instance
     */
    public static PredictorFactory factory(Spec spec, long parameters, long memoryBytes,
                                           Supplier<? extends Predictor> constructor) {
        return new SizedFactory(spec.toString(), parameters, memoryBytes, -1, constructor);
    }

    /**
     * A factory for a model whose size and work are known up front.
     *
     * @param spec              the spec (its canonical text goes in stream headers)
     * @param parameters        learned parameters of one instance
     * @param memoryBytes       heap bytes of one instance
     * @param operationsPerByte rough arithmetic operations per coded byte (see
     *                          {@link PredictorFactory#operationsPerByte()})
     * @param constructor       builds a fresh instance
     */
    public static PredictorFactory factory(Spec spec, long parameters, long memoryBytes, long operationsPerByte,
                                           Supplier<? extends Predictor> constructor) {
        return new SizedFactory(spec.toString(), parameters, memoryBytes, operationsPerByte, constructor);
    }

    private record SizedFactory(String spec, long parameters, long memoryBytes, long operationsPerByte,
                                Supplier<? extends Predictor> constructor) implements PredictorFactory {
        @Override
        public Predictor create() {
            return constructor.get();
        }
    }
}

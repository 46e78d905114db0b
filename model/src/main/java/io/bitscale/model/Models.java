package io.bitscale.model;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolBits;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.model.cm.CmSpecs;
import io.bitscale.model.context.ContextSpecs;
import io.bitscale.model.frequency.FrequencySpecs;
import io.bitscale.model.mix.MixSpecs;
import io.bitscale.model.mix.MixtureFactory;
import io.bitscale.model.ngram.NgramSpecs;
import io.bitscale.model.neural.NeuralSpecs;
import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.ModelProvider;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.spec.Spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models that ship with bitscale, by spec name. Specs are documented in
 * {@code docs/specs.md}; {@code bitscale eval --help} lists them.
 *
 * <pre>{@code
 * PredictorFactory factory = Models.factory("order2");
 * try (OutputStream out = new BitscaleOutputStream(Files.newOutputStream(target), factory)) {
 *     out.write(data);
 * }
 * try (InputStream in = new BitscaleInputStream(Files.newInputStream(target), Models.registry())) {
 *     byte[] restored = in.readAllBytes();
 * }
 * }</pre>
 */
public final class Models {

    /** The spec used when none is given. */
    public static final String DEFAULT_SPEC = "default";

    /**
     * The presets, by name, with their exact expansions. A stream made with a preset stores the
     * preset's name in its header, so an expansion must never change once released: a changed
     * model gets a new name instead. Documented in {@code docs/specs.md}.
     */
    public static final Map<String, String> PRESETS = presets();

    private static Map<String, String> presets() {
        Map<String, String> presets = new LinkedHashMap<>();
        presets.put("fast", CmSpecs.FAST);
        presets.put("default", CmSpecs.DEFAULT);
        presets.put("strong", CmSpecs.STRONG);
        // the first strong preset's (mix engine) context models + a byte n-gram + an online MLP (docs/neural.md).
        presets.put("max", "mix(order(1..8,12,16,bits=26),word(bits=24),match(bits=24),sparse(bits=22),"
                + "ppm(n=6,smoother=kn,mem=26),bits(mlp(width=64,orders=1..6,bits=16)),gates=3,sse=2)");
        return Collections.unmodifiableMap(presets);
    }

    private static final ModelRegistry STANDARD = standardRegistry();
    private static final ModelRegistry WITH_CLASSPATH_PLUGINS = registry(Models.class.getClassLoader());

    private static ModelRegistry standardRegistry() {
        ModelRegistry registry = ContextSpecs.register(ModelRegistry.empty());
        registry = FrequencySpecs.register(registry)
                .with("bits", "bits(MODEL): a byte-distribution model decomposed into binary decisions", Models::bits);
        registry = MixSpecs.register(registry);
        registry = NgramSpecs.register(registry);
        registry = CmSpecs.register(registry);
        for (String preset : PRESETS.keySet()) {
            registry = CmSpecs.isPreset(preset)
                    ? registry.with(preset, "preset: " + PRESETS.get(preset) + "; size=10..40 sizes its tables", CmSpecs::preset)
                    : registry.with(preset, "preset: " + PRESETS.get(preset), Models::preset);
        }
        return NeuralSpecs.register(registry);
    }

    private Models() {
    }

    /**
     * The standard models plus every {@link ModelProvider} plug-in on the class path (or module
     * path) of this library; extend it with {@link ModelRegistry#with}.
     *
     * @throws IllegalStateException if a plug-in registers a name that is already taken
     */
    public static ModelRegistry registry() {
        return WITH_CLASSPATH_PLUGINS;
    }

    /** The standard models only, without plug-ins: what presets expand to. */
    public static ModelRegistry standard() {
        return STANDARD;
    }

    /**
     * The standard models plus the {@link ModelProvider} plug-ins {@code loader} finds (for
     * plug-in jars loaded at run time), in the order of their class names so the result does not
     * depend on the class path order.
     *
     * @throws IllegalStateException if a plug-in registers a name that is already taken, or fails
     */
    public static ModelRegistry registry(ClassLoader loader) {
        List<ModelProvider> providers = new ArrayList<>();
        ServiceLoader.load(ModelProvider.class, loader).forEach(providers::add);
        providers.sort(Comparator.comparing(p -> p.getClass().getName()));
        ModelRegistry registry = STANDARD;
        for (ModelProvider provider : providers) {
            ModelRegistry extended;
            try {
                extended = provider.register(registry);
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException("model plug-in " + provider.getClass().getName() + " failed to register: "
                        + e, e);
            }
            for (ModelRegistry.Entry entry : registry.entries()) {
                ModelRegistry.Entry now = extended.entries().stream().filter(e -> e.name().equals(entry.name()))
                        .findFirst().orElse(null);
                if (now == null || now.provider() != entry.provider()) {
                    throw new IllegalStateException("model plug-in " + provider.getClass().getName()
                            + " replaces or removes the model '" + entry.name() + "'; plug-ins may only add new names");
                }
            }
            registry = extended;
        }
        return registry;
    }

    /** Parses and builds a spec with the standard registry. */
    public static PredictorFactory factory(String spec) {
        return STANDARD.factory(spec);
    }

    private static PredictorFactory preset(Arguments args, ModelRegistry registry) {
        Spec spec = args.spec();
        if (!spec.arguments().isEmpty()) {
            throw args.error("preset '" + spec.name() + "' takes no arguments, but '" + spec.arguments().get(0)
                    + "' was given (it stands for " + PRESETS.get(spec.name()) + ")", spec.arguments().get(0).value());
        }
        // Always the standard models: a preset must mean the same thing in every registry.
        MixtureFactory expansion = (MixtureFactory) STANDARD.factory(PRESETS.get(spec.name()));
        return expansion.named(spec.name());
    }

    private static PredictorFactory bits(Arguments args, ModelRegistry registry) {
        Spec inner = args.positional("model").nested("model");
        if (inner == null) {
            throw args.error("bits(...) needs a model argument");
        }
        PredictorFactory symbols = registry.build(inner);
        // + 32: the SymbolBits wrapper, as SymbolBits.memoryBytes() reports it.
        long operations = symbols.operationsPerByte() < 0 ? -1 : symbols.operationsPerByte() + 8 * 8;
        return ModelRegistry.factory(args.spec(), symbols.parameters(), symbols.memoryBytes() + 32, operations, () -> {
            var predictor = symbols.create();
            if (predictor instanceof BitPredictor bitPredictor) {
                return bitPredictor;
            }
            return new SymbolBits((SymbolPredictor) predictor);
        });
    }
}

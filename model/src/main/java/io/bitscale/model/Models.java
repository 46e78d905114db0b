package io.bitscale.model;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolBits;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.model.context.DirectOrderModel;
import io.bitscale.model.frequency.FrequencyModel;
import io.bitscale.model.mix.MixtureFactory;
import io.bitscale.model.ngram.PpmModel;
import io.bitscale.model.neural.NeuralSpecs;
import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.Spec;
import io.bitscale.model.spec.SpecSyntaxException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models that ship with bitscale, by spec name. Specs are documented in
 * {@code docs/specs.md}; {@code bitscale eval --help} lists them.
 *
 * <pre>{@code
 * PredictorFactory factory = Models.factory("order2");
 * try (OutputStream out = new BitscaleOutputStream(target, factory)) { ... }
 * try (InputStream in = new BitscaleInputStream(source, Models.registry())) { ... }
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
        presets.put("fast", io.bitscale.model.cm.CmSpecs.FAST);
        presets.put("default", io.bitscale.model.cm.CmSpecs.DEFAULT);
        presets.put("strong", io.bitscale.model.cm.CmSpecs.STRONG);
        // the first strong preset's (mix engine) context models + a byte n-gram + an online MLP (docs/neural.md).
        presets.put("max", "mix(order(1..8,12,16,bits=26),word(bits=24),match(bits=24),sparse(bits=22),"
                + "ppm(n=6,smoother=kn,mem=26),bits(mlp(width=64,orders=1..6,bits=16)),gates=3,sse=2)");
        return Collections.unmodifiableMap(presets);
    }

    private static final ModelRegistry STANDARD = ModelRegistry.empty()
            .with("order0", "adaptive order-0 bit model (255 counters); limit=1..1023 (default 1023)",
                    (spec, registry) -> direct(spec, 0))
            .with("order1", "order-1 direct context model (65K counters); limit=1..1023 (default 1023)",
                    (spec, registry) -> direct(spec, 1))
            .with("order2", "order-2 direct context model (16.7M counters, rows on first use); limit=1..1023 (default 1023)",
                    (spec, registry) -> direct(spec, 2))
            .with("kt0", "order-0 Krichevsky-Trofimov byte frequencies, coded as 256-way distributions",
                    (spec, registry) -> frequency(spec, 0))
            .with("kt1", "order-1 Krichevsky-Trofimov byte frequencies, coded as 256-way distributions",
                    (spec, registry) -> frequency(spec, 1))
            .with("bits", "bits(MODEL): a byte-distribution model decomposed into binary decisions",
                    Models::bits)
            .with("order", "order(1..6,bits=22): hashed order-k contexts (k = 0..24) with bit histories, table of 2^bits bytes",
                    MixingSpecs::order)
            .with("match", "match(bits=22): predicts the byte after the longest recent match; 2^bits bytes of history",
                    MixingSpecs::match)
            .with("word", "word(bits=20): contexts over the current and previous words, for text",
                    MixingSpecs::word)
            .with("sparse", "sparse(bits=20): contexts that skip bytes, for binary records",
                    MixingSpecs::sparse)
            .with("mix", "mix(MODEL,...,mixer=logistic|linear,sse=on|off,rate=6,gates=3): context mixing of any models",
                    MixingSpecs::mix)
            .with("ppm", "ppm(n=5,smoother=ppmd|ppmc|kn,mem=22): byte n-gram, PPM escapes with exclusion or interpolated Kneser-Ney",
                    Models::ppm)
            .with("cm", io.bitscale.model.cm.CmSpecs.SUMMARY, io.bitscale.model.cm.CmSpecs::cm)
            .with("fast", "preset: " + PRESETS.get("fast") + "; size=10..40 sizes its tables", io.bitscale.model.cm.CmSpecs::preset)
            .with("default", "preset: " + PRESETS.get("default") + "; size=10..40 sizes its tables", io.bitscale.model.cm.CmSpecs::preset)
            .with("strong", "preset: " + PRESETS.get("strong") + "; size=10..40 sizes its tables", io.bitscale.model.cm.CmSpecs::preset)
            .with("max", "preset: " + PRESETS.get("max"), Models::preset)
            .with("mlp", NeuralSpecs.MLP_SUMMARY, NeuralSpecs::mlpFactory)
            .with("gru", NeuralSpecs.GRU_SUMMARY, NeuralSpecs::gruFactory);

    private Models() {
    }

    /** The standard registry; extend it with {@link ModelRegistry#with}. */
    public static ModelRegistry registry() {
        return STANDARD;
    }

    /** Parses and builds a spec with the standard registry. */
    public static PredictorFactory factory(String spec) {
        return STANDARD.factory(spec);
    }

    private static PredictorFactory ppm(Spec spec, ModelRegistry registry) {
        Arguments args = new Arguments(spec, "n", "smoother", "mem");
        int order = (int) args.integer("n", 5, 1, PpmModel.MAX_ORDER);
        String smoother = args.word("smoother", "ppmd", java.util.Set.of("ppmd", "ppmc", "kn"));
        int memBits = (int) args.integer("mem", 22, 12, 30);
        PpmModel.Smoother kind = PpmModel.Smoother.valueOf(smoother.toUpperCase(java.util.Locale.ROOT));
        return ModelRegistry.factory(spec, PpmModel.parameters(order, memBits), PpmModel.memoryBytes(order, memBits),
                () -> new PpmModel(order, memBits, kind));
    }

    private static PredictorFactory preset(Spec spec, ModelRegistry registry) {
        if (!spec.arguments().isEmpty()) {
            throw new SpecSyntaxException("preset '" + spec.name() + "' takes no arguments (it stands for "
                    + PRESETS.get(spec.name()) + ")", spec.toString(), spec.arguments().get(0).value().column());
        }
        // Always the standard models: a preset must mean the same thing in every registry.
        MixtureFactory expansion = (MixtureFactory) STANDARD.factory(PRESETS.get(spec.name()));
        return expansion.named(spec.name());
    }

    private static PredictorFactory direct(Spec spec, int order) {
        int limit = (int) new Arguments(spec, "limit").integer("limit", 1023, 1, 1023);
        return ModelRegistry.factory(spec, DirectOrderModel.parameters(order), DirectOrderModel.memoryBytes(order),
                () -> new DirectOrderModel(order, limit));
    }

    private static PredictorFactory frequency(Spec spec, int order) {
        new Arguments(spec);
        return ModelRegistry.factory(spec, FrequencyModel.parameters(order), FrequencyModel.memoryBytes(order),
                () -> new FrequencyModel(order));
    }

    private static PredictorFactory bits(Spec spec, ModelRegistry registry) {
        Spec inner = new Arguments(spec, "model").nested("model");
        if (inner == null) {
            throw new SpecSyntaxException("bits(...) needs a model argument", spec.toString(), spec.column());
        }
        PredictorFactory symbols = registry.build(inner);
        // + 32: the SymbolBits wrapper, as SymbolBits.memoryBytes() reports it.
        return ModelRegistry.factory(spec, symbols.parameters(), symbols.memoryBytes() + 32, () -> {
            var predictor = symbols.create();
            if (predictor instanceof BitPredictor bitPredictor) {
                return bitPredictor;
            }
            return new SymbolBits((SymbolPredictor) predictor);
        });
    }
}

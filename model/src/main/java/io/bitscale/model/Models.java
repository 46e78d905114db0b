package io.bitscale.model;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolBits;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.model.context.DirectOrderModel;
import io.bitscale.model.frequency.FrequencyModel;
import io.bitscale.model.neural.NeuralSpecs;
import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.Spec;
import io.bitscale.model.spec.SpecSyntaxException;

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
    public static final String DEFAULT_SPEC = "order2";

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
        return ModelRegistry.factory(spec, symbols.parameters(), symbols.memoryBytes() + 64, () -> {
            var predictor = symbols.create();
            if (predictor instanceof BitPredictor bitPredictor) {
                return bitPredictor;
            }
            return new SymbolBits((SymbolPredictor) predictor);
        });
    }
}

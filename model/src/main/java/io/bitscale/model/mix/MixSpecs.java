package io.bitscale.model.mix;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.spec.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The spec of context mixing: {@code mix(MODEL, ..., mixer=logistic|linear, sse=on|off|0..3,
 * rate=6, gates=3)}, any models of the registry as its positional arguments.
 */
public final class MixSpecs {

    private MixSpecs() {
    }

    /** {@code registry} plus {@code mix}. */
    public static ModelRegistry register(ModelRegistry registry) {
        return registry.with("mix",
                "mix(MODEL,...,mixer=logistic|linear,sse=on|off,rate=6,gates=3): context mixing of any models",
                MixSpecs::mix);
    }

    private static PredictorFactory mix(Arguments args, ModelRegistry registry) {
        boolean logistic = args.word("mixer", "logistic", Set.of("logistic", "linear")).equals("logistic");
        int sse = Mixture.Options.DEFAULT.sse();
        Spec.Value sseValue = args.value("sse");
        if (sseValue instanceof Spec.Number) {
            sse = (int) args.integer("sse", sse, 0, 3);
        } else if (sseValue != null) {
            sse = args.word("sse", "on", Set.of("on", "off")).equals("on") ? 3 : 0;
        }
        int rate = (int) args.integer("rate", Mixture.Options.DEFAULT.rate(), 1, 64);
        int gates = (int) args.integer("gates", Mixture.Options.DEFAULT.gates(), 1, 3);
        List<PredictorFactory> models = new ArrayList<>();
        for (Spec.Value value : args.positionalValues()) {
            if (!(value instanceof Spec.Nested) && !(value instanceof Spec.Word)) {
                throw args.error("mix(...) takes models, e.g. mix(order(1..4),match)", value);
            }
            models.add(registry.build(args.asModel(value)));
        }
        if (models.isEmpty()) {
            throw args.error("mix(...) needs at least one model");
        }
        return MixtureFactory.of(args.spec().toString(), models, new Mixture.Options(logistic, sse, rate, gates));
    }
}

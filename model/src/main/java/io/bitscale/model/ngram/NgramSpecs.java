package io.bitscale.model.ngram;

import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.ModelRegistry;

import java.util.Locale;
import java.util.Set;

/**
 * The spec of the byte n-gram model: {@code ppm(n=5,smoother=ppmd|ppmc|kn,mem=22)}, positional
 * in that order.
 */
public final class NgramSpecs {

    private NgramSpecs() {
    }

    /** {@code registry} plus {@code ppm}. */
    public static ModelRegistry register(ModelRegistry registry) {
        return registry.with("ppm",
                "ppm(n=5,smoother=ppmd|ppmc|kn,mem=22): byte n-gram, PPM escapes with exclusion or interpolated Kneser-Ney",
                (args, models) -> ppm(args));
    }

    private static io.bitscale.core.model.PredictorFactory ppm(Arguments args) {
        args.positional("n", "smoother", "mem");
        int order = (int) args.integer("n", 5, 1, PpmModel.MAX_ORDER);
        String smoother = args.word("smoother", "ppmd", Set.of("ppmd", "ppmc", "kn"));
        int memBits = (int) args.integer("mem", 22, 12, 30);
        PpmModel.Smoother kind = PpmModel.Smoother.valueOf(smoother.toUpperCase(Locale.ROOT));
        // Per byte, each order's counts are merged into a 256-entry table with exclusion.
        long operations = (order + 1) * 3L * 256 + 50;
        return ModelRegistry.factory(args.spec(), PpmModel.parameters(order, memBits), PpmModel.memoryBytes(order, memBits),
                operations, () -> new PpmModel(order, memBits, kind));
    }
}

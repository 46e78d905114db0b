package io.bitscale.model.frequency;

import io.bitscale.model.spec.ModelRegistry;

/**
 * The specs of the frequency models: {@code kt0} and {@code kt1}, Krichevsky–Trofimov byte
 * frequencies coded as 256-way distributions; they take no arguments.
 */
public final class FrequencySpecs {

    /** A 256-entry cumulative table is built for every byte, then one count is updated. */
    private static final long OPERATIONS_PER_BYTE = 3 * 256 + 10;

    private FrequencySpecs() {
    }

    /** {@code registry} plus {@code kt0} and {@code kt1}. */
    public static ModelRegistry register(ModelRegistry registry) {
        return registry
                .with("kt0", "order-0 Krichevsky-Trofimov byte frequencies, coded as 256-way distributions",
                        (args, models) -> ModelRegistry.factory(args.spec(), FrequencyModel.parameters(0),
                                FrequencyModel.memoryBytes(0), OPERATIONS_PER_BYTE, () -> new FrequencyModel(0)))
                .with("kt1", "order-1 Krichevsky-Trofimov byte frequencies, coded as 256-way distributions",
                        (args, models) -> ModelRegistry.factory(args.spec(), FrequencyModel.parameters(1),
                                FrequencyModel.memoryBytes(1), OPERATIONS_PER_BYTE, () -> new FrequencyModel(1)));
    }
}

package org.example.bitscale;

import io.bitscale.model.spec.ModelProvider;
import io.bitscale.model.spec.ModelRegistry;

/**
 * The plug-in: registers {@code run-order1(rate=N)} with every bitscale tool that loads this jar
 * ({@code bitscale eval --plugin target/bitscale-custom-model-1.0.jar -m run-order1 FILE}), found
 * through {@code META-INF/services/io.bitscale.model.spec.ModelProvider}.
 */
public final class RunLengthModels implements ModelProvider {

    @Override
    public ModelRegistry register(ModelRegistry registry) {
        return registry.with("run-order1", "order-1 with a run flag (example plug-in); rate=1..8 (default 4)",
                (args, models) -> {
                    args.positional("rate");
                    int rate = (int) args.integer("rate", 4, 1, 8);
                    return ModelRegistry.factory(args.spec(), RunLengthAwareOrder1.PARAMETERS,
                            RunLengthAwareOrder1.MEMORY_BYTES, RunLengthAwareOrder1.OPERATIONS_PER_BYTE,
                            () -> new RunLengthAwareOrder1(rate));
                });
    }
}

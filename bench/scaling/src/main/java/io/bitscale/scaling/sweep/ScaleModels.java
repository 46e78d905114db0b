package io.bitscale.scaling.sweep;

import io.bitscale.scaling.theory.KtAlphabetModel;

import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.Models;

/**
 * The models a sweep can name: every standard model ({@link Models#registry()}) plus the theory
 * fixtures of the harness:
 * <ul>
 *   <li>{@code ktm(order=K,m=M)}: the order-K KT estimator over bytes {@code 0..M-1}, coded as
 *       an exact M-way distribution ({@link KtAlphabetModel}); {@code d = M^K·(M-1)} parameters.</li>
 * </ul>
 * New model families merged into the model module appear here without changes.
 */
public final class ScaleModels {

    private ScaleModels() {
    }

    /** The standard registry plus the harness fixtures. */
    public static ModelRegistry registry() {
        return registry(Models.registry());
    }

    /** {@code base} plus the harness fixtures. */
    public static ModelRegistry registry(ModelRegistry base) {
        return base.with("ktm", "ktm(order=K,m=M): order-K KT estimator over bytes 0..M-1, exact M-way coding "
                + "(theory checks on synthetic sources)", (arguments, registry) -> {
                    arguments.positional("order", "m");
                    int order = (int) arguments.integer("order", 0, 0, 24);
                    int alphabet = (int) arguments.integer("m", 256, 2, 256);
                    return ModelRegistry.factory(arguments.spec(), KtAlphabetModel.parameters(order, alphabet),
                            KtAlphabetModel.memoryBytes(order, alphabet), () -> new KtAlphabetModel(order, alphabet));
                });
    }
}

package io.bitscale.model.spec;

/**
 * A plug-in that adds models to the registry, found through {@link java.util.ServiceLoader}: put
 * an implementation's class name in {@code META-INF/services/io.bitscale.model.spec.ModelProvider}
 * of your jar (or {@code provides ... with ...} in its module), and every bitscale tool that loads
 * your jar — {@code bitscale eval/compress/decompress/scale --plugin your.jar}, or a program with
 * it on the class path — knows your spec names. Decompression finds the model by the name in the
 * stream header, so the same plug-in must be present to decode.
 *
 * <pre>{@code
 * public final class MyModels implements ModelProvider {
 *     public ModelRegistry register(ModelRegistry registry) {
 *         return registry.with("mine", "my model; rate=1..16 (default 4)", (args, models) -> {
 *             int rate = (int) args.integer("rate", 4, 1, 16);
 *             return ModelRegistry.factory(args.spec(), 1000, 8000, () -> new MyModel(rate));
 *         });
 *     }
 * }
 * }</pre>
 *
 * <p>A provider must have a public no-argument constructor, register only new names (replacing a
 * built-in model is refused: streams naming it must keep meaning the same model), and build
 * deterministic models (see {@link io.bitscale.core.model.Predictor}).
 */
public interface ModelProvider {

    /** {@code registry} plus this provider's models. */
    ModelRegistry register(ModelRegistry registry);
}

/**
 * Tiny neural byte predictors in pure Java: {@link io.bitscale.model.neural.MlpPredictor}
 * ({@code mlp(...)}: embeddings of the last bytes and of hashed order-n and word contexts, tanh
 * layers, softmax) and {@link io.bitscale.model.neural.GruPredictor} ({@code gru(...)}: a GRU
 * trained with truncated back-propagation through time), trained online while coding with SGD,
 * momentum, AdaGrad, RMSProp or Adam ({@link io.bitscale.model.neural.OptimizerConfig}), or
 * pretrained by {@link io.bitscale.model.neural.Trainer} and saved as a
 * {@link io.bitscale.model.neural.Snapshot} ({@code .bsm}, float32/int8/int4).
 *
 * <p><b>Guarantees.</b> Every predictor gives the coder a 256-way table with total {@code 2^24}
 * and no zero-width byte ({@link io.bitscale.core.model.Cdf#fromProbabilities}); two instances
 * fed the same bytes produce the same tables on every JVM and CPU (IEEE {@code + - * /},
 * {@code Math.sqrt}, {@link io.bitscale.model.neural.NeuralMath}, fixed loop orders; checked
 * across JDK 17 and 25 by a test); a diverging model predicts uniformly instead of failing.
 * Snapshots are validated field by field before allocation and bound to streams by SHA-256.
 *
 * <p><b>Cost.</b> The default {@code mlp} (99,104 parameters, ~1 MiB of heap) spends about
 * 30 µs of CPU per byte coded (forward pass, softmax, one training step); a frozen snapshot about
 * a third of that. {@code parameters()} and {@code memoryBytes()} are known from the spec before
 * anything is allocated. See {@code docs/neural.md}.
 */
package io.bitscale.model.neural;

/**
 * Neural byte predictors in pure Java.
 *
 * <ul>
 *   <li>Per-byte networks, trained online one byte at a time or pretrained by
 *       {@link io.bitscale.model.neural.Trainer}: {@link io.bitscale.model.neural.MlpPredictor}
 *       ({@code mlp(...)}: embeddings of the last bytes and of hashed order-n and word contexts,
 *       tanh layers, softmax) and {@link io.bitscale.model.neural.GruPredictor} ({@code gru(...)},
 *       truncated back-propagation through time).</li>
 *   <li>Batched networks on the tensor kernels ({@link io.bitscale.model.neural.tensor}), which
 *       code a block as B interleaved segments ({@link io.bitscale.core.model.SegmentedPredictor}):
 *       one batched pass predicts a byte of every segment, a training step every U rounds learns
 *       from all of them. {@code mlp(impl=batched,segments=B,every=U)} is the {@code mlp} network
 *       (same tensors) computed that way; {@code transformer(layers,d,heads,ctx,...)} is a
 *       byte-level pre-LN causal transformer with a sliding ALiBi window, usable online, frozen
 *       from a snapshot (a whole chunk in one pass: {@link io.bitscale.model.neural.ChunkPredictor}),
 *       and pretrained on minibatches of sequences by
 *       {@link io.bitscale.model.neural.SequenceTrainer}.</li>
 *   <li>Optimizers SGD, momentum, AdaGrad, RMSProp, Adam/AdamW
 *       ({@link io.bitscale.model.neural.OptimizerConfig}); snapshots ({@code .bsm}, float32/int8/int4,
 *       {@link io.bitscale.model.neural.Snapshot}) of any {@link io.bitscale.model.neural.NeuralModel}.</li>
 * </ul>
 *
 * <p><b>Guarantees.</b> Every predictor gives the coder a 256-way table with total {@code 2^24}
 * and no zero-width byte ({@link io.bitscale.core.model.Cdf#fromProbabilities}, the one float to
 * fixed conversion); two instances fed the same bytes produce the same tables on every JVM and
 * CPU, and the batched networks and {@link io.bitscale.model.neural.SequenceTrainer} on any number
 * of threads (IEEE arithmetic in fixed orders, {@link java.lang.Math#fma} on every product path;
 * checked across JDK 17 and 25, one and two threads, scalar and Vector API kernels, by tests); a
 * diverging model predicts uniformly instead of failing. Snapshots are validated field by field
 * before allocation and bound to streams by SHA-256.
 *
 * <p><b>Cost.</b> Parameters, heap bytes and (through {@link io.bitscale.model.neural.NeuralFactory})
 * floating-point operations per byte are known from the spec before anything is allocated. The
 * default {@code mlp} (99,104 parameters) spends about 17 µs of CPU per byte coded online; see
 * {@code docs/neural.md} for the batched networks' speeds.
 */
package io.bitscale.model.neural;

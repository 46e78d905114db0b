/**
 * The tensor kernels of the neural models: matrix products ({@link io.bitscale.model.neural.tensor.MatMul}),
 * causal multi-head attention ({@link io.bitscale.model.neural.tensor.Attention}), layer
 * normalization, GELU and softmax ({@link io.bitscale.model.neural.tensor.Ops}), forward and
 * backward, over matrices stored as arrays of rows, multi-threaded on a small fixed pool
 * ({@link io.bitscale.model.neural.tensor.Workers}).
 *
 * <p><b>Reduction order (the guarantee).</b> Every element of a product is a single chain
 * {@code y = fma(a_p, b_p, y)} over its terms {@code p} in increasing order, started from its
 * initial value (zero, a bias, or what the output held); {@link Math#fma} is used on every product
 * path and nowhere is a sum split into partial sums. Vector lanes (the JIT's, over the contiguous
 * output index) and threads (over blocks of output rows, or (sequence, head) pairs in attention)
 * only ever separate different output elements. Row reductions of the element-wise operations
 * (means, variances, softmax normalizers) run in {@code double}, in increasing index, on one
 * thread. Hence results are bit-identical for any number of threads, any vector width, any JVM
 * that follows the Java floating-point specification (strict since 17), and for a row computed
 * alone or as part of a batch: the batched forward pass over a chunk and the one-position-at-a-time
 * pass of a decoder produce the same probabilities.
 *
 * <p><b>Transcendentals</b>: {@link io.bitscale.model.neural.tensor.Ops#exp} (IEEE {@code + - *}
 * only, written so that the JIT can vectorize loops over it) and {@link java.lang.StrictMath}.
 *
 * <p><b>Cost.</b> On the development machine (AMD EPYC Zen 4, JDK 17) the product loops run at
 * about 35-41 GFLOP/s per core, roughly 2.5-3 times the scalar FMA peak (14.4 GFLOP/s), because
 * HotSpot vectorizes them; a product splits over threads once it has more than 2^15
 * multiply-adds. Requires a CPU with FMA instructions for speed (every x86-64 since 2013, every
 * 64-bit ARM); without them {@link Math#fma} is exact but slow.
 */
package io.bitscale.model.neural.tensor;

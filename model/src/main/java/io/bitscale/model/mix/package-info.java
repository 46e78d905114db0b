/**
 * Context mixing: {@link io.bitscale.model.mix.Mixture} combines the inputs of
 * {@link io.bitscale.model.mix.Component}s with gated logistic mixers
 * ({@link io.bitscale.model.mix.Mixer}, optionally two layers) or linear averaging, then refines
 * with {@link io.bitscale.model.mix.Apm} (SSE) stages.
 *
 * <p>Guarantees: integer arithmetic only on the coding path (stretch/squash are tables built once
 * from {@code StrictMath}); no shared mutable state between instances; sizes stated before
 * allocation. Cost: memory latency dominates, one random access per hashed context per nibble
 * plus one per SSE stage per bit.
 */
package io.bitscale.model.mix;

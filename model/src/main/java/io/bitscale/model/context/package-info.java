/**
 * Context models: direct order-0..2 tables ({@link io.bitscale.model.context.DirectOrderModel}),
 * hashed order-k, word and sparse contexts over bit histories
 * ({@link io.bitscale.model.context.HashedContextModel}), and the
 * {@link io.bitscale.model.context.MatchModel}.
 *
 * <p>Guarantees: tables are allocated once at their stated size and never grow, so memory is
 * flat in the input length; replacement in hashed tables is deterministic.
 */
package io.bitscale.model.context;

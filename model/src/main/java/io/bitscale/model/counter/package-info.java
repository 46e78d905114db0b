/**
 * Bit counters and estimators: count-adaptive ({@link io.bitscale.model.counter.AdaptiveBit}) and
 * shift-rate ({@link io.bitscale.model.counter.ShiftBit}) probabilities, the
 * {@link io.bitscale.model.counter.BitHistory} state machine with its adaptive
 * {@link io.bitscale.model.counter.StateMap}, and closed-form KT / Laplace
 * {@link io.bitscale.model.counter.Estimators}. Integer arithmetic only.
 */
package io.bitscale.model.counter;

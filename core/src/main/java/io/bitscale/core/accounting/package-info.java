/**
 * Ideal code lengths, {@code -log2 p}, metered by decorating a predictor: the coder sees the same
 * probabilities, the meter sums their cost (per stream and, on request, per byte). Comparing the
 * sum with the payload measures the coder's overhead. Cost: one table lookup and an add per bit.
 */
package io.bitscale.core.accounting;

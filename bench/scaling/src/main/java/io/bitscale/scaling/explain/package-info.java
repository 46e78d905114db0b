/**
 * Where the bits go: per-byte records of a model's cost ({@link io.bitscale.scaling.explain.Explainer},
 * {@link io.bitscale.scaling.explain.ByteRecord}), the attribution of each byte's cost to the
 * parts of a mixture, the model's exact alternatives, and the pages and tables built from them
 * ({@link io.bitscale.scaling.explain.SurpriseMap}, {@link io.bitscale.scaling.explain.ExplainTsv}).
 *
 * <p>Guarantees: a byte's cost is the one the stream's meter reports for it (same loop, same
 * block resets); attributions sum to the cost; alternatives carry exact model probabilities.
 * Cost: the model's own per byte, about twice that for an attributed mixture.
 */
package io.bitscale.scaling.explain;

/**
 * The model SPI: what a researcher implements to plug a model into bitscale.
 * {@link io.bitscale.core.model.BitPredictor} predicts one bit at a time (16-bit fixed point),
 * {@link io.bitscale.core.model.SymbolPredictor} a 256-way distribution per byte,
 * {@link io.bitscale.core.model.SegmentedPredictor} such distributions for interleaved segments
 * of each block (so a network can predict many bytes in one batched pass);
 * {@link io.bitscale.core.model.PredictorFactory} states a model's size before building it.
 * {@link io.bitscale.core.model.Freezable} is optional: a model that can stop learning, for
 * frozen held-out evaluation.
 *
 * <p><b>Guarantees a model must give.</b> Probabilities strictly inside (0, 1); distributions
 * with every byte possible and an exact total; identical output for identical history on every
 * JVM (integer or IEEE-exact arithmetic, {@link java.lang.StrictMath}, fixed iteration order).
 * {@link io.bitscale.core.model.Probability#fromDouble} and
 * {@link io.bitscale.core.model.Cdf} are the only float-to-fixed conversions.
 */
package io.bitscale.core.model;

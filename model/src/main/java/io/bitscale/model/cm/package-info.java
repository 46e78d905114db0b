/**
 * The context-mixing engine behind the presets {@code fast}, {@code default} and {@code strong}:
 * {@link io.bitscale.model.cm.CmPredictor}, one final class whose per-bit path reads and writes
 * plain arrays and int fields only (no interface call per component per bit), configured by a
 * {@code cm(...)} spec ({@link io.bitscale.model.cm.CmSpecs}) and built by a
 * {@link io.bitscale.model.cm.CmFactory}.
 *
 * <pre>{@code
 * PredictorFactory factory = Models.factory("default");
 * factory = ((CmFactory) factory).forInputBytes(data.length);   // default(20): tables sized to the input
 * }</pre>
 *
 * <p>Guarantees: integer arithmetic only on the coding path (stretch/squash tables built once
 * from {@code StrictMath}); the decoder rebuilds the model from the spec in the header and
 * recomputes every probability bit for bit; all memory is allocated at construction
 * ({@link io.bitscale.model.cm.CmPredictor#memoryBytes(CmConfig)}, exact to within the array
 * headers) and never grows with the input.
 *
 * <p>Cost: per bit, one state read, one state-map read and one multiply-add per context and per
 * mixer, plus two interpolated SSE lookups; per byte, one 256-byte bucket per hashed context
 * (both nibbles' slots), all loaded before any is searched so their cache misses overlap, with the
 * match index entry and the SSE rows of the nibble: one wait for memory per byte. The tables dominate the time on
 * large inputs: run the JVM with {@code -XX:+UseTransparentHugePages} where it is allowed (about
 * 30% faster on this project's machines with a 64 MiB table).
 */
package io.bitscale.model.cm;

/**
 * Reversible transforms applied to a block's bytes before a model sees them.
 *
 * <p><b>Guarantees.</b> {@link io.bitscale.core.transform.WordTransform} maps any byte string to
 * a byte string that decodes back to exactly the same bytes (binary input included), in time
 * linear in the input and memory bounded by a constant
 * ({@link io.bitscale.core.transform.WordTransform#MEMORY_BYTES}); damaged transformed bytes are
 * a checked {@link io.bitscale.core.transform.MalformedTransformException}, never a wrong answer
 * that goes unnoticed by the caller's checks or an unbounded loop. The byte layout is documented
 * in {@code docs/format.md}.
 */
package io.bitscale.core.transform;

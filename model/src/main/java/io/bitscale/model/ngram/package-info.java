/**
 * Byte n-gram models that predict whole bytes as 256-way distributions:
 * {@link io.bitscale.model.ngram.PpmModel} with PPM (method C or D, exclusion) or interpolated
 * Kneser–Ney smoothing over the same counts.
 */
package io.bitscale.model.ngram;

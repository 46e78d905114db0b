package io.bitscale.scaling.fit;

/**
 * One observation for a fit.
 *
 * @param n model size (parameters); ignored by {@link Law#DATA}
 * @param d data size (bytes); ignored by {@link Law#SIZE}
 * @param y the loss, e.g. bits per byte
 */
public record Point(double n, double d, double y) {
}

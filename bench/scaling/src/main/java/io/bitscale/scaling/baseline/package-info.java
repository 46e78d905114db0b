/**
 * Baselines on the same bytes: the pure-Java general-purpose compressors
 * ({@link io.bitscale.scaling.baseline.Baseline}: JDK Deflater, xz-java, commons-compress BZip2),
 * driven on whole in-memory inputs so every byte of their standard stream format is counted.
 * Each is a {@link io.bitscale.scaling.baseline.Codec}; native codecs live in the JMH module.
 */
package io.bitscale.scaling.baseline;

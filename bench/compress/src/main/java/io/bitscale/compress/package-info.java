/**
 * bitscale inside Apache Commons Compress: {@link io.bitscale.compress.BitscaleCompressorStreamProvider}
 * (found by {@code CompressorStreamFactory} through {@link java.util.ServiceLoader} under the name
 * {@code "bitscale"}), the stream adapters, and {@link io.bitscale.compress.BitscaleCompressor} for
 * detection, which commons-compress does not let providers extend.
 *
 * <p>Guarantees: the streams are bitscale's container streams ({@code docs/format.md}) with their
 * checks and limits; nothing else is added to the format. Cost: the model's.
 */
package io.bitscale.compress;

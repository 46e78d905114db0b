/**
 * bitscale-compress: bitscale streams through Apache Commons Compress's
 * {@code CompressorStreamFactory}, under the name {@code "bitscale"}.
 */
module io.bitscale.compress {
    requires transitive io.bitscale.model;
    requires transitive org.apache.commons.compress;

    exports io.bitscale.compress;

    provides org.apache.commons.compress.compressors.CompressorStreamProvider
            with io.bitscale.compress.BitscaleCompressorStreamProvider;
}

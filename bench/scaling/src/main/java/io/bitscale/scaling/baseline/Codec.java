package io.bitscale.scaling.baseline;

import java.io.IOException;

/**
 * A general-purpose compressor at one setting, measured on whole in-memory inputs into its
 * standard container, so its size counts every byte a user would store.
 */
public interface Codec {

    /** The name used in tables and benchmark parameters, e.g. {@code xz-9e}. */
    String peerName();

    /**
     * Compresses all of {@code data} into {@code sink} (reset first).
     *
     * @return the compressed size, {@code sink.size()}
     */
    int compress(byte[] data, ByteSink sink) throws IOException;

    /**
     * Decompresses a whole stream written by {@link #compress} into {@code target}, which must
     * have exactly the original length.
     *
     * @return bytes written to {@code target}
     * @throws IOException if the stream is corrupt or does not decode to {@code target.length} bytes
     */
    int decompress(byte[] compressed, byte[] target) throws IOException;
}

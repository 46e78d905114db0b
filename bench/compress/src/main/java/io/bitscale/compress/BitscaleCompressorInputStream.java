package io.bitscale.compress;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.StreamHeader;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;

import java.io.IOException;
import java.io.InputStream;

/**
 * A {@link BitscaleInputStream} as a commons-compress {@link CompressorInputStream}: decompresses
 * a {@code .bsc} stream, rebuilding its model from the header, and counts bytes in and out
 * ({@link InputStreamStatistics}).
 *
 * <pre>{@code
 * try (InputStream in = new BitscaleCompressorInputStream(new BufferedInputStream(Files.newInputStream(source)))) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p>Every guarantee of {@link BitscaleInputStream} holds: no byte before its frame's CRC32C
 * matched, a typed {@link io.bitscale.core.stream.BitscaleException} (an {@link IOException}) for
 * damaged or hostile input, memory and work bounded by the {@link StreamOptions}.
 */
public final class BitscaleCompressorInputStream extends CompressorInputStream implements InputStreamStatistics {

    private final BitscaleInputStream in;

    /**
     * Reads with every model of {@link Models#registry()} (plug-ins on the class path included),
     * the default limits, and every concatenated member.
     *
     * @throws IOException as {@link BitscaleInputStream#BitscaleInputStream(InputStream, ModelResolver, StreamOptions)}
     */
    public BitscaleCompressorInputStream(InputStream in) throws IOException {
        this(in, Models.registry(), StreamOptions.DEFAULT);
    }

    /**
     * Reads with the given models and options.
     *
     * @throws IOException as {@link BitscaleInputStream#BitscaleInputStream(InputStream, ModelResolver, StreamOptions)}
     */
    public BitscaleCompressorInputStream(InputStream in, ModelResolver models, StreamOptions options) throws IOException {
        this.in = new BitscaleInputStream(in, models, options);
    }

    /**
     * Whether {@code signature} starts like a bitscale stream (the magic {@code 89 42 53 43}),
     * like {@code XZCompressorInputStream.matches}; see {@link BitscaleCompressor#detect}.
     */
    public static boolean matches(byte[] signature, int length) {
        return BitscaleInputStream.matches(signature, length);
    }

    /** The header of the first member: model spec, frame and block sizes, snapshot digest. */
    public StreamHeader header() {
        return in.header();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        count(n);
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Compressed bytes read so far. */
    @Override
    public long getCompressedCount() {
        return in.compressedBytesRead();
    }
}

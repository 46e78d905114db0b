package io.bitscale.compress;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.apache.commons.compress.compressors.CompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A {@link BitscaleOutputStream} as a commons-compress {@link CompressorOutputStream}: compresses
 * into a {@code .bsc} stream with a model of your choice (by default the {@code default} preset).
 *
 * <pre>{@code
 * try (OutputStream out = new BitscaleCompressorOutputStream(Files.newOutputStream(target), Models.factory("order2"),
 *         StreamOptions.DEFAULT)) {
 *     out.write(data);
 * }
 * }</pre>
 *
 * <p>{@link #finish()} ends the stream without closing the underlying one; {@link #close()}
 * finishes, then closes it. Writes go straight to the bitscale stream (not byte by byte, as a
 * plain {@link java.io.FilterOutputStream} would). Needs commons-compress 1.27.0 or later, whose
 * {@code CompressorOutputStream} wraps a stream.
 */
public final class BitscaleCompressorOutputStream extends CompressorOutputStream<BitscaleOutputStream> {

    /**
     * Compresses with the {@link Models#DEFAULT_SPEC} preset and the default options.
     *
     * @throws IOException if writing the header fails
     */
    public BitscaleCompressorOutputStream(OutputStream out) throws IOException {
        this(out, Models.factory(Models.DEFAULT_SPEC), StreamOptions.DEFAULT);
    }

    /**
     * Compresses with {@code model} and {@code options} (frame and block sizes, threads).
     *
     * @throws IOException if writing the header fails
     */
    public BitscaleCompressorOutputStream(OutputStream out, PredictorFactory model, StreamOptions options)
            throws IOException {
        super(new BitscaleOutputStream(out, model, options));
    }

    @Override
    public void write(int b) throws IOException {
        out().write(b);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out().write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
        out().flush();
    }

    /** Writes the last frame and the end record; the underlying stream stays open. */
    public void finish() throws IOException {
        out().finish();
    }

    @Override
    public void close() throws IOException {
        out().close();
    }

    /** Uncompressed bytes written so far. */
    public long getBytesWritten() {
        return out().uncompressedBytes();
    }
}

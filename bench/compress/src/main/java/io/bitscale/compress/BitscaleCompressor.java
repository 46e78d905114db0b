package io.bitscale.compress;

import io.bitscale.core.stream.BitscaleInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * Detection of bitscale streams next to commons-compress's own:
 * {@code CompressorStreamFactory.detect} knows only its built-in formats (a provider cannot add a
 * signature to it), so these methods check the bitscale magic first and hand anything else to the
 * factory.
 *
 * <pre>{@code
 * CompressorStreamFactory compressors = new CompressorStreamFactory();
 * try (InputStream in = BitscaleCompressor.createCompressorInputStream(compressors,
 *         new BufferedInputStream(Files.newInputStream(source)))) {     // .bsc, .gz, .xz, .zst, ...
 *     in.transferTo(out);
 * }
 * }</pre>
 */
public final class BitscaleCompressor {

    /** The compressor's name in commons-compress ({@code "bitscale"}); the file suffix is {@code .bsc}. */
    public static final String NAME = "bitscale";

    /** Bytes read to recognise a stream: the same 12 as {@code CompressorStreamFactory.detect}. */
    private static final int SIGNATURE_BYTES = 12;

    private BitscaleCompressor() {
    }

    /** Whether {@code signature} starts with the bitscale magic {@code 89 42 53 43}. */
    public static boolean matches(byte[] signature, int length) {
        return BitscaleInputStream.matches(signature, length);
    }

    /**
     * The compressor name of the stream: {@value #NAME} for a bitscale stream, else what
     * {@link CompressorStreamFactory#detect(InputStream)} says. The stream is left where it was.
     *
     * @throws IllegalArgumentException if {@code in} is null or does not support mark
     * @throws CompressorException      if no compressor recognises the stream, or reading fails
     */
    public static String detect(InputStream in) throws CompressorException {
        if (in == null) {
            throw new IllegalArgumentException("Stream must not be null.");
        }
        if (!in.markSupported()) {
            throw new IllegalArgumentException("Mark is not supported.");
        }
        byte[] signature = new byte[SIGNATURE_BYTES];
        in.mark(signature.length);
        int length;
        try {
            length = in.readNBytes(signature, 0, signature.length);
            in.reset();
        } catch (IOException e) {
            throw new CompressorException("IOException while reading signature.", e);
        }
        return matches(signature, length) ? NAME : CompressorStreamFactory.detect(in);
    }

    /**
     * A decompressing stream for whatever {@code in} holds, bitscale or any format {@code factory}
     * knows, as {@link CompressorStreamFactory#createCompressorInputStream(InputStream)} would do
     * if it could recognise bitscale.
     *
     * @throws IllegalArgumentException if {@code in} does not support mark
     * @throws CompressorException      if the format is not recognised or the stream cannot be opened
     */
    public static CompressorInputStream createCompressorInputStream(CompressorStreamFactory factory, InputStream in)
            throws CompressorException {
        return factory.createCompressorInputStream(detect(in), in);
    }
}

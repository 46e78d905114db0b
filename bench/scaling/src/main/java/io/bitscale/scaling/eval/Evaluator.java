package io.bitscale.scaling.eval;

import io.bitscale.core.io.Sha256;
import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Measures a model on an input the way a user would run it: compress through the real
 * container into memory (metering the ideal code length on the way), then decompress with a
 * fresh model rebuilt from the header and compare every byte with the input. A mismatch is a
 * bug in the model or the coder and raises {@link RoundTripException}.
 *
 * <pre>{@code
 * EvalResult result = new Evaluator(Models.registry()).evaluate("book1", factory,
 *         () -> Files.newInputStream(path), Files.size(path));
 * System.out.println(result.bpb());
 * }</pre>
 *
 * <p>Memory: the compressed stream is held in memory (inputs are read twice, streaming), so
 * inputs up to a few GB compress to what fits the heap.
 */
public final class Evaluator {

    /** Opens the input; called twice (once to compress, once to compare). */
    @FunctionalInterface
    public interface Source {
        /** A fresh stream over the same bytes. */
        InputStream open() throws IOException;
    }

    /** The decompressed bytes differ from the input. */
    public static final class RoundTripException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RoundTripException(String message) {
            super(message);
        }
    }

    private final ModelResolver resolver;
    private final StreamOptions options;
    private final Progress progress;

    /** An evaluator with default stream options and no progress display. */
    public Evaluator(ModelResolver resolver) {
        this(resolver, StreamOptions.DEFAULT, Progress.NONE);
    }

    /**
     * @param resolver rebuilds the model from the header for decompression
     * @param options  container options for compression
     * @param progress receives byte counts as work proceeds
     */
    public Evaluator(ModelResolver resolver, StreamOptions options, Progress progress) {
        this.resolver = resolver;
        this.options = options;
        this.progress = progress;
    }

    /** Receives progress: bytes done of a total, per phase. */
    @FunctionalInterface
    public interface Progress {
        /** No progress display. */
        Progress NONE = (phase, done, total) -> { };

        /**
         * @param phase "compress" or "decompress"
         * @param done  bytes done
         * @param total bytes in all, or -1 if unknown
         */
        void update(String phase, long done, long total);
    }

    /** Evaluates a model on in-memory bytes. */
    public EvalResult evaluate(String label, PredictorFactory factory, byte[] data) throws IOException {
        return evaluate(label, factory, () -> new ByteArrayInputStream(data), data.length);
    }

    /**
     * Evaluates a model on a source.
     *
     * @param totalBytes the source's size if known (for progress), else -1
     */
    public EvalResult evaluate(String label, PredictorFactory factory, Source source, long totalBytes)
            throws IOException {
        CodeLengthMeter meter = new CodeLengthMeter();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        long start = System.nanoTime();
        BitscaleOutputStream out = new BitscaleOutputStream(compressed, factory, options, meter);
        try (InputStream in = new DigestInputStream(source.open(), digest)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                bytes += n;
                progress.update("compress", bytes, totalBytes);
            }
        }
        out.finish();
        double compressSeconds = (System.nanoTime() - start) / 1e9;
        byte[] stream = compressed.toByteArray();
        compressed = null;

        start = System.nanoTime();
        long compared = 0;
        try (InputStream decoded = new BitscaleInputStream(new ByteArrayInputStream(stream), resolver);
             InputStream original = source.open()) {
            byte[] expected = new byte[buffer.length];
            int n;
            while ((n = decoded.read(buffer)) > 0) {
                int got = original.readNBytes(expected, 0, n);
                for (int i = 0; i < n; i++) {
                    if (i >= got || buffer[i] != expected[i]) {
                        throw new RoundTripException("decompressed byte " + (compared + i) + " of " + label
                                + " differs from the input with model " + factory.spec());
                    }
                }
                compared += n;
                progress.update("decompress", compared, bytes);
            }
            if (original.read() >= 0 || compared != bytes) {
                throw new RoundTripException("decompressed " + compared + " bytes of " + label + " but the input has "
                        + bytes + " with model " + factory.spec());
            }
        }
        double decompressSeconds = (System.nanoTime() - start) / 1e9;
        return new EvalResult(label, factory.spec(), bytes, stream.length, out.payloadBytes(), meter.idealBits(),
                factory.parameters(), factory.memoryBytes(), compressSeconds, decompressSeconds,
                HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /** Compresses to an output stream (used by the CLI), returning the stream for its counters. */
    public static BitscaleOutputStream compress(InputStream in, OutputStream out, PredictorFactory factory,
                                                StreamOptions options, Progress progress, long totalBytes)
            throws IOException {
        BitscaleOutputStream compressor = new BitscaleOutputStream(out, factory, options);
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            compressor.write(buffer, 0, n);
            done += n;
            progress.update("compress", done, totalBytes);
        }
        compressor.finish();
        return compressor;
    }
}

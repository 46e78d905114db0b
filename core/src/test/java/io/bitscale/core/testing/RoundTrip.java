package io.bitscale.core.testing;

import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Compress-and-decompress helpers: through the container streams
 * ({@link BitscaleOutputStream} / {@link BitscaleInputStream}) or one bare coded block
 * ({@link PredictiveCoder}), with the ideal code length measured by {@link CodeLengthMeter} on
 * the way.
 *
 * <pre>{@code
 * RoundTrip.Result result = RoundTrip.stream(factory, resolver, data, StreamOptions.DEFAULT);
 * result.assertWithinIdeal("what");    // payload <= ideal · (1 + 0.01%) + 64 bits (+16 per extra frame)
 * }</pre>
 */
public final class RoundTrip {

    /** Relative slack of the payload over the ideal code length: 0.01%. */
    public static final double RELATIVE_SLACK = 1e-4;
    /** Absolute slack of the payload over the ideal code length, in bits. */
    public static final double ABSOLUTE_SLACK_BITS = 64;
    /**
     * Extra slack per additional frame: every frame is a separately flushed block, whose flush
     * costs a few bits (at most about 9 plus the rounding to a whole byte).
     */
    public static final double FRAME_SLACK_BITS = 16;

    private RoundTrip() {
    }

    /**
     * What a round trip measured.
     *
     * @param originalBytes   input size
     * @param compressedBytes whole container size (0 for a bare block)
     * @param payloadBytes    bytes written by the arithmetic coder
     * @param frames          container frames (1 for a bare block)
     * @param idealBits       {@code Σ -log2 p} of everything coded
     */
    public record Result(long originalBytes, long compressedBytes, long payloadBytes, long frames,
                         double idealBits) {
        /** Payload size in bits. */
        public long payloadBits() {
            return 8 * payloadBytes;
        }

        /** Payload minus ideal, in bits (may be slightly negative, see the coder docs). */
        public double overheadBits() {
            return payloadBits() - idealBits;
        }

        /** Overhead relative to the ideal, in percent. */
        public double overheadPercent() {
            return idealBits == 0 ? 0 : 100 * overheadBits() / idealBits;
        }

        /** The allowed payload: {@code ideal · (1 + 0.01%) + 64} bits, plus 16 bits per frame after the first. */
        public double boundBits() {
            return idealBits * (1 + RELATIVE_SLACK) + ABSOLUTE_SLACK_BITS + FRAME_SLACK_BITS * Math.max(0, frames - 1);
        }

        /** Container bits per original byte. */
        public double bitsPerByte() {
            return originalBytes == 0 ? 0 : 8.0 * compressedBytes / originalBytes;
        }

        /** Fails unless the payload is within {@link #boundBits()} (one-sided). */
        public Result assertWithinIdeal(String what) {
            if (payloadBits() > boundBits()) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: payload %d bits exceeds ideal %.1f bits by %.1f bits (allowed %.1f)",
                        what, payloadBits(), idealBits, overheadBits(), boundBits() - idealBits));
            }
            return this;
        }

        /** One table row: bytes, payload bits, ideal bits, overhead bits and %, bpb. */
        public String row() {
            return String.format(Locale.ROOT, "%10d %12d %14.1f %+9.1f %+9.5f%% %7.4f",
                    originalBytes, payloadBits(), idealBits, overheadBits(), overheadPercent(),
                    payloadBits() / (double) Math.max(1, originalBytes));
        }

        /** Header for {@link #row()}. */
        public static String header() {
            return String.format(Locale.ROOT, "%10s %12s %14s %9s %10s %7s",
                    "bytes", "payloadBits", "idealBits", "overhead", "overhead%", "bpb");
        }
    }

    /** Compresses {@code data} into a container with {@code factory}. */
    public static byte[] compress(PredictorFactory factory, byte[] data, StreamOptions options) {
        try {
            ByteArrayOutputStream sink = new ByteArrayOutputStream(data.length / 2 + 64);
            try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory, options)) {
                out.write(data);
            }
            return sink.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decompresses a whole container without a memory limit. */
    public static byte[] decompress(byte[] compressed, ModelResolver resolver) throws IOException {
        return decompress(compressed, resolver, BitscaleInputStream.NO_LIMIT);
    }

    /** Decompresses a whole container with a memory limit. */
    public static byte[] decompress(byte[] compressed, ModelResolver resolver, long memoryLimitBytes)
            throws IOException {
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), resolver,
                memoryLimitBytes)) {
            return in.readAllBytes();
        }
    }

    /**
     * Compresses through the container with a metered factory, decompresses with
     * {@code resolver}, and fails unless the output equals the input.
     */
    public static Result stream(PredictorFactory factory, ModelResolver resolver, byte[] data,
                                StreamOptions options) {
        CodeLengthMeter meter = new CodeLengthMeter();
        ByteArrayOutputStream sink = new ByteArrayOutputStream(data.length / 2 + 64);
        long payload;
        long frames;
        try {
            try (BitscaleOutputStream out = new BitscaleOutputStream(sink, meter.meter(factory), options)) {
                out.write(data);
                out.finish();
                payload = out.payloadBytes();
                frames = out.frameCount();
            }
            byte[] compressed = sink.toByteArray();
            byte[] decoded = decompress(compressed, resolver);
            assertSameBytes(factory.spec(), data, decoded);
            if (meter.bytes() != data.length) {
                throw new AssertionError("meter counted " + meter.bytes() + " bytes of " + data.length);
            }
            return new Result(data.length, compressed.length, payload, frames, meter.idealBits());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Codes {@code data} as one bare block and decodes it with a fresh predictor; fails on any difference. */
    public static Result block(PredictorFactory factory, byte[] data) {
        CodeLengthMeter meter = new CodeLengthMeter();
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        PredictiveCoder.of(meter.meter(factory.create())).codeBlock(encoder, data.clone(), 0, data.length);
        byte[] payload = encoder.finish();
        byte[] decoded = new byte[data.length];
        ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
        PredictiveCoder.of(factory.create()).codeBlock(decoder, decoded, 0, decoded.length);
        assertSameBytes(factory.spec(), data, decoded);
        if (decoder.bytesRead() < payload.length) {
            throw new AssertionError("decoder used " + decoder.bytesRead() + " of " + payload.length + " payload bytes");
        }
        return new Result(data.length, 0, payload.length, 1, meter.idealBits());
    }

    /** Fails with the first differing offset unless the arrays are equal. */
    public static void assertSameBytes(String what, byte[] expected, byte[] actual) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        int mismatch = Arrays.mismatch(expected, actual);
        throw new AssertionError(what + ": decoded " + actual.length + " bytes, expected " + expected.length
                + ", first difference at offset " + mismatch);
    }
}

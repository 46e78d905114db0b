package io.bitscale.core.testing;

import io.bitscale.core.accounting.ByteCostListener;
import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;
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
 * result.assertNotBelowIdeal("what");  // payload >= ideal - free frame tails - 128 bits per frame
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
     * @param freeTailBits    of {@code idealBits}, the cost of the runs of bytes at the end of each
     *                        frame that own the lowest sub-interval at every step (0xFF for a bit
     *                        predictor, whose bit 1 is lowest; 0x00 for a symbol predictor): the
     *                        coder writes nothing for them, as the decoder reads zeros past the end
     * @param storedFrames    frames the container stored raw because coding would have expanded them
     */
    public record Result(long originalBytes, long compressedBytes, long payloadBytes, long frames,
                         double idealBits, double freeTailBits, long storedFrames) {
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

        /**
         * Fails if the payload is shorter than the ideal minus what the frames' free tails explain
         * (and 128 bits per frame for a partial last byte): a sanity check on the accounting, since
         * no coder beats the ideal otherwise.
         */
        public Result assertNotBelowIdeal(String what) {
            if (storedFrames > 0) {
                // A stored frame holds the raw bytes: below the ideal exactly when the model was
                // worse than 8 bits per byte, which is why it was stored (checked by the contract).
                return this;
            }
            double floor = idealBits - freeTailBits - 128.0 * Math.max(1, frames);
            if (payloadBits() < floor) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: payload %d bits is below ideal %.1f bits minus free tails %.1f bits",
                        what, payloadBits(), idealBits, freeTailBits));
            }
            return this;
        }

        /** One table row: bytes, payload bits, ideal bits, overhead bits and %, free tail bits, bpb. */
        public String row() {
            return String.format(Locale.ROOT, "%10d %12d %14.1f %+9.1f %+9.5f%% %9.1f %7.4f",
                    originalBytes, payloadBits(), idealBits, overheadBits(), overheadPercent(), freeTailBits,
                    payloadBits() / (double) Math.max(1, originalBytes));
        }

        /** Header for {@link #row()}. */
        public static String header() {
            return String.format(Locale.ROOT, "%10s %12s %14s %9s %10s %9s %7s",
                    "bytes", "payloadBits", "idealBits", "overhead", "overhead%", "freeTail", "bpb");
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
        FreeTail freeTail = new FreeTail(data, options.frameBytes(), factory);
        meter.onByte(freeTail);
        ByteArrayOutputStream sink = new ByteArrayOutputStream(data.length / 2 + 64);
        long payload;
        long frames;
        long stored;
        try {
            try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory, options, meter)) {
                out.write(data);
                out.finish();
                payload = out.payloadBytes();
                frames = out.frameCount();
                stored = out.storedFrames();
            }
            byte[] compressed = sink.toByteArray();
            byte[] decoded = decompress(compressed, resolver);
            assertSameBytes(factory.spec(), data, decoded);
            if (meter.bytes() != data.length) {
                throw new AssertionError("meter counted " + meter.bytes() + " bytes of " + data.length);
            }
            return new Result(data.length, compressed.length, payload, frames, meter.idealBits(), freeTail.bits(), stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Codes {@code data} as one bare block and decodes it with a fresh predictor; fails on any difference. */
    public static Result block(PredictorFactory factory, byte[] data) {
        CodeLengthMeter meter = new CodeLengthMeter();
        FreeTail freeTail = new FreeTail(data, Integer.MAX_VALUE, factory);
        meter.onByte(freeTail);
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        PredictiveCoder.of(factory.create()).observedBy(meter).codeBlock(encoder, data.clone(), 0, data.length);
        byte[] payload = encoder.finish();
        byte[] decoded = new byte[data.length];
        ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
        PredictiveCoder.of(factory.create()).codeBlock(decoder, decoded, 0, decoded.length);
        assertSameBytes(factory.spec(), data, decoded);
        if (decoder.bytesRead() < payload.length) {
            throw new AssertionError("decoder used " + decoder.bytesRead() + " of " + payload.length + " payload bytes");
        }
        return new Result(data.length, 0, payload.length, 1, meter.idealBits(), freeTail.bits(), 0);
    }

    /** Sums the ideal cost of the run of lowest-sub-interval bytes that ends each frame. */
    private static final class FreeTail implements ByteCostListener {
        private final byte[] data;
        private final long frameBytes;
        private final int freeByte;
        private double run;
        private double total;

        FreeTail(byte[] data, int frameBytes, PredictorFactory factory) {
            this.data = data;
            this.frameBytes = frameBytes;
            this.freeByte = factory.create() instanceof SymbolPredictor ? 0x00 : 0xFF;
        }

        @Override
        public void byteCoded(long offset, double bits) {
            run = (data[(int) offset] & 0xFF) == freeByte ? run + bits : 0;
            if ((offset + 1) % frameBytes == 0 || offset + 1 == data.length) {
                total += run;
                run = 0;
            }
        }

        double bits() {
            return total;
        }
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

package io.bitscale.core.stream;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.testing.RoundTrip;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every way a stream can be refused: not ours, a version or flag this build does not know, a
 * model it cannot build or that is not the one the stream needs, a memory limit, damage in the
 * header, a frame or the end record; and the rule that both streams remember their first error.
 */
class StreamErrorTest {

    private static final PredictorFactory MODEL = TestModels.order0Bits();
    private static final ModelResolver RESOLVER = TestModels.resolver(MODEL);
    private static final byte[] DATA = TestData.text(1, 3000);
    /** Header of test-order0: 4 + 3 + 1 + 11 + 4 bytes. */
    private static final int HEADER = 24;

    private static byte[] compressed() {
        return RoundTrip.compress(MODEL, DATA, new StreamOptions(1024));
    }

    private static Throwable decodeError(byte[] compressed, ModelResolver resolver, long limit) {
        return catchThrowable(() -> RoundTrip.decompress(compressed, resolver, limit));
    }

    private static Throwable decodeError(byte[] compressed) {
        return decodeError(compressed, RESOLVER, BitscaleInputStream.NO_LIMIT);
    }

    /** Rewrites the header CRC after a deliberate header change. */
    private static void fixHeaderCrc(byte[] stream, int headerBytes) {
        CRC32C crc = new CRC32C();
        crc.update(stream, 0, headerBytes - 4);
        int value = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            stream[headerBytes - 4 + i] = (byte) (value >>> (8 * i));
        }
    }

    @Test
    void wrongMagicIsNotOurFormat() {
        byte[] stream = compressed();
        stream[1] = 'X';
        assertThat(decodeError(stream)).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("not a bitscale stream").hasMessageContaining("89 58 53 43");
        assertThat(decodeError(new byte[0])).isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("nothing");
        assertThat(decodeError("PK\3\4 a zip file".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(UnsupportedFormatException.class);
        assertThat(decodeError(Arrays.copyOf(compressed(), 3))).isInstanceOf(UnsupportedFormatException.class);
    }

    /**
     * The version is judged before the header CRC: a stream of another version may lay out the
     * rest of its header differently, so its CRC cannot be checked. A changed version byte is
     * therefore "unsupported" (naming the version) whether or not the CRC still matches.
     */
    @Test
    void otherFormatVersionIsUnsupportedWithOrWithoutAValidCrc() {
        for (int version : new int[] {0, 1, 3, 0x81, 0xFF}) {
            byte[] stream = compressed();
            stream[4] = (byte) version;
            assertThat(decodeError(stream)).as("version %d, stale CRC", version)
                    .isInstanceOf(UnsupportedFormatException.class)
                    .hasMessageContaining("format version " + version);
            fixHeaderCrc(stream, HEADER);
            assertThat(decodeError(stream)).as("version %d, valid CRC", version)
                    .isInstanceOf(UnsupportedFormatException.class)
                    .hasMessageContaining("format version " + version);
        }
    }

    @Test
    void unknownFlagsAreUnsupported() {
        byte[] stream = compressed();
        stream[5] = (byte) 0x80;
        fixHeaderCrc(stream, HEADER);
        assertThat(decodeError(stream)).isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("flags 0x80");
    }

    @Test
    void damagedHeaderFailsItsCrc() {
        for (int offset = 7; offset < HEADER; offset++) {
            byte[] stream = compressed();
            stream[offset] ^= 0x04;
            Throwable error = decodeError(stream);
            assertThat(error).as("flip in header byte %d", offset).isInstanceOf(CorruptedInputException.class);
            assertThat(((CorruptedInputException) error).offset()).isBetween(0L, (long) HEADER);
        }
        byte[] stream = compressed();
        stream[HEADER - 1] ^= 1;
        assertThat(decodeError(stream)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("header checksum mismatch");
        byte[] badFrameSize = compressed();
        badFrameSize[6] = 30;
        fixHeaderCrc(badFrameSize, HEADER);
        assertThat(decodeError(badFrameSize)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("frame size 2^30");
        byte[] badBlockSize = compressed();
        badBlockSize[7] = 9;
        fixHeaderCrc(badBlockSize, HEADER);
        assertThat(decodeError(badBlockSize)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("block size 2^9");
    }

    @Test
    void resolverThatRejectsTheSpecMakesTheStreamUnsupported() {
        ModelResolver none = spec -> {
            throw new IllegalArgumentException("no model called '" + spec + "' here");
        };
        Throwable error = decodeError(compressed(), none, BitscaleInputStream.NO_LIMIT);
        assertThat(error).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("test-order0").hasMessageContaining("no model called")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotDigestMismatchIsRefusedBeforeDecoding() {
        byte[] written = new byte[32];
        Arrays.fill(written, (byte) 0xAB);
        byte[] offered = written.clone();
        offered[31] = 0;
        PredictorFactory writer = TestModels.withSnapshot(MODEL, written);
        byte[] stream = RoundTrip.compress(writer, DATA, StreamOptions.DEFAULT);
        AtomicInteger creations = new AtomicInteger();
        PredictorFactory other = TestModels.counting(TestModels.withSnapshot(MODEL, offered), 1000, creations);
        PredictorFactory otherWithDigest = TestModels.withSnapshot(other, offered);
        assertThat(decodeError(stream, spec -> otherWithDigest, BitscaleInputStream.NO_LIMIT))
                .isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining("abababab").hasMessageContaining("ab00");
        assertThat(creations).as("no model is built for a mismatched stream").hasValue(0);
        // A stream without a snapshot refuses a pretrained model, and the other way round.
        assertThat(decodeError(compressed(), spec -> otherWithDigest, BitscaleInputStream.NO_LIMIT))
                .isInstanceOf(ModelMismatchException.class).hasMessageContaining("none");
        assertThat(decodeError(stream)).isInstanceOf(ModelMismatchException.class);
        assertThat(catchThrowable(() -> RoundTrip.decompress(stream, TestModels.resolver(writer)))).isNull();
    }

    @Test
    void memoryLimitIsCheckedBeforeTheModelIsBuilt() {
        AtomicInteger creations = new AtomicInteger();
        PredictorFactory huge = TestModels.counting(MODEL, 3L << 40, creations);
        byte[] stream = compressed();
        Throwable error = decodeError(stream, spec -> huge, 1L << 30);
        assertThat(error).isInstanceOf(MemoryLimitException.class).hasMessageContaining("test-order0");
        MemoryLimitException limit = (MemoryLimitException) error;
        assertThat(limit.requiredBytes()).isEqualTo((3L << 40) + 2 * 1024);
        assertThat(limit.limitBytes()).isEqualTo(1L << 30);
        assertThat(creations).as("nothing allocated for a refused model").hasValue(0);
        // A tiny limit refuses even the small model; a sufficient one decodes.
        assertThat(decodeError(stream, RESOLVER, 1000)).isInstanceOf(MemoryLimitException.class);
        assertThat(decodeError(stream, RESOLVER, MODEL.memoryBytes() + 4 * 1024)).isNull();
        assertThatThrownBy(() -> new BitscaleInputStream(new ByteArrayInputStream(stream), RESOLVER, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The automatic limit is judged on the live heap. Garbage that the collector has not reached yet
     * (here 64 MiB held only weakly) makes the heap look full; a model that fits once it is
     * collected must decode, and one that does not fit even then is still refused.
     */
    @Test
    void automaticMemoryLimitDoesNotCountUncollectedGarbage() throws IOException {
        byte[] stream = compressed();
        List<WeakReference<byte[]>> garbage = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            garbage.add(new WeakReference<>(new byte[1 << 20]));
        }
        long limitWithGarbage = StreamOptions.DEFAULT.effectiveMemoryLimitBytes();
        long declared = limitWithGarbage + (16L << 20);
        AtomicInteger creations = new AtomicInteger();
        PredictorFactory fitsWhenCollected = TestModels.counting(MODEL, declared, creations);
        assertThat(garbage).as("the garbage is still on the heap, so the limit read now refuses the model")
                .allMatch(reference -> reference.get() != null);
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), spec -> fitsWhenCollected,
                StreamOptions.DEFAULT)) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
        assertThat(creations).hasValue(1);
        PredictorFactory neverFits = TestModels.counting(MODEL, Runtime.getRuntime().maxMemory(), creations);
        assertThat(catchThrowable(() -> new BitscaleInputStream(new ByteArrayInputStream(stream), spec -> neverFits,
                StreamOptions.DEFAULT))).isInstanceOf(MemoryLimitException.class);
        assertThat(creations).hasValue(1);
    }

    @Test
    void memoryLimitHoldsForModelsDeclaringNearlyUnboundedSizes() {
        AtomicInteger creations = new AtomicInteger();
        for (long declared : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1024, -1}) {
            PredictorFactory absurd = TestModels.counting(MODEL, declared, creations);
            assertThat(decodeError(compressed(), spec -> absurd, 1L << 30)).as("declared %d bytes", declared)
                    .isInstanceOf(MemoryLimitException.class);
        }
        assertThat(creations).hasValue(0);
    }

    @Test
    void damagedFrameIsReportedWhereItWasDetected() throws IOException {
        byte[] stream = compressed();
        int frame = HEADER;
        assertThat(stream[frame] & 0xFF).isEqualTo(0xD1);
        int crcOffset = locateFirstFrameCrc(stream);
        byte[] badCrc = stream.clone();
        badCrc[crcOffset + 2] ^= 0x10;
        Throwable error = decodeError(badCrc);
        assertThat(error).isInstanceOf(CorruptedInputException.class).hasMessageContaining("frame 0 checksum mismatch");
        assertThat(((CorruptedInputException) error).offset()).isEqualTo(crcOffset);
        byte[] badTag = stream.clone();
        badTag[frame] = 0x42;
        assertThat(decodeError(badTag)).isInstanceOf(CorruptedInputException.class).hasMessageContaining("unknown record tag 0x42");
    }

    /**
     * A payload padded with zero bytes decodes to the same data (the decoder reads zeros past the
     * end anyway) and passes the data CRC, but no encoder wrote those bytes: the reader refuses it.
     */
    @Test
    void payloadWithBytesNoEncoderWroteIsRefused() {
        byte[] data = TestData.text(3, 1000);
        byte[] stream = RoundTrip.compress(MODEL, data, new StreamOptions(1024));
        int crcOffset = locateFirstFrameCrc(stream);
        int payloadLengthAt = HEADER + 3; // D1, varint 1000 (2 bytes)
        int payloadLength = crcOffset - (payloadLengthAt + 2);
        assertThat((stream[payloadLengthAt] & 0x7F) | (stream[payloadLengthAt + 1] << 7)).isEqualTo(payloadLength);
        int padded = payloadLength + 16;
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        forged.write(stream, 0, payloadLengthAt);
        forged.write(0x80 | (padded & 0x7F));
        forged.write(padded >>> 7);
        forged.write(stream, payloadLengthAt + 2, payloadLength);
        forged.write(new byte[16], 0, 16);
        forged.write(stream, crcOffset, stream.length - crcOffset);
        assertThat(decodeError(forged.toByteArray())).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("frame 0 payload has").hasMessageContaining("bytes the decoder did not use");
    }

    /** Offset of frame 0's CRC: header, tag, varint original length, varint payload length, payload. */
    private static int locateFirstFrameCrc(byte[] stream) {
        int position = HEADER + 1;
        while ((stream[position++] & 0x80) != 0) {
            // original length
        }
        int payload = 0;
        int shift = 0;
        int b;
        do {
            b = stream[position++] & 0xFF;
            payload |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return position + payload;
    }

    @Test
    void damagedEndRecordIsDetected() {
        byte[] stream = compressed();
        int end = stream.length - 8; // E0, varint 3000 (2 bytes), varint 3 frames, CRC
        assertThat(stream[end] & 0xFF).isEqualTo(0xE0);
        byte[] badCount = stream.clone();
        badCount[end + 3] = 4;
        assertThat(decodeError(badCount)).isInstanceOf(CorruptedInputException.class).hasMessageContaining("end record");
        // A consistent-looking end record that disagrees with the frames read.
        byte[] wrongTotal = stream.clone();
        wrongTotal[end + 1] ^= 0x01;
        CRC32C crc = new CRC32C();
        crc.update(wrongTotal, end, 4);
        int value = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            wrongTotal[end + 4 + i] = (byte) (value >>> (8 * i));
        }
        assertThat(decodeError(wrongTotal)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("end record says 3001 bytes");
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] stream = compressed();
        for (int length = 0; length < stream.length; length++) {
            Throwable error = decodeError(Arrays.copyOf(stream, length));
            assertThat(error).as("stream cut to %d of %d bytes", length, stream.length).isInstanceOf(BitscaleException.class);
            if (length >= 4) {
                assertThat(error).isInstanceOf(CorruptedInputException.class);
            }
        }
    }

    @Test
    void inputStreamRemembersItsFirstError() throws IOException {
        byte[] stream = compressed();
        stream[stream.length - 10] ^= 0x20; // last frame
        BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), RESOLVER);
        byte[] buffer = new byte[4096];
        Throwable first = catchThrowable(() -> {
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // read until the damage
            }
        });
        assertThat(first).isInstanceOf(CorruptedInputException.class);
        assertThat(in.uncompressedBytes()).as("frames before the damage were delivered").isEqualTo(2048);
        assertThat(catchThrowable(in::read)).isSameAs(first);
        assertThat(catchThrowable(in::available)).isSameAs(first);
    }

    @Test
    void outputStreamRemembersItsFirstError() throws IOException {
        IOException diskFull = new IOException("disk full");
        OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if ((written += len) > 100) {
                    throw diskFull;
                }
            }
        };
        BitscaleOutputStream out = new BitscaleOutputStream(failing, MODEL, new StreamOptions(1024));
        assertThat(catchThrowable(() -> out.write(TestData.random(2, 4096)))).isSameAs(diskFull);
        assertThat(catchThrowable(() -> out.write(1))).isSameAs(diskFull);
        assertThat(catchThrowable(out::flush)).isSameAs(diskFull);
        assertThat(catchThrowable(out::finish)).isSameAs(diskFull);
        assertThat(catchThrowable(out::close)).isSameAs(diskFull);
    }

    @Test
    void modelBreakingTheSpiFailsCompressionBeforeWritingTheFrame() throws IOException {
        PredictorFactory broken = TestModels.factory("broken", 0, 16, () -> new BitPredictor() {
            @Override
            public int p1() {
                return 0;
            }

            @Override
            public void update(int bit) {
            }

            @Override
            public long parameters() {
                return 0;
            }

            @Override
            public long memoryBytes() {
                return 16;
            }
        });
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BitscaleOutputStream out = new BitscaleOutputStream(sink, broken, new StreamOptions(1024));
        out.write(7);
        int headerOnly = sink.size();
        Throwable error = catchThrowable(out::finish);
        assertThat(error).isInstanceOf(IOException.class).hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p1 0");
        assertThat(sink.size()).as("no part of the bad frame is written").isEqualTo(headerOnly);
        assertThat(catchThrowable(() -> out.write(1))).isSameAs(error);
    }
}

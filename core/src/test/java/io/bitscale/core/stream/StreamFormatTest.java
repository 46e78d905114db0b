package io.bitscale.core.stream;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.testing.CodingEvent;
import io.bitscale.core.testing.ReferenceCoder;
import io.bitscale.core.testing.RoundTrip;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte layout of format version 2, pinned by golden streams, and what the header reports. */
class StreamFormatTest {

    private static final PredictorFactory HALF = TestModels.fixed(32768);
    private static final ModelResolver RESOLVER = TestModels.resolver(HALF, TestModels.order0Bits());

    private static int crc32c(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }

    private static int intLE(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16
                | (bytes[offset + 3] & 0xFF) << 24;
    }

    @Test
    void aStreamMatchesTheSignatureAndOtherFormatsDoNot() {
        byte[] compressed = RoundTrip.compress(HALF, "hello".getBytes(StandardCharsets.US_ASCII), new StreamOptions(1024));
        assertThat(BitscaleInputStream.matches(compressed, compressed.length)).isTrue();
        assertThat(BitscaleInputStream.matches(Arrays.copyOf(compressed, 12), 4)).isTrue();
        assertThat(BitscaleInputStream.matches(compressed, 3)).isFalse();
        assertThat(BitscaleInputStream.matches(new byte[] {(byte) 0x1f, (byte) 0x8b, 8, 0}, 4)).as("gzip").isFalse();
        assertThat(BitscaleInputStream.matches(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 6)).as("xz").isFalse();
        assertThat(BitscaleInputStream.matches(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 4)).as("png").isFalse();
        assertThat(BitscaleInputStream.matches(new byte[0], 0)).isFalse();
    }

    @Test
    void goldenStreamPinsFormatVersion2() throws IOException {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] compressed = RoundTrip.compress(HALF, data, new StreamOptions(1024));
        String spec = "test-fixed(32768)";
        byte[] specBytes = spec.getBytes(StandardCharsets.US_ASCII);
        int headerLength = 4 + 4 + 1 + specBytes.length + 4;
        // Header: magic, version 2, flags 0, frame 2^10, block 2^24, spec length, spec, CRC32C of all that.
        assertThat(HexFormat.of().formatHex(compressed, 0, 9)).isEqualTo("894253430200" + "0a" + "18" + "11");
        assertThat(Arrays.copyOfRange(compressed, 9, 9 + specBytes.length)).isEqualTo(specBytes);
        assertThat(intLE(compressed, headerLength - 4)).isEqualTo(crc32c(compressed, 0, headerLength - 4));
        // Frame: tag D1, 5 original bytes, payload length, payload, CRC32C of the original bytes.
        int frame = headerLength;
        assertThat(compressed[frame] & 0xFF).isEqualTo(0xD1);
        assertThat(compressed[frame + 1]).isEqualTo((byte) 5);
        int payloadLength = compressed[frame + 2];
        // At p = 1/2 every bit costs one bit and bit 1 owns the lower half, so the payload is close
        // to the complement of the data (97 9a 93 93 90, what the exact reference coder writes).
        // It is 2^-32 lower because the coder's first interval is [0, 2^32 - 1) in units of
        // 2^-32, not [0, 1): its splits lag the exact ones by that last unit.
        String payload = HexFormat.of().formatHex(compressed, frame + 3, frame + 3 + payloadLength);
        assertThat(payload).isEqualTo("979a939290");
        List<CodingEvent> events = new ArrayList<>();
        for (byte b : data) {
            for (int shift = 7; shift >= 0; shift--) {
                events.add(new CodingEvent.Bit(32768, (b >>> shift) & 1));
            }
        }
        assertThat(HexFormat.of().formatHex(ReferenceCoder.encode(events).code()))
                .isEqualTo("979a939390");
        int crcAt = frame + 3 + payloadLength;
        assertThat(intLE(compressed, crcAt)).isEqualTo(crc32c(data, 0, data.length));
        // End record: tag E0, total length 5, 1 frame, CRC32C of the record.
        int end = crcAt + 4;
        assertThat(HexFormat.of().formatHex(compressed, end, end + 3)).isEqualTo("e00501");
        assertThat(intLE(compressed, end + 3)).isEqualTo(crc32c(compressed, end, end + 3));
        assertThat(compressed).hasSize(end + 7);
        assertThat(RoundTrip.decompress(compressed, RESOLVER)).isEqualTo(data);
    }

    @Test
    void headerReportsWhatTheWriterWasGiven() throws IOException {
        byte[] compressed = RoundTrip.compress(TestModels.order0Bits(), TestData.text(1, 5000), new StreamOptions(4096));
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER)) {
            StreamHeader header = in.header();
            assertThat(header.formatVersion()).isEqualTo(2);
            assertThat(header.blockBytes()).isEqualTo(StreamOptions.DEFAULT_BLOCK_BYTES);
            assertThat(header.spec()).isEqualTo("test-order0");
            assertThat(header.frameBytes()).isEqualTo(4096);
            assertThat(header.snapshotSha256()).isNull();
            assertThat(header.snapshotHex()).isEqualTo("-");
            assertThat(header.headerBytes()).isEqualTo(4 + 4 + 1 + 11 + 4);
            assertThat(in.compressedBytesRead()).isEqualTo(header.headerBytes());
            assertThat(header.toString()).contains("test-order0", "4096");
        }
    }

    @Test
    void headerCarriesTheSnapshotDigest() throws IOException {
        byte[] digest = new byte[32];
        for (int i = 0; i < 32; i++) {
            digest[i] = (byte) (i * 7 + 1);
        }
        PredictorFactory pretrained = TestModels.withSnapshot(TestModels.order0Bits(), digest);
        byte[] data = TestData.text(2, 3000);
        byte[] compressed = RoundTrip.compress(pretrained, data, StreamOptions.DEFAULT);
        assertThat(compressed[5]).as("snapshot flag").isEqualTo((byte) 1);
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed),
                TestModels.resolver(pretrained))) {
            StreamHeader header = in.header();
            assertThat(header.snapshotSha256()).isEqualTo(digest);
            assertThat(header.snapshotHex()).isEqualTo(HexFormat.of().formatHex(digest));
            assertThat(header.headerBytes()).isEqualTo(4 + 4 + 1 + 11 + 32 + 4);
            assertThat(header.frameBytes()).isEqualTo(StreamOptions.DEFAULT.frameBytes());
            byte[] copy = header.snapshotSha256();
            copy[0] ^= 1;
            assertThat(header.snapshotSha256()).as("the record is immutable").isEqualTo(digest);
            assertThat(header).isEqualTo(new StreamHeader(2, "test-order0", 1 << 20, StreamOptions.DEFAULT_BLOCK_BYTES, digest,
                    header.headerBytes()));
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aFrameThatCodingWouldExpandIsStoredAndTheModelStillLearnsIt() throws IOException {
        // Uniform random bytes cost the adapting order-0 model slightly more than 8 bits each.
        byte[] data = TestData.random(3, 3 * 1024 + 100);
        ByteArrayOutputStreamWithCounts sink = new ByteArrayOutputStreamWithCounts();
        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, TestModels.order0Bits(), new StreamOptions(1024))) {
            out.write(data);
            out.finish();
            assertThat(out.storedFrames()).isEqualTo(out.frameCount()).isEqualTo(4);
        }
        byte[] compressed = sink.toByteArray();
        int header = 4 + 4 + 1 + "test-order0".length() + 4;
        assertThat(compressed[header] & 0xFF).as("stored frame tag").isEqualTo(0xD2);
        // Stored frames: tag, length (2 bytes for 1024), the bytes, CRC: 7 bytes per frame, then the end record.
        assertThat(compressed.length - header - data.length).isLessThanOrEqualTo(4 * 7 + 8);
        assertThat(RoundTrip.decompress(compressed, RESOLVER)).isEqualTo(data);
        // Text after random bytes: the model learned the stored frames, so both sides stay in step.
        byte[] mixed = TestData.concat(data, TestData.text(4, 20_000));
        assertThat(RoundTrip.decompress(RoundTrip.compress(TestModels.order0Bits(), mixed, new StreamOptions(1024)),
                RESOLVER)).isEqualTo(mixed);
    }

    @Test
    void blocksRestartTheModelAndTheBytesDoNotDependOnTheThreadCount() throws IOException {
        byte[] data = TestData.text(5, 70_000);
        StreamOptions blocks = new StreamOptions(1024).withBlockBytes(4096);
        byte[] one = RoundTrip.compress(TestModels.order0Bits(), data, blocks);
        for (int threads : new int[] {2, 3, 8}) {
            assertThat(RoundTrip.compress(TestModels.order0Bits(), data, blocks.withThreads(threads)))
                    .as("%d threads", threads).isEqualTo(one);
        }
        // A block is independent: the first block's frames equal a stream of just that block.
        byte[] first = RoundTrip.compress(TestModels.order0Bits(), Arrays.copyOf(data, 4096), blocks);
        int header = 4 + 4 + 1 + "test-order0".length() + 4;
        int firstFrames = first.length - header - 8;
        assertThat(Arrays.copyOfRange(one, header, header + firstFrames))
                .isEqualTo(Arrays.copyOfRange(first, header, header + firstFrames));
        for (int threads : new int[] {1, 2, 3}) {
            try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(one), RESOLVER,
                    StreamOptions.DEFAULT.withThreads(threads))) {
                assertThat(in.readAllBytes()).as("decoded on %d threads", threads).isEqualTo(data);
                assertThat(in.header().blockBytes()).isEqualTo(4096);
            }
        }
        // One block: the model runs through; restarting costs a little compression.
        byte[] single = RoundTrip.compress(TestModels.order0Bits(), data, new StreamOptions(1024).withBlockBytes(0));
        assertThat(single.length).isLessThan(one.length);
        assertThat(RoundTrip.decompress(single, RESOLVER)).isEqualTo(data);
    }

    @Test
    void concatenatedStreamsDecodeInTurnAndTrailingGarbageIsAnError() throws IOException {
        byte[] a = TestData.text(6, 3000);
        byte[] b = TestData.random(7, 2000);
        byte[] first = RoundTrip.compress(TestModels.order0Bits(), a, new StreamOptions(1024));
        byte[] second = RoundTrip.compress(HALF, b, StreamOptions.DEFAULT);
        byte[] both = TestData.concat(first, second);
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(both), RESOLVER)) {
            assertThat(in.readAllBytes()).isEqualTo(TestData.concat(a, b));
            assertThat(in.members()).isEqualTo(2);
            assertThat(in.currentHeader().spec()).isEqualTo(HALF.spec());
        }
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(both), RESOLVER,
                StreamOptions.DEFAULT.withConcatenated(false))) {
            assertThat(in.readAllBytes()).as("only the first member").isEqualTo(a);
        }
        for (byte[] garbage : new byte[][] {{0}, {(byte) 0x89, 'B'}, "junk after the end".getBytes(StandardCharsets.US_ASCII)}) {
            byte[] tail = TestData.concat(first, garbage);
            try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(tail), RESOLVER)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes)
                        .isInstanceOf(CorruptedInputException.class).hasMessageContaining("after the end record");
            }
        }
    }

    @Test
    void anEndRecordWithAnOverlongLengthIsRefused() throws IOException {
        byte[] data = TestData.text(8, 100);
        byte[] compressed = RoundTrip.compress(TestModels.order0Bits(), data, StreamOptions.DEFAULT);
        // Re-encode the end record's frame count (1) as the overlong 0x81 0x00, with a valid CRC.
        int end = compressed.length - 7;
        assertThat(HexFormat.of().formatHex(compressed, end, end + 3)).isEqualTo("e06401");
        byte[] record = {(byte) 0xE0, 0x64, (byte) 0x81, 0x00};
        byte[] crafted = Arrays.copyOf(compressed, end + record.length + 4);
        System.arraycopy(record, 0, crafted, end, record.length);
        int crc = crc32c(record, 0, record.length);
        for (int i = 0; i < 4; i++) {
            crafted[end + record.length + i] = (byte) (crc >>> (8 * i));
        }
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(crafted), RESOLVER)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(CorruptedInputException.class).hasMessageContaining("overlong");
        }
    }

    /** A sink whose bytes can be inspected. */
    private static final class ByteArrayOutputStreamWithCounts extends java.io.ByteArrayOutputStream {
    }
}

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

/** The byte layout of format version 1, pinned by a golden stream, and what the header reports. */
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
    void goldenStreamPinsFormatVersion1() throws IOException {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] compressed = RoundTrip.compress(HALF, data, new StreamOptions(1024));
        String spec = "test-fixed(32768)";
        byte[] specBytes = spec.getBytes(StandardCharsets.US_ASCII);
        int headerLength = 4 + 3 + 1 + specBytes.length + 4;
        // Header: magic, version 1, flags 0, frame 2^10, spec length, spec, CRC32C of all that.
        assertThat(HexFormat.of().formatHex(compressed, 0, 8)).isEqualTo("894253430100" + "0a" + "11");
        assertThat(Arrays.copyOfRange(compressed, 8, 8 + specBytes.length)).isEqualTo(specBytes);
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
            assertThat(header.formatVersion()).isEqualTo(1);
            assertThat(header.spec()).isEqualTo("test-order0");
            assertThat(header.frameBytes()).isEqualTo(4096);
            assertThat(header.snapshotSha256()).isNull();
            assertThat(header.snapshotHex()).isEqualTo("-");
            assertThat(header.headerBytes()).isEqualTo(4 + 3 + 1 + 11 + 4);
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
            assertThat(header.headerBytes()).isEqualTo(4 + 3 + 1 + 11 + 32 + 4);
            assertThat(header.frameBytes()).isEqualTo(StreamOptions.DEFAULT.frameBytes());
            byte[] copy = header.snapshotSha256();
            copy[0] ^= 1;
            assertThat(header.snapshotSha256()).as("the record is immutable").isEqualTo(digest);
            assertThat(header).isEqualTo(new StreamHeader(1, "test-order0", 1 << 20, digest, header.headerBytes()));
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }
}

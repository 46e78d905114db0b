package io.bitscale.core.stream;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.testing.RoundTrip;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container streams on edge-case inputs, frame boundaries, and the java.io life cycle. */
class StreamRoundTripTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;
    private static final PredictorFactory BITS = TestModels.order0Bits();
    private static final PredictorFactory SYMBOLS = TestModels.order0Symbols();
    private static final ModelResolver RESOLVER = TestModels.resolver(BITS, SYMBOLS, TestModels.order0SymbolBits());
    private static final StreamOptions SMALL_FRAMES = new StreamOptions(KIB);

    private static RoundTrip.Result roundTrip(PredictorFactory factory, byte[] data, StreamOptions options) {
        return RoundTrip.stream(factory, RESOLVER, data, options).assertWithinIdeal(factory.spec() + ", " + data.length + " bytes");
    }

    @Test
    void emptyInputIsHeaderAndEndRecordOnly() throws IOException {
        byte[] compressed = RoundTrip.compress(BITS, new byte[0], StreamOptions.DEFAULT);
        // header (4 + 4 + 1 + 11 + 4) + end record (E0 00 00 crc)
        assertThat(compressed).hasSize(24 + 7);
        assertThat(compressed[24] & 0xFF).isEqualTo(0xE0);
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER)) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.endOfStream()).isTrue();
            assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
            assertThat(in.uncompressedBytes()).isZero();
        }
    }

    @Test
    void oneByteAndEveryByteValue() {
        for (PredictorFactory factory : new PredictorFactory[] {BITS, SYMBOLS, TestModels.order0SymbolBits()}) {
            RoundTrip.Result one = roundTrip(factory, new byte[] {'x'}, StreamOptions.DEFAULT);
            assertThat(one.frames()).isEqualTo(1);
            RoundTrip.Result all = roundTrip(factory, TestData.everyByte(1), StreamOptions.DEFAULT);
            assertThat(all.payloadBytes()).as("0..255 ascending: about 8 bits a byte, more for count models").isBetween(150L, 600L);
        }
    }

    @Test
    void oneMebibyteOfOneByte() {
        RoundTrip.Result bits = roundTrip(BITS, TestData.run('z', MIB), StreamOptions.DEFAULT);
        assertThat(bits.compressedBytes()).as("a run is almost free").isLessThan(1000);
        // The symbol model rebuilds its table per byte: a quarter of the size keeps the test quick.
        RoundTrip.Result symbols = roundTrip(SYMBOLS, TestData.run('z', MIB / 4), new StreamOptions(16 * KIB));
        assertThat(symbols.frames()).isEqualTo(16);
        assertThat(symbols.compressedBytes()).isLessThan(MIB / 4 / 50);
    }

    @Test
    void oneMebibyteOfRandomBytes() {
        RoundTrip.Result result = roundTrip(BITS, TestData.random(1, MIB), StreamOptions.DEFAULT);
        assertThat(result.frames()).isEqualTo(1);
        assertThat(result.compressedBytes()).as("random data does not shrink, a fast-adapting model expands it a little")
                .isBetween((long) MIB, MIB + MIB / 20L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1023, 1024, 1025, 2047, 2048, 2049, 10 * 1024 + 7, 64 * 1024})
    void manyFramesStraddlingBoundaries(int length) throws IOException {
        byte[] data = TestData.text(length, length);
        RoundTrip.Result result = roundTrip(BITS, data, SMALL_FRAMES);
        assertThat(result.frames()).isEqualTo((length + KIB - 1) / KIB);
        byte[] compressed = RoundTrip.compress(BITS, data, SMALL_FRAMES);
        // Every way of reading gives the same bytes.
        assertThat(readByteByByte(compressed)).isEqualTo(data);
        assertThat(readInChunks(compressed, 7)).isEqualTo(data);
        assertThat(readInChunks(compressed, 1500)).isEqualTo(data);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER)) {
            assertThat(in.transferTo(sink)).isEqualTo(length);
        }
        assertThat(sink.toByteArray()).isEqualTo(data);
    }

    private static byte[] readByteByByte(byte[] compressed) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER)) {
            for (int b; (b = in.read()) >= 0; ) {
                sink.write(b);
            }
        }
        return sink.toByteArray();
    }

    private static byte[] readInChunks(byte[] compressed, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk + 3];
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER)) {
            assertThat(in.read(buffer, 0, 0)).isZero();
            for (int n; (n = in.read(buffer, 3, chunk)) >= 0; ) {
                assertThat(n).isPositive();
                sink.write(buffer, 3, n);
            }
        }
        return sink.toByteArray();
    }

    @Test
    void writingByteByByteOrInBulkGivesTheSameStream() throws IOException {
        byte[] data = TestData.text(5, 5 * KIB + 300);
        byte[] bulk = RoundTrip.compress(BITS, data, SMALL_FRAMES);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(single, BITS, SMALL_FRAMES)) {
            for (byte b : data) {
                out.write(b);
            }
        }
        ByteArrayOutputStream uneven = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(uneven, BITS, SMALL_FRAMES)) {
            int position = 0;
            for (int chunk = 1; position < data.length; chunk = chunk * 3 % 1777 + 1) {
                int n = Math.min(chunk, data.length - position);
                out.write(data, position, n);
                out.write(data, position, 0);
                position += n;
            }
        }
        assertThat(single.toByteArray()).isEqualTo(bulk);
        assertThat(uneven.toByteArray()).isEqualTo(bulk);
    }

    @Test
    void outputStreamCountsWhatItWrote() throws IOException {
        byte[] data = TestData.text(6, 3 * KIB + 5);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BitscaleOutputStream out = new BitscaleOutputStream(sink, BITS, SMALL_FRAMES);
        out.write(data);
        assertThat(out.frameCount()).as("full frames are written at once").isEqualTo(3);
        assertThat(out.uncompressedBytes()).isEqualTo(3 * KIB);
        out.finish();
        assertThat(out.frameCount()).isEqualTo(4);
        assertThat(out.uncompressedBytes()).isEqualTo(data.length);
        assertThat(out.compressedBytes()).isEqualTo(sink.size());
        // per frame: tag, two varints (2 + 2 bytes for the full ones), CRC
        assertThat(out.payloadBytes()).isLessThan(out.compressedBytes()).isGreaterThan(out.compressedBytes() - 24 - 4 * 9 - 7);
    }

    @Test
    void finishThenWriteThrowsAndCloseTwiceIsHarmless() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BitscaleOutputStream out = new BitscaleOutputStream(sink, BITS, SMALL_FRAMES);
        out.write(TestData.text(7, 100));
        out.finish();
        int size = sink.size();
        out.finish();
        assertThat(sink.size()).as("a second finish writes nothing").isEqualTo(size);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("finished");
        assertThatThrownBy(() -> out.write(new byte[3], 0, 3)).isInstanceOf(IOException.class);
        out.close();
        out.close();
        assertThat(sink.size()).isEqualTo(size);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> out.write(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(RoundTrip.decompress(sink.toByteArray(), RESOLVER)).isEqualTo(TestData.text(7, 100));
    }

    @Test
    void closeClosesTheUnderlyingStreamsOnce() throws IOException {
        int[] closes = {0, 0};
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closes[0]++;
            }
        };
        BitscaleOutputStream out = new BitscaleOutputStream(sink, BITS);
        out.write(1);
        out.close();
        out.close();
        assertThat(closes[0]).isEqualTo(1);
        InputStream source = new ByteArrayInputStream(sink.toByteArray()) {
            @Override
            public void close() {
                closes[1]++;
            }
        };
        BitscaleInputStream in = new BitscaleInputStream(source, RESOLVER);
        in.close();
        in.close();
        assertThat(closes[1]).isEqualTo(1);
    }

    @Test
    void readAfterCloseThrows() throws IOException {
        byte[] compressed = RoundTrip.compress(BITS, TestData.text(8, 3000), SMALL_FRAMES);
        BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER);
        assertThat(in.read()).isNotNegative();
        in.close();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> in.read(new byte[4], 0, 4)).isInstanceOf(IOException.class);
        assertThatThrownBy(in::available).isInstanceOf(IOException.class);
    }

    @Test
    void availableCountsDecodedBytesOfTheCurrentFrame() throws IOException {
        byte[] data = TestData.text(9, 2 * KIB + 10);
        byte[] compressed = RoundTrip.compress(BITS, data, SMALL_FRAMES);
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER)) {
            assertThat(in.available()).as("nothing decoded yet").isZero();
            assertThat(in.read()).isEqualTo(data[0] & 0xFF);
            assertThat(in.available()).isEqualTo(KIB - 1);
            byte[] rest = new byte[KIB + 5];
            assertThat(in.read(rest, 0, rest.length)).as("a read stops at the frame end").isEqualTo(KIB - 1);
            assertThat(in.available()).isZero();
            assertThat(in.readNBytes(KIB + 5)).hasSize(KIB + 5);
            assertThat(in.available()).isEqualTo(5);
            assertThat(in.skip(5)).isEqualTo(5);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.available()).isZero();
            assertThat(in.uncompressedBytes()).isEqualTo(data.length);
            assertThat(in.compressedBytesRead()).isEqualTo(compressed.length);
        }
    }

    @Test
    void withoutConcatenationReadsOneStreamAndStopsAtItsEndRecord() throws IOException {
        byte[] first = RoundTrip.compress(BITS, TestData.text(10, 2000), SMALL_FRAMES);
        byte[] second = RoundTrip.compress(BITS, TestData.text(11, 2000), SMALL_FRAMES);
        byte[] both = TestData.concat(first, second);
        ByteArrayInputStream source = new ByteArrayInputStream(both);
        try (BitscaleInputStream in = new BitscaleInputStream(source, RESOLVER, StreamOptions.DEFAULT.withConcatenated(false))) {
            assertThat(in.readAllBytes()).isEqualTo(TestData.text(10, 2000));
            assertThat(in.compressedBytesRead()).isEqualTo(first.length);
        }
        assertThat(Arrays.copyOfRange(both, first.length, both.length)).isEqualTo(second);
    }

    @Test
    void streamOptionsAreValidated() {
        assertThat(new StreamOptions(1024).frameBytes()).isEqualTo(1024);
        assertThat(new StreamOptions(1 << 26).withFrameBytes(4096).frameBytes()).isEqualTo(4096);
        for (int bad : new int[] {0, -1024, 512, 1000, 3000, 1 << 27}) {
            assertThatThrownBy(() -> new StreamOptions(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Integer.toString(bad));
        }
    }
}

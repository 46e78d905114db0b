package io.bitscale.core.stream;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.testing.RoundTrip;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.testing.TestModels;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The word transform in the container: the header field, round trips for any input on any
 * thread count, the dictionary restarting every block, and hostile transformed frames.
 */
class TransformStreamTest {

    private static final PredictorFactory BITS = TestModels.order0Bits();
    private static final PredictorFactory SYMBOLS = TestModels.order0Symbols();
    private static final ModelResolver RESOLVER = TestModels.resolver(BITS, SYMBOLS);
    private static final StreamOptions WORDS = new StreamOptions(1024).withTransform(StreamTransform.WORDS);

    private static byte[] roundTrip(PredictorFactory model, byte[] data, StreamOptions options) throws IOException {
        byte[] compressed = RoundTrip.compress(model, data, options);
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), RESOLVER,
                StreamOptions.DEFAULT.withMemoryLimitBytes(BitscaleInputStream.NO_LIMIT).withThreads(options.threads()))) {
            assertThat(in.header().transform()).isEqualTo(options.transform());
            RoundTrip.assertSameBytes(model.spec(), data, in.readAllBytes());
        }
        return compressed;
    }

    private static Throwable decodeError(byte[] compressed) {
        return catchThrowable(() -> RoundTrip.decompress(compressed, RESOLVER));
    }

    @Test
    void theHeaderNamesTheTransformAndNoneWritesTheOldBytes() throws IOException {
        byte[] data = TestData.text(3, 5000);
        byte[] plain = RoundTrip.compress(BITS, data, new StreamOptions(1024));
        byte[] none = RoundTrip.compress(BITS, data, new StreamOptions(1024).withTransform(StreamTransform.NONE));
        assertThat(none).isEqualTo(plain);
        byte[] words = roundTrip(BITS, data, WORDS);
        assertThat(words[5]).as("flags").isEqualTo((byte) ContainerFormat.FLAG_TRANSFORM);
        int specLength = BITS.spec().length();
        assertThat(words[4 + 4 + 1 + specLength]).as("transform id").isEqualTo((byte) 1);
        // the order-0 model codes the shorter transformed text, which has fewer bytes to spend on
        assertThat(words.length).isLessThan(plain.length * 3 / 4);
    }

    /** If a reader ignored the field it would read transformed bytes as text: the field must be honoured. */
    @Test
    void aReaderThatDropsTheTransformFieldCannotReadTheFrames() {
        byte[] words = RoundTrip.compress(BITS, TestData.text(3, 5000), WORDS);
        int headerLength = 4 + 4 + 1 + BITS.spec().length() + 1 + 4;
        byte[] stripped = new byte[words.length - 1];
        System.arraycopy(words, 0, stripped, 0, headerLength - 5);
        System.arraycopy(words, headerLength - 4, stripped, headerLength - 5, words.length - headerLength + 4);
        stripped[5] = 0;
        fixHeaderCrc(stripped, headerLength - 1);
        Throwable error = decodeError(stripped);
        assertThat(error).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("unknown record tag 0xd3").hasMessageContaining("names no transform");
    }

    @Test
    void unknownTransformIdsAreUnsupported() {
        for (int id : new int[] {0, 2, 0xFF}) {
            byte[] words = RoundTrip.compress(BITS, TestData.text(3, 2000), WORDS);
            int at = 4 + 4 + 1 + BITS.spec().length();
            words[at] = (byte) id;
            fixHeaderCrc(words, at + 5);
            assertThat(decodeError(words)).as("id %d", id).isInstanceOf(UnsupportedFormatException.class)
                    .hasMessageContaining("names transform " + id);
        }
    }

    @Test
    void textRandomBytesAndEdgeCasesRoundTripForBothKindsOfModel() throws IOException {
        byte[][] inputs = {new byte[0], {'a'}, {1}, TestData.text(5, 100_000), TestData.random(5, 50_000),
                TestData.everyByte(20), TestData.concat(TestData.text(6, 30_000), TestData.random(6, 30_000),
                TestData.text(7, 30_000)), escapesAndCodes(40_000)};
        for (byte[] data : inputs) {
            roundTrip(BITS, data, WORDS);
            roundTrip(SYMBOLS, data, WORDS.withBlockBytes(4096));
            roundTrip(BITS, data, WORDS.withBlockBytes(0).withFrameBytes(1 << 16));
        }
    }

    @Test
    void randomBytesAreNotTransformedAndCostNoMoreThanWithout() {
        byte[] data = TestData.random(9, 200_000);
        byte[] plain = RoundTrip.compress(BITS, data, new StreamOptions(1 << 16));
        byte[] words = RoundTrip.compress(BITS, data, new StreamOptions(1 << 16).withTransform(StreamTransform.WORDS));
        assertThat(words.length).isEqualTo(plain.length + 1);   // the transform id byte, nothing else
    }

    @Test
    void theOutputIsTheSameOnEveryThreadCountAndDecodesOnAny() throws IOException {
        byte[] data = TestData.concat(TestData.text(11, 60_000), TestData.random(11, 9000), TestData.text(12, 60_000));
        StreamOptions blocks = WORDS.withBlockBytes(16 * 1024);
        byte[] one = roundTrip(BITS, data, blocks);
        for (int threads : new int[] {2, 3, 4}) {
            byte[] many = roundTrip(BITS, data, blocks.withThreads(threads));
            assertThat(many).as("%d threads", threads).isEqualTo(one);
        }
    }

    @Property(tries = 40)
    void anyBytesRoundTripThroughTheContainer(@ForAll @Size(max = 6000) byte[] data,
                                              @ForAll @IntRange(min = 0, max = 2) int threadsLog2) throws IOException {
        roundTrip(BITS, data, WORDS.withBlockBytes(2048).withThreads(1 << threadsLog2));
    }

    @Test
    void everyBitFlipIsATypedErrorOrTheSameBytes() throws IOException {
        byte[] data = TestData.text(13, 12_000);
        byte[] compressed = RoundTrip.compress(BITS, data, WORDS);
        SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = compressed.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            Throwable error = decodeError(damaged);
            if (error == null) {
                // a flip among the final payload bits that stays inside the final interval
                assertThat(RoundTrip.decompress(damaged, RESOLVER)).as("trial %d", trial).isEqualTo(data);
                continue;
            }
            assertThat(error).as("trial %d", trial).isInstanceOf(BitscaleException.class);
            assertThat(error.getMessage()).doesNotContain("\n");
        }
    }

    // ---------------------------------------------------------------- crafted transformed frames

    /** A words stream with one crafted stored-transformed record (D4) whose CRC is right. */
    private static byte[] craftedStored(int originalLength, long transformedLength, byte[] transformed, byte[] original) {
        byte[] empty = RoundTrip.compress(BITS, new byte[0], WORDS);
        int headerLength = empty.length - 7;    // the end record of an empty stream: E0 00 00 crc
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(empty, 0, headerLength);
        out.write(ContainerFormat.TAG_TRANSFORMED_STORED);
        byte[] varints = new byte[20];
        int n = ContainerFormat.putVarint(varints, 0, originalLength);
        n = ContainerFormat.putVarint(varints, n, transformedLength);
        out.write(varints, 0, n);
        out.writeBytes(transformed);
        CRC32C crc = new CRC32C();
        crc.update(original);
        byte[] crcBytes = new byte[4];
        ContainerFormat.putIntLE(crcBytes, 0, (int) crc.getValue());
        out.writeBytes(crcBytes);
        byte[] end = new byte[24];
        end[0] = (byte) ContainerFormat.TAG_END;
        int e = ContainerFormat.putVarint(end, 1, originalLength);
        e = ContainerFormat.putVarint(end, e, 1);
        crc.reset();
        crc.update(end, 0, e);
        ContainerFormat.putIntLE(end, e, (int) crc.getValue());
        out.write(end, 0, e + 4);
        return out.toByteArray();
    }

    @Test
    void aCraftedStoredTransformedFrameDecodes() throws IOException {
        byte[] original = "the cat and the cat".getBytes(StandardCharsets.US_ASCII);
        byte[] transformed = "the cat and \u00f5\u0080 \u00f5\u0081".getBytes(StandardCharsets.ISO_8859_1);
        byte[] stream = craftedStored(original.length, transformed.length, transformed, original);
        assertThat(RoundTrip.decompress(stream, RESOLVER)).isEqualTo(original);
    }

    @Test
    void anIndexPastTheDictionaryIsATransformError() {
        byte[] transformed = {'a', 'b', ' ', (byte) 0xF5, (byte) 0x87};
        Throwable error = decodeError(craftedStored(10, transformed.length, transformed, new byte[10]));
        assertThat(error).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("frame 0 transformed bytes are damaged")
                .hasMessageContaining("names word 7 of a dictionary of 0");
        assertThat(((CorruptedInputException) error).check()).isEqualTo(CorruptedInputException.Check.TRANSFORM);
    }

    @Test
    void transformedBytesThatDecodeToAnotherLengthAreATransformError() {
        byte[] transformed = "short".getBytes(StandardCharsets.US_ASCII);
        Throwable error = decodeError(craftedStored(9, transformed.length, transformed, new byte[9]));
        assertThat(error).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("decode to 5 bytes, not the 9 declared");
        Throwable truncated = decodeError(craftedStored(3, 1, new byte[] {1}, new byte[3]));
        assertThat(truncated).isInstanceOf(CorruptedInputException.class).hasMessageContaining("inside an escape");
    }

    @Test
    void transformedLengthsThatLieAreRefusedBeforeReading() {
        // 1000 bytes cannot come from 10 transformed bytes (a byte stands for at most 16)
        Throwable tooShort = decodeError(craftedStored(1000, 10, new byte[10], new byte[1000]));
        assertThat(tooShort).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("declares 10 transformed bytes for 1000 bytes, outside 63..2000");
        assertThat(((CorruptedInputException) tooShort).check())
                .isEqualTo(CorruptedInputException.Check.FRAME_STRUCTURE);
        // nor more than twice as many, and a huge claim allocates nothing
        Throwable tooLong = decodeError(craftedStored(10, 1L << 40, new byte[0], new byte[10]));
        assertThat(tooLong).isInstanceOf(CorruptedInputException.class).hasMessageContaining("outside 1..20");
    }

    @Test
    void aTransformedFrameInAStreamWithoutTheFieldIsAnUnknownTag() {
        byte[] stream = craftedStored(3, 3, "abc".getBytes(StandardCharsets.US_ASCII),
                "abc".getBytes(StandardCharsets.US_ASCII));
        int at = 4 + 4 + 1 + BITS.spec().length();
        byte[] stripped = new byte[stream.length - 1];
        System.arraycopy(stream, 0, stripped, 0, at);
        System.arraycopy(stream, at + 1, stripped, at, stream.length - at - 1);
        stripped[5] = 0;
        fixHeaderCrc(stripped, at + 4);
        assertThat(decodeError(stripped)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("unknown record tag 0xd4");
    }

    /** Text with every reserved byte of the transform mixed in, raw, and runs that look like codes. */
    private static byte[] escapesAndCodes(int length) {
        SplittableRandom random = new SplittableRandom(17);
        byte[] text = TestData.text(17, length);
        for (int i = 0; i < length; i += 1 + random.nextInt(40)) {
            text[i] = (byte) (random.nextBoolean() ? 1 + random.nextInt(0x1F) : 0xC0 + random.nextInt(0x40));
        }
        byte[] utf8 = " Größe Straße Ärger Москва ".repeat(50).getBytes(StandardCharsets.UTF_8);
        return TestData.concat(text, utf8, text);
    }

    private static void fixHeaderCrc(byte[] stream, int headerBytes) {
        CRC32C crc = new CRC32C();
        crc.update(stream, 0, headerBytes - 4);
        ContainerFormat.putIntLE(stream, headerBytes - 4, (int) crc.getValue());
    }

    @Test
    void theOptionsValidateAndParseTheTransform() {
        assertThat(StreamTransform.parse("WORDS")).isEqualTo(StreamTransform.WORDS);
        assertThat(StreamTransform.parse("none")).isEqualTo(StreamTransform.NONE);
        assertThat(catchThrowable(() -> StreamTransform.parse("lzw"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known: none, words");
        assertThat(catchThrowable(() -> StreamOptions.DEFAULT.withTransform(null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StreamOptions.DEFAULT.transform()).isEqualTo(StreamTransform.NONE);
        assertThat(Arrays.asList(StreamTransform.values())).extracting(StreamTransform::id).containsExactly(0, 1);
    }
}

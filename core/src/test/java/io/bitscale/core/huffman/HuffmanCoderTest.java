package io.bitscale.core.huffman;

import io.bitscale.core.stream.CorruptedInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class HuffmanCoderTest {

    private static final int MIB = 1 << 20;

    /** The example in the class Javadoc, compiled. */
    @Test
    void javadocExample() throws Exception {
        byte[] data = "to be or not to be".getBytes(StandardCharsets.US_ASCII);
        long[] counts = HuffmanCoder.frequencies(data);
        byte[] packed = HuffmanCoder.encode(data);
        byte[] unpacked = HuffmanCoder.decode(packed);
        long predicted = HuffmanCoder.encodedBytes(counts);
        assertThat(unpacked).isEqualTo(data);
        assertThat(predicted).isEqualTo(packed.length);
    }

    @Test
    void empty() throws Exception {
        byte[] packed = roundTrip(new byte[0]);
        assertThat(packed).containsExactly(HuffmanCoder.TAG, 0);
    }

    @Test
    void oneByte() throws Exception {
        byte[] packed = roundTrip(new byte[] {(byte) 0xA7});
        // tag, length, 36 table bits (runs 167/1/88 and one length delta), 1 payload bit.
        assertThat(packed.length).isEqualTo(7);
    }

    @Test
    void everyByteValue() throws Exception {
        byte[] data = new byte[256];
        for (int i = 0; i < 256; i++) {
            data[i] = (byte) i;
        }
        byte[] packed = roundTrip(data);
        // 256 bytes at 8 bits each plus a table of one run pair and 256 zero deltas.
        assertThat(packed.length).isLessThan(256 + 3 + 40);
    }

    @Test
    void oneMebibyteOfOneByte() throws Exception {
        byte[] data = new byte[MIB];
        Arrays.fill(data, (byte) 'x');
        byte[] packed = roundTrip(data);
        // One bit per byte is the Huffman floor: exactly the loss arithmetic coding wins back.
        // Header: tag, 3-byte length, 36 bits of table.
        assertThat(packed.length).isEqualTo(1 + 3 + (36 + MIB) / 8 + 1);
    }

    @Test
    void oneMebibyteRandom() throws Exception {
        byte[] data = new byte[MIB];
        new Random(20240607L).nextBytes(data);
        byte[] packed = roundTrip(data);
        assertThat(packed.length).isBetween(MIB, MIB + 300);
    }

    /**
     * Fibonacci byte counts F(1)..F(n) give the deepest Huffman tree, n - 1 levels. With 34 symbols
     * (about 15 MB) that is 33 bits: the coder must rescale to respect the 32-bit limit. With 33
     * symbols (about 9 MB) the tree is exactly 32 deep, so decoding meets 32-bit code words.
     */
    @ParameterizedTest
    @ValueSource(ints = {33, 34})
    void fibonacciSkewReachesTheLengthLimit(int symbols) throws Exception {
        long[] counts = HuffmanCodeTest.fibonacciCounts(symbols);
        long total = Arrays.stream(counts).sum();
        byte[] data = new byte[Math.toIntExact(total)];
        int position = 0;
        for (int s = 0; s < symbols; s++) {
            Arrays.fill(data, position, position + (int) counts[s], (byte) (s * 5));
            position += (int) counts[s];
        }
        // Shuffle part of it so long and short code words alternate in the stream.
        Random random = new Random(7);
        for (int i = data.length - 1; i > 0; i -= 1 + random.nextInt(64)) {
            int j = random.nextInt(i + 1);
            byte swap = data[i];
            data[i] = data[j];
            data[j] = swap;
        }
        HuffmanCode code = HuffmanCode.fromFrequencies(HuffmanCoder.frequencies(data));
        if (symbols == 34) {
            assertThat(code.lengthLimited()).isTrue();
            assertThat(code.maxLength()).isLessThanOrEqualTo(32);
        } else {
            assertThat(code.lengthLimited()).isFalse();
            assertThat(code.maxLength()).isEqualTo(32);
        }
        roundTrip(data);
    }

    /** Geometric counts: many code words longer than the 11-bit lookup table. */
    @Test
    void longCodeWordsUseCanonicalDecoding() throws Exception {
        byte[] data = new byte[200_000];
        Random random = new Random(3);
        for (int i = 0; i < data.length; i++) {
            int symbol = Integer.numberOfTrailingZeros(random.nextInt() | (1 << 30));
            data[i] = (byte) (symbol * 7);
        }
        HuffmanCode code = HuffmanCode.fromFrequencies(HuffmanCoder.frequencies(data));
        assertThat(code.maxLength()).isGreaterThan(11);
        roundTrip(data);
    }

    @Property(tries = 300)
    void randomArraysRoundTrip(@ForAll("data") byte[] data) throws Exception {
        roundTrip(data);
    }

    @Property(tries = 200)
    void truncationIsAlwaysDetected(@ForAll("data") byte[] data, @ForAll @IntRange(min = 1, max = 1_000) int cut) {
        byte[] packed = HuffmanCoder.encode(data);
        int keep = Math.max(0, packed.length - cut);
        byte[] truncated = Arrays.copyOf(packed, keep);
        assertThatThrownBy(() -> HuffmanCoder.decode(truncated)).isInstanceOf(CorruptedInputException.class);
    }

    @Test
    void everyTruncationOfATextIsDetected() {
        byte[] packed = HuffmanCoder.encode(sampleText());
        for (int keep = 0; keep < packed.length; keep++) {
            byte[] truncated = Arrays.copyOf(packed, keep);
            assertThatThrownBy(() -> HuffmanCoder.decode(truncated))
                    .as("prefix of %d bytes", keep).isInstanceOf(CorruptedInputException.class);
        }
    }

    @Test
    void trailingBytesAreDetected() {
        byte[] packed = HuffmanCoder.encode(sampleText());
        byte[] longer = Arrays.copyOf(packed, packed.length + 1);
        assertThatThrownBy(() -> HuffmanCoder.decode(longer)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("trailing");
        byte[] empty = {HuffmanCoder.TAG, 0, 0};
        assertThatThrownBy(() -> HuffmanCoder.decode(empty)).isInstanceOf(CorruptedInputException.class);
    }

    /** Every single-bit flip: a checked exception or a (different) result, nothing else. */
    @Test
    void everyBitFlipOfATextFailsCleanly() {
        byte[] data = sampleText();
        byte[] packed = HuffmanCoder.encode(data);
        int detected = 0;
        for (int bit = 0; bit < 8 * packed.length; bit++) {
            byte[] damaged = packed.clone();
            damaged[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
            if (decodesDifferentlyOrFailsCleanly(damaged, data)) {
                detected++;
            }
        }
        // The header and table are well guarded; most payload flips are undetectable by design.
        assertThat(detected).isPositive();
    }

    @Property(tries = 500)
    void randomDamageFailsCleanly(@ForAll("data") byte[] data, @ForAll long seed) {
        byte[] packed = HuffmanCoder.encode(data);
        Random random = new Random(seed);
        byte[] damaged = packed.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
        }
        if (random.nextBoolean()) {
            damaged = Arrays.copyOf(damaged, Math.max(0, damaged.length - random.nextInt(3)));
        }
        decodesDifferentlyOrFailsCleanly(damaged, data);
    }

    @Property(tries = 500)
    void arbitraryBytesFailCleanly(@ForAll("data") byte[] garbage, @ForAll boolean tagged) {
        if (tagged && garbage.length > 0) {
            garbage[0] = HuffmanCoder.TAG;
        }
        try {
            byte[] decoded = HuffmanCoder.decode(garbage);
            // Anything accepted must be exactly what the encoder would have written.
            assertThat(HuffmanCoder.encode(decoded)).isEqualTo(garbage);
        } catch (CorruptedInputException expected) {
            // fine
        }
    }

    @Test
    void wrongTagAndEmptyInput() {
        assertThatThrownBy(() -> HuffmanCoder.decode(new byte[0])).isInstanceOf(CorruptedInputException.class);
        assertThatThrownBy(() -> HuffmanCoder.decode(new byte[] {0x00, 0x00}))
                .isInstanceOf(CorruptedInputException.class).hasMessageContaining("tag");
    }

    @Test
    void hugeDeclaredLengthIsRefusedBeforeAllocating() {
        // 2^31 - 9 bytes declared in a stream of a dozen bytes.
        byte[] header = {HuffmanCoder.TAG, (byte) 0xF7, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        byte[] stream = Arrays.copyOf(header, header.length + 8);
        byte[] table = tableBytes(uniformLengths());
        System.arraycopy(table, 0, stream, header.length, Math.min(8, table.length));
        assertThatThrownBy(() -> HuffmanCoder.decode(stream)).isInstanceOf(CorruptedInputException.class);
        byte[] tooLong = {HuffmanCoder.TAG, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0};
        assertThatThrownBy(() -> HuffmanCoder.decode(tooLong)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("more than an array");
        byte[] nonMinimal = {HuffmanCoder.TAG, (byte) 0x81, 0x00};
        assertThatThrownBy(() -> HuffmanCoder.decode(nonMinimal)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("minimal");
    }

    @Test
    void declaredLengthBeyondThePayloadIsRefused() throws Exception {
        byte[] packed = HuffmanCoder.encode(new byte[] {1, 2, 3, 4});
        assertThat(packed[1]).isEqualTo((byte) 4);
        packed[1] = 100;
        byte[] damaged = packed;
        assertThatThrownBy(() -> HuffmanCoder.decode(damaged)).isInstanceOf(CorruptedInputException.class)
                .hasMessageContaining("at most");
    }

    @Test
    void tablesViolatingKraftAreRejected() {
        int[] over = new int[256];
        over[1] = 1;
        over[2] = 1;
        over[3] = 1;
        assertThatThrownBy(() -> HuffmanCoder.decode(streamWithTable(3, over)))
                .isInstanceOf(CorruptedInputException.class).hasMessageContaining("Kraft");
        int[] under = new int[256];
        under[1] = 1;
        under[2] = 2;
        assertThatThrownBy(() -> HuffmanCoder.decode(streamWithTable(3, under)))
                .isInstanceOf(CorruptedInputException.class).hasMessageContaining("Kraft");
        int[] single = new int[256];
        single[9] = 3;
        assertThatThrownBy(() -> HuffmanCoder.decode(streamWithTable(3, single)))
                .isInstanceOf(CorruptedInputException.class).hasMessageContaining("single symbol");
    }

    @Test
    void oneSymbolCodeRejectsOneBits() {
        byte[] packed = HuffmanCoder.encode(new byte[] {5, 5, 5, 5, 5, 5, 5, 5, 5});
        packed[packed.length - 1] |= 0x01;
        assertThatThrownBy(() -> HuffmanCoder.decode(packed)).isInstanceOf(CorruptedInputException.class);
    }

    @Test
    void encodedBytesMatchesTheEncoderWithoutCoding() {
        long[] counts = new long[256];
        assertThat(HuffmanCoder.encodedBytes(counts)).isEqualTo(2);
        counts['a'] = 1;
        assertThat(HuffmanCoder.encodedBytes(counts)).isEqualTo(HuffmanCoder.encode(new byte[] {'a'}).length);
        // Sizes beyond any array are still reported.
        counts['a'] = 1L << 40;
        counts['b'] = 1L << 40;
        assertThat(HuffmanCoder.encodedBytes(counts)).isGreaterThan(1L << 38);
    }

    @Property(tries = 200)
    void encodedBytesPredictsTheSize(@ForAll("data") byte[] data) {
        assertThat(HuffmanCoder.encodedBytes(HuffmanCoder.frequencies(data)))
                .isEqualTo(HuffmanCoder.encode(data).length);
    }

    // ---- helpers ---------------------------------------------------------------------------

    static byte[] roundTrip(byte[] data) throws CorruptedInputException {
        byte[] packed = HuffmanCoder.encode(data);
        assertThat(HuffmanCoder.decode(packed)).isEqualTo(data);
        assertThat(HuffmanCoder.encodedBytes(HuffmanCoder.frequencies(data))).isEqualTo(packed.length);
        return packed;
    }

    /** True if the damage was detected, false if it decoded (to anything); fails on other exceptions. */
    private static boolean decodesDifferentlyOrFailsCleanly(byte[] damaged, byte[] original) {
        try {
            HuffmanCoder.decode(damaged);
            return false;
        } catch (CorruptedInputException expected) {
            return true;
        } catch (RuntimeException | Error e) {
            fail("decode threw " + e + " instead of CorruptedInputException", e);
            return false;
        }
    }

    private static byte[] sampleText() {
        return ("It was the best of times, it was the worst of times, it was the age of wisdom, "
                + "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
                + "incredulity, it was the season of Light, it was the season of Darkness.\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int[] uniformLengths() {
        int[] lengths = new int[256];
        Arrays.fill(lengths, 8);
        return lengths;
    }

    private static byte[] tableBytes(int[] lengths) {
        byte[] out = new byte[(int) ((LengthTable.bits(lengths) + 7) / 8)];
        BitWriter writer = new BitWriter(out, 0);
        LengthTable.write(lengths, writer);
        writer.finish();
        return out;
    }

    /** A stream declaring {@code length} bytes with the given (possibly invalid) table and a zero payload. */
    private static byte[] streamWithTable(int length, int[] lengths) {
        byte[] table = tableBytes(lengths);
        byte[] stream = new byte[2 + table.length + 8];
        stream[0] = HuffmanCoder.TAG;
        stream[1] = (byte) length;
        System.arraycopy(table, 0, stream, 2, table.length);
        return stream;
    }

    @Provide
    Arbitrary<byte[]> data() {
        Arbitrary<byte[]> uniform = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2000);
        Arbitrary<byte[]> smallAlphabet = Arbitraries.integers().between(1, 6).flatMap(bits ->
                Arbitraries.bytes().map(b -> (byte) (b & ((1 << bits) - 1) | 0x40))
                        .array(byte[].class).ofMinSize(0).ofMaxSize(3000));
        Arbitrary<byte[]> skewed = Arbitraries.integers().between(0, 1 << 16)
                .map(v -> (byte) Integer.numberOfLeadingZeros(v * v + 1))
                .array(byte[].class).ofMinSize(1).ofMaxSize(5000);
        return Arbitraries.oneOf(uniform, smallAlphabet, skewed);
    }
}

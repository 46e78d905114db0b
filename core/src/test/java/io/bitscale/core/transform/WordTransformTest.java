package io.bitscale.core.transform;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WordTransformTest {

    /** The example in the class Javadoc, compiled. */
    @Test
    void javadocExample() throws Exception {
        byte[] text = "the cat and the hat and the bat".getBytes(StandardCharsets.US_ASCII);
        WordTransform forward = new WordTransform();
        byte[] coded = new byte[WordTransform.maxEncodedLength(text.length)];
        int codedLength = forward.encode(text, 0, text.length, coded, 0);
        byte[] back = new byte[text.length];
        new WordTransform().decode(coded, 0, codedLength, back, 0, text.length);
        assertThat(back).isEqualTo(text);
        assertThat(codedLength).isLessThan(text.length);
    }

    @Test
    void emptyAndOneByte() throws Exception {
        assertThat(roundTrip(new byte[0])).isZero();
        for (int b = 0; b < 256; b++) {
            int expected = b == 0x01 || b == 0x02 || b == 0xC0 || b == 0xC1 || b >= 0xF5 ? 2 : 1;
            assertThat(roundTrip(new byte[] {(byte) b})).as("byte %02x", b).isEqualTo(expected);
        }
    }

    @Test
    void everyByteValueAndTheReservedOnesEscaped() throws Exception {
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        // 15 reserved values, each twice, cost one escape byte each; the second run of a-z is a
        // word seen before and becomes a 2-byte code
        assertThat(roundTrip(data)).isEqualTo(512 + 2 * 15 - 24);
    }

    @Test
    void repeatedWordsBecomeCodesAndCapitalsShareThem() throws Exception {
        byte[] text = "Hello world, hello World, hello world".getBytes(StandardCharsets.US_ASCII);
        WordTransform forward = new WordTransform();
        byte[] coded = new byte[2 * text.length];
        int length = forward.encode(text, 0, text.length, coded, 0);
        assertThat(forward.size()).isEqualTo(2);
        // first "Hello world" literal; then F5 80 / 02 F5 81 / F5 80 / F5 81
        String expected = "Hello world, \u00f5\u0080 \u0002\u00f5\u0081, \u00f5\u0080 \u00f5\u0081";
        assertThat(new String(coded, 0, length, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
        assertThat(decode(coded, length, text.length)).isEqualTo(text);
    }

    @Test
    void mixedCaseShortAndLongRunsStayLiteral() throws Exception {
        String longWord = "a".repeat(WordTransform.MAX_WORD_BYTES + 1);
        byte[] text = ("McDonald McDonald at at NASA NASA " + longWord + " " + longWord)
                .getBytes(StandardCharsets.US_ASCII);
        WordTransform forward = new WordTransform();
        byte[] coded = new byte[2 * text.length];
        assertThat(forward.encode(text, 0, text.length, coded, 0)).isEqualTo(text.length);
        assertThat(forward.size()).isZero();
        assertThat(roundTrip(text)).isEqualTo(text.length);
    }

    @Test
    void utf8WordsAreWords() throws Exception {
        byte[] text = "überall Straße überall Straße Москва Москва".getBytes(StandardCharsets.UTF_8);
        int length = roundTrip(text);
        assertThat(length).isLessThan(text.length - 12);
    }

    @Test
    void theDictionaryStopsGrowingAtItsCapAndStillRoundTrips() throws Exception {
        // 80,000 distinct words of 5 letters, then each again: codes of both lengths, and words
        // past the cap that stay literal.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < 80_000; i++) {
                out.writeBytes(word(i).getBytes(StandardCharsets.US_ASCII));
                out.write(' ');
            }
        }
        byte[] text = out.toByteArray();
        WordTransform forward = new WordTransform();
        byte[] coded = new byte[2 * text.length];
        int length = forward.encode(text, 0, text.length, coded, 0);
        assertThat(forward.size()).isLessThanOrEqualTo(WordTransform.MAX_WORDS).isGreaterThan(60_000);
        assertThat(decode(coded, length, text.length)).isEqualTo(text);
        assertThat(length).isLessThan(text.length * 9 / 10);
    }

    @Test
    void theDictionaryCarriesOverBetweenCallsUntilReset() throws Exception {
        byte[] first = "alpha beta gamma ".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "gamma beta alpha".getBytes(StandardCharsets.US_ASCII);
        WordTransform forward = new WordTransform();
        WordTransform inverse = new WordTransform();
        byte[] coded = new byte[64];
        int n1 = forward.encode(first, 0, first.length, coded, 0);
        byte[] back = new byte[first.length];
        inverse.decode(coded, 0, n1, back, 0, first.length);
        int n2 = forward.encode(second, 0, second.length, coded, 0);
        assertThat(n2).isEqualTo(2 + 1 + 2 + 1 + 2);
        byte[] back2 = new byte[second.length];
        inverse.decode(coded, 0, n2, back2, 0, second.length);
        assertThat(back2).isEqualTo(second);
        inverse.reset();
        assertThatThrownBy(() -> inverse.decode(coded, 0, n2, back2, 0, second.length))
                .isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("names word 2 of a dictionary of 0");
    }

    @Test
    void learnMatchesWhatEncodeDoesToTheDictionary() throws Exception {
        byte[] first = "some words that the encoder sent as they were".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "words that were sent".getBytes(StandardCharsets.US_ASCII);
        WordTransform forward = new WordTransform();
        forward.encode(first, 0, first.length, new byte[2 * first.length], 0);
        byte[] coded = new byte[2 * second.length];
        int n = forward.encode(second, 0, second.length, coded, 0);
        WordTransform inverse = new WordTransform();
        inverse.learn(first, 0, first.length);
        byte[] back = new byte[second.length];
        inverse.decode(coded, 0, n, back, 0, second.length);
        assertThat(back).isEqualTo(second);
        assertThat(inverse.size()).isEqualTo(forward.size());
    }

    @Test
    void damagedBytesAreTypedErrors() {
        byte[] text = "the cat the cat".getBytes(StandardCharsets.US_ASCII);
        WordTransform forward = new WordTransform();
        byte[] coded = new byte[32];
        int n = forward.encode(text, 0, text.length, coded, 0);
        // declared length a lie, both ways
        assertThatThrownBy(() -> decode(coded, n, text.length - 1)).isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("more than the 14 bytes declared");
        assertThatThrownBy(() -> decode(coded, n, text.length + 1)).isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("decode to 15 bytes, not the 16 declared");
        // truncated code, escape and capital mark
        assertThatThrownBy(() -> decode(coded, n - 1, text.length)).isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("end inside a word code");
        assertThatThrownBy(() -> decode(new byte[] {1}, 1, 1)).isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("inside an escape");
        assertThatThrownBy(() -> decode(new byte[] {2}, 1, 1)).isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("after a capital mark");
        assertThatThrownBy(() -> decode(new byte[] {(byte) 0xFD, (byte) 0x80}, 2, 1))
                .isInstanceOf(MalformedTransformException.class).hasMessageContaining("end inside a word code");
        // escapes of bytes that need none, capital marks before a non-code, indices past the end
        assertThatThrownBy(() -> decode(new byte[] {1, 'a'}, 2, 1)).isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("escape of byte 0x61");
        assertThatThrownBy(() -> decode(new byte[] {2, 'a'}, 2, 1)).isInstanceOf(MalformedTransformException.class)
                .hasMessageContaining("not a word code");
        assertThatThrownBy(() -> decode(new byte[] {(byte) 0xC1, (byte) 0xFF, (byte) 0xFF}, 3, 3))
                .isInstanceOf(MalformedTransformException.class).hasMessageContaining("names word 82943");
        assertThatThrownBy(() -> decode(new byte[] {(byte) 0xF5, 'A'}, 2, 3))
                .isInstanceOf(MalformedTransformException.class).hasMessageContaining("index byte 0x41, below 0x80");
        assertThatThrownBy(() -> decode(new byte[] {(byte) 0xC0, (byte) 0x80, ' '}, 3, 3))
                .isInstanceOf(MalformedTransformException.class).hasMessageContaining("index byte 0x20, below 0x80");
    }

    @Test
    void aCapitalMarkOnAWordThatCannotTakeOneIsAnError() throws Exception {
        byte[] text = "über über".getBytes(StandardCharsets.UTF_8);
        WordTransform inverse = new WordTransform();
        byte[] first = "über ".getBytes(StandardCharsets.UTF_8);
        byte[] crafted = Arrays.copyOf(first, first.length + 3);
        crafted[first.length] = 2;
        crafted[first.length + 1] = (byte) 0xF5;
        crafted[first.length + 2] = (byte) 0x80;
        assertThatThrownBy(() -> inverse.decode(crafted, 0, crafted.length, new byte[text.length], 0, text.length))
                .isInstanceOf(MalformedTransformException.class).hasMessageContaining("does not start with a letter");
    }

    /** Random garbage never loops or throws anything but the typed exception; lengths stay in bounds. */
    @Property(tries = 300)
    void garbageDecodesToATypedErrorOrToExactlyTheDeclaredLength(@ForAll @Size(max = 200) byte[] garbage,
                                                                 @ForAll @IntRange(max = 3000) int declared) {
        WordTransform inverse = new WordTransform();
        byte[] seed = "the and for with that this from have".getBytes(StandardCharsets.US_ASCII);
        inverse.learn(seed, 0, seed.length);
        byte[] out = new byte[declared];
        try {
            inverse.decode(garbage, 0, garbage.length, out, 0, declared);
            assertThat(declared).isLessThanOrEqualTo(garbage.length * WordTransform.MAX_CONTRACTION);
        } catch (MalformedTransformException expected) {
            assertThat(expected.offset()).isBetween(0, garbage.length);
        }
    }

    @Property(tries = 200)
    void randomBytesRoundTrip(@ForAll @Size(max = 4000) byte[] data) throws Exception {
        int length = roundTrip(data);
        assertThat(length).isLessThanOrEqualTo(WordTransform.maxEncodedLength(data.length));
    }

    @Property(tries = 200)
    void textsFromAWordAlphabetRoundTripInFrames(@ForAll("texts") byte[] text,
                                                 @ForAll @IntRange(min = 1, max = 700) int frame) throws Exception {
        WordTransform forward = new WordTransform();
        WordTransform inverse = new WordTransform();
        byte[] coded = new byte[2 * frame];
        for (int at = 0; at < text.length; at += frame) {
            int length = Math.min(frame, text.length - at);
            int n = forward.encode(text, at, length, coded, 0);
            assertThat(length).isLessThanOrEqualTo(n * WordTransform.MAX_CONTRACTION);
            byte[] back = new byte[length];
            inverse.decode(coded, 0, n, back, 0, length);
            assertThat(back).isEqualTo(Arrays.copyOfRange(text, at, at + length));
        }
        assertThat(inverse.size()).isEqualTo(forward.size());
    }

    /** Words, separators, UTF-8 words and raw reserved bytes (escapes, capital marks, code leads). */
    @Provide
    Arbitrary<byte[]> texts() {
        List<byte[]> alphabet = new java.util.ArrayList<>();
        for (String word : List.of("the", "The", "and", "of", "a", "house", "House", "HOUSE", "über", "Straße", " ",
                " ", " ", ", ", ".\n", "\r\n", "x".repeat(40), "McDonald", "q", "zz", "wonderful", "Wonderful",
                "Москва")) {
            alphabet.add(word.getBytes(StandardCharsets.UTF_8));
        }
        alphabet.add(new byte[] {1});
        alphabet.add(new byte[] {2, (byte) 0xF5, (byte) 0x80});
        alphabet.add(new byte[] {(byte) 0xC0});
        alphabet.add(new byte[] {(byte) 0xC1, (byte) 0x80, (byte) 0x80});
        alphabet.add(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xF5});
        return Arbitraries.of(alphabet).list().ofMaxSize(400).map(words -> {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            words.forEach(text::writeBytes);
            return text.toByteArray();
        });
    }

    @Test
    void longRandomTextRoundTripsAndShrinks() throws Exception {
        Random random = new Random(14);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 1 << 20) {
            out.writeBytes(word(random.nextInt(1000)).getBytes(StandardCharsets.US_ASCII));
            out.write(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        byte[] text = out.toByteArray();
        // six bytes a word become three: a 2-byte code and the separator
        assertThat(roundTrip(text)).isLessThan(text.length * 51 / 100);
    }

    /** A distinct lower-case word of five letters for every i below 26^5. */
    private static String word(int i) {
        char[] letters = new char[5];
        for (int k = 0; k < 5; k++) {
            letters[k] = (char) ('a' + i % 26);
            i /= 26;
        }
        return new String(letters);
    }

    private static int roundTrip(byte[] data) throws MalformedTransformException {
        byte[] coded = new byte[WordTransform.maxEncodedLength(data.length)];
        int length = new WordTransform().encode(data, 0, data.length, coded, 0);
        assertThat(decode(coded, length, data.length)).isEqualTo(data);
        return length;
    }

    private static byte[] decode(byte[] coded, int length, int declared) throws MalformedTransformException {
        byte[] back = new byte[declared];
        new WordTransform().decode(coded, 0, length, back, 0, declared);
        return back;
    }
}

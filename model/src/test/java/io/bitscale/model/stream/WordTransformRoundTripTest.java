package io.bitscale.model.stream;

import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.stream.StreamTransform;
import io.bitscale.model.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The context-mixing presets and {@code order2} through the container with the word transform:
 * exact round trips on one and two threads (the same bytes). On this synthetic text (words drawn
 * independently from a small vocabulary) a short-context model gains from the transform and the
 * context mixers stay within a few per cent; what it does to real text is measured in
 * docs/cm-results.md.
 */
class WordTransformRoundTripTest {

    private static final byte[] DATA = data();

    /** Word text with capitals, UTF-8 words and reserved bytes, then binary, then text again. */
    private static byte[] data() {
        String[] words = ("the of and to in is was that for on with as by at from his her it an be this which "
                + "Compression prediction arithmetic coder model probability entropy bits byte context Über "
                + "straße Москва order scaling law learning stream frame checksum The It").split(" ");
        SplittableRandom random = new SplittableRandom(21);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int part = 0; part < 3; part++) {
            while (out.size() < (part + 1) * 40_000) {
                out.writeBytes(words[Math.min(random.nextInt(words.length), random.nextInt(words.length))]
                        .getBytes(StandardCharsets.UTF_8));
                int separator = random.nextInt(40);
                out.write(separator == 0 ? '\n' : separator == 1 ? 0x04 : separator == 2 ? ',' : ' ');
            }
            if (part == 1) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(random.nextInt(256));
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] compress(String spec, StreamOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BitscaleOutputStream compressor = new BitscaleOutputStream(out, Models.factory(spec), options)) {
            compressor.write(DATA);
        }
        return out.toByteArray();
    }

    private static byte[] decompress(byte[] stream, int threads) throws IOException {
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), Models.registry(),
                StreamOptions.DEFAULT.withThreads(threads))) {
            assertThat(in.header().transform()).isEqualTo(StreamTransform.WORDS);
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @CsvSource({"fast", "default", "strong", "order2"})
    void roundTripsOnOneAndTwoThreads(String spec) throws IOException {
        StreamOptions blocks = new StreamOptions(1 << 14).withBlockBytes(1 << 16);
        byte[] plain = compress(spec, blocks);
        byte[] words = compress(spec, blocks.withTransform(StreamTransform.WORDS));
        byte[] parallel = compress(spec, blocks.withTransform(StreamTransform.WORDS).withThreads(2));
        assertThat(parallel).isEqualTo(words);
        assertThat(decompress(words, 1)).isEqualTo(DATA);
        assertThat(decompress(words, 2)).isEqualTo(DATA);
        if (spec.equals("order2")) {
            assertThat(words.length).as("with the transform %d bytes, without %d", words.length, plain.length)
                    .isLessThan(plain.length * 19 / 20);
        } else {
            assertThat(words.length).as("%s: with the transform %d bytes, without %d", spec, words.length, plain.length)
                    .isLessThan(plain.length * 103 / 100);
        }
    }
}

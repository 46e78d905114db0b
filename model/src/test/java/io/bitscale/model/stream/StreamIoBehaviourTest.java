package io.bitscale.model.stream;

import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads and writes in pieces of every awkward size behave like one bulk call, as java.util.zip streams do. */
class StreamIoBehaviourTest {

    private static final byte[] DATA = data();

    private static byte[] data() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] bytes = new byte[70_001];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ("abcde fghij\n".charAt(random.nextInt(12)) + (random.nextInt(50) == 0 ? 100 : 0));
        }
        return bytes;
    }

    private static byte[] compress(int writeChunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BitscaleOutputStream compressor = new BitscaleOutputStream(out, Models.factory("order1"), new StreamOptions(4096))) {
            for (int offset = 0; offset < DATA.length; offset += writeChunk) {
                int n = Math.min(writeChunk, DATA.length - offset);
                if (n == 1) {
                    compressor.write(DATA[offset]);
                } else {
                    compressor.write(DATA, offset, n);
                }
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 4095, 4096, 4097, 65_537, 1 << 20})
    void oddWriteAndReadSizesGiveTheSameBytes(int chunk) throws IOException {
        byte[] stream = compress(chunk);
        assertThat(stream).isEqualTo(compress(DATA.length));
        ByteArrayOutputStream restored = new ByteArrayOutputStream();
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), Models.registry())) {
            byte[] buffer = new byte[chunk + 3];
            while (true) {
                int n = chunk == 1 ? in.read() : in.read(buffer, 3, chunk);
                if (n < 0) {
                    break;
                }
                if (chunk == 1) {
                    restored.write(n);
                } else {
                    assertThat(n).isPositive();
                    restored.write(buffer, 3, n);
                }
            }
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(buffer, 0, 0)).isZero();
        }
        assertThat(restored.toByteArray()).isEqualTo(DATA);
    }

    @Test
    void skipMovesForwardAcrossFramesLikeReading() throws IOException {
        byte[] stream = compress(DATA.length);
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), Models.registry())) {
            assertThat(in.skip(10_000)).isEqualTo(10_000);
            assertThat(in.read()).isEqualTo(DATA[10_000] & 0xFF);
            assertThat(in.skip(0)).isZero();
            byte[] rest = in.readAllBytes();
            assertThat(rest).isEqualTo(Arrays.copyOfRange(DATA, 10_001, DATA.length));
            assertThat(in.skip(5)).isZero();
        }
    }
}

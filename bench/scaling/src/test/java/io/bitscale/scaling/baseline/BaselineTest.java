package io.bitscale.scaling.baseline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineTest {

    private static byte[] sample() {
        StringBuilder text = new StringBuilder();
        SplittableRandom random = new SplittableRandom(3);
        String[] words = {"the ", "model ", "predicts ", "next ", "byte ", "and ", "coder ", "writes ", "bits ", "\n"};
        while (text.length() < 200_000) {
            text.append(words[random.nextInt(words.length)]);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void everyPeerRoundTripsAndCompressesText() throws IOException {
        byte[] data = sample();
        ByteSink sink = new ByteSink(16);
        for (Baseline peer : Baseline.values()) {
            int size = peer.compress(data, sink);
            assertThat(size).as(peer.peerName()).isEqualTo(sink.size()).isLessThan(data.length / 3);
            byte[] restored = new byte[data.length];
            assertThat(peer.decompress(sink.toByteArray(), restored)).isEqualTo(data.length);
            assertThat(restored).as(peer.peerName()).isEqualTo(data);
        }
    }

    @Test
    void aTruncatedStreamIsAnErrorNotAShortResult() throws IOException {
        byte[] data = sample();
        ByteSink sink = new ByteSink(16);
        for (Baseline peer : Baseline.values()) {
            peer.compress(data, sink);
            byte[] truncated = Arrays.copyOf(sink.array(), sink.size() / 2);
            assertThatThrownBy(() -> peer.decompress(truncated, new byte[data.length])).as(peer.peerName())
                    .isInstanceOfAny(IOException.class, IllegalStateException.class);
        }
    }

    @Test
    void namesAreTheBenchmarkParameters() {
        assertThat(Baseline.NAMES).containsExactly("deflate-6", "deflate-9", "xz-6", "xz-9e", "bzip2-9");
        assertThat(Baseline.byName("xz-9e")).isEqualTo(Baseline.XZ_9E);
        assertThatThrownBy(() -> Baseline.byName("lz4")).hasMessageContaining("known: deflate-6");
    }
}

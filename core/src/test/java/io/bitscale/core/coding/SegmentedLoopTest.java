package io.bitscale.core.coding;

import io.bitscale.core.model.Cdf;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SegmentedPredictor;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The interleaved loop for {@link SegmentedPredictor}: layout, visiting order, exact round trips. */
class SegmentedLoopTest {

    /**
     * Per-segment order-1 counts plus shared order-0 counts that learn only at the end of a round
     * (as a batched network does), recording which segment each byte was coded for.
     */
    static final class ToySegmented implements SegmentedPredictor {
        private final int segments;
        private final long[][][] order1;
        private final int[] previous;
        private final long[] shared = new long[256];
        private final int[] roundSymbols;
        private final int[] cdf = new int[257];
        final List<List<Integer>> coded = new ArrayList<>();
        private int length = -1;
        private int round;
        private int segment;
        private int consumed;

        ToySegmented(int segments) {
            this.segments = segments;
            this.order1 = new long[segments][256][256];
            this.previous = new int[segments];
            this.roundSymbols = new int[segments];
            for (int s = 0; s < segments; s++) {
                coded.add(new ArrayList<>());
            }
        }

        @Override
        public int segments() {
            return segments;
        }

        @Override
        public void beginBlock(int blockLength) {
            if (length >= 0 && consumed < length) {
                throw new IllegalStateException("block not finished");
            }
            length = blockLength;
            round = 0;
            segment = 0;
            consumed = 0;
        }

        @Override
        public int[] cdf() {
            long[] frequencies = new long[256];
            long[] own = order1[segment][previous[segment]];
            for (int b = 0; b < 256; b++) {
                frequencies[b] = 4 * own[b] + shared[b] + 1;
            }
            Cdf.fromFrequencies(frequencies, 256, 1 << 16, cdf);
            return cdf;
        }

        @Override
        public void update(int symbol) {
            coded.get(segment).add(symbol);
            order1[segment][previous[segment]][symbol]++;
            previous[segment] = symbol;
            roundSymbols[segment] = symbol;
            consumed++;
            int active = length < 0 ? 1 : SegmentedPredictor.active(length, segments, round);
            if (++segment == active) {
                for (int s = 0; s < active; s++) {
                    shared[roundSymbols[s]]++;
                }
                segment = 0;
                round++;
            }
        }

        @Override
        public long parameters() {
            return 256L * 256 * segments + 256;
        }

        @Override
        public long memoryBytes() {
            return 8 * parameters() + 4096;
        }
    }

    /** The same model seen as a plain {@link SymbolPredictor}, which the plain loop drives. */
    record Plain(SymbolPredictor inner) implements SymbolPredictor {
        @Override
        public int[] cdf() {
            return inner.cdf();
        }

        @Override
        public void update(int symbol) {
            inner.update(symbol);
        }

        @Override
        public long parameters() {
            return inner.parameters();
        }

        @Override
        public long memoryBytes() {
            return inner.memoryBytes();
        }
    }

    static byte[] text(int length, long seed) {
        byte[] data = new byte[length];
        long state = seed;
        for (int i = 0; i < length; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            data[i] = (byte) "etaoin shrdlu".charAt((int) ((state >>> 33) % 13));
        }
        return data;
    }

    @Test
    void layoutCoversTheBlockOnceWithActiveSegmentsAsAPrefix() {
        for (int length = 1; length <= 60; length++) {
            for (int segments = 1; segments <= 9; segments++) {
                int[] covered = new int[length];
                int[] lengths = new int[segments];
                for (int s = 0; s < segments; s++) {
                    int start = SegmentedPredictor.start(length, segments, s);
                    int end = s + 1 < segments ? SegmentedPredictor.start(length, segments, s + 1) : length;
                    lengths[s] = end - start;
                    for (int i = start; i < end; i++) {
                        covered[i]++;
                    }
                }
                assertThat(covered).as("L=%d B=%d", length, segments).containsOnly(1);
                assertThat(lengths[0]).isEqualTo(SegmentedPredictor.rounds(length, segments));
                for (int s = 1; s < segments; s++) {
                    assertThat(lengths[s]).isBetween(lengths[0] - 1, lengths[s - 1]);
                }
                for (int round = 0; round < SegmentedPredictor.rounds(length, segments); round++) {
                    int r = round;
                    long longer = Arrays.stream(lengths).filter(n -> n > r).count();
                    assertThat(SegmentedPredictor.active(length, segments, round)).isEqualTo((int) longer);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,5", "3,5", "7,7", "100,1", "100,3", "1000,8", "1001,8", "4097,16"})
    void codesEverySegmentInOrderAndDecodesExactly(int length, int segments) {
        byte[] data = text(length, 3);
        ToySegmented model = new ToySegmented(segments);
        PredictiveCoder loop = PredictiveCoder.of(model);
        assertThat(loop).isInstanceOf(SegmentedLoop.class);
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        byte[] buffer = data.clone();
        loop.codeBlock(encoder, buffer, 0, length);
        assertThat(buffer).isEqualTo(data);
        for (int s = 0; s < segments; s++) {
            int start = SegmentedPredictor.start(length, segments, s);
            List<Integer> expected = new ArrayList<>();
            for (int i = start; i < (s + 1 < segments ? SegmentedPredictor.start(length, segments, s + 1) : length); i++) {
                expected.add(data[i] & 0xFF);
            }
            assertThat(model.coded.get(s)).as("segment %d", s).isEqualTo(expected);
        }
        byte[] payload = encoder.finish();
        byte[] decoded = new byte[length + 16];
        PredictiveCoder.of(new ToySegmented(segments))
                .codeBlock(new ArithmeticDecoder(payload, 0, payload.length), decoded, 8, length);
        assertThat(Arrays.copyOfRange(decoded, 8, 8 + length)).isEqualTo(data);
    }

    @Test
    void oneSegmentGivesThePlainLoopsStream() {
        byte[] data = text(5000, 9);
        ArithmeticEncoder segmented = new ArithmeticEncoder();
        PredictiveCoder.of(new ToySegmented(1)).codeBlock(segmented, data.clone(), 0, 3000);
        ArithmeticEncoder plain = new ArithmeticEncoder();
        PredictiveCoder.of(new Plain(new ToySegmented(1))).codeBlock(plain, data.clone(), 0, 3000);
        assertThat(segmented.finish()).isEqualTo(plain.finish());
    }

    @Test
    void roundTripsThroughTheContainerAcrossFrames() throws IOException {
        byte[] data = text(10_000, 5);
        PredictorFactory factory = TestModels.factory("toy-segmented", 0, 1 << 20, () -> new ToySegmented(6));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory, new StreamOptions(1024))) {
            out.write(data, 0, 5000);
            out.write(data, 5000, 5000);
        }
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(sink.toByteArray()),
                TestModels.resolver(factory))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aBlockMustBeFinishedBeforeTheNextBegins() {
        ToySegmented model = new ToySegmented(2);
        model.beginBlock(10);
        model.cdf();
        model.update(1);
        assertThatThrownBy(() -> model.beginBlock(10)).isInstanceOf(IllegalStateException.class);
    }
}

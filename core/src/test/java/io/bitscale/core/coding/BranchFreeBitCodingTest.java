package io.bitscale.core.coding;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code codeBit} is branch-free for speed; it must still write exactly the bytes of the
 * branching form it replaced ({@link BranchingReferenceCoder}) and decode what either wrote.
 */
class BranchFreeBitCodingTest {

    /** Probability sources: each gives p1 for decision i. */
    private interface ProbabilitySource {
        int p1(SplittableRandom random, int i);
    }

    private static final ProbabilitySource[] SOURCES = {
        (random, i) -> 1 + random.nextInt(65535),                                  // anything legal
        (random, i) -> random.nextBoolean() ? 1 + random.nextInt(64) : 65535 - random.nextInt(64), // near certain
        (random, i) -> i % 3 == 0 ? 1 : 65535,                                       // the extremes
        (random, i) -> 32768,                                                       // one half
        (random, i) -> 60000 + random.nextInt(5000),                                 // skewed, like a trained model
    };

    @Test
    void writesTheBranchingCodersBytesAndDecodesThem() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 250; round++) {
            ProbabilitySource source = SOURCES[round % SOURCES.length];
            int count = 1 + random.nextInt(round < 50 ? 64 : 40_000);
            boolean followProbability = random.nextInt(4) != 0;   // else bits against the odds
            int[] p1s = new int[count];
            int[] bits = new int[count];
            for (int i = 0; i < count; i++) {
                p1s[i] = source.p1(random, i);
                bits[i] = followProbability ? (random.nextInt(65536) < p1s[i] ? 1 : 0) : random.nextInt(2);
            }

            BranchingReferenceCoder.Encoder reference = new BranchingReferenceCoder.Encoder();
            ArithmeticEncoder encoder = new ArithmeticEncoder(16);
            for (int i = 0; i < count; i++) {
                reference.codeBit(p1s[i], bits[i]);
                assertThat(encoder.codeBit(p1s[i], bits[i])).isEqualTo(bits[i]);
            }
            byte[] expected = reference.finish();
            byte[] actual = encoder.finish();
            assertThat(actual).as("round %d, %d decisions", round, count).isEqualTo(expected);

            ArithmeticDecoder decoder = new ArithmeticDecoder(actual, 0, actual.length);
            BranchingReferenceCoder.Decoder referenceDecoder = new BranchingReferenceCoder.Decoder(actual);
            for (int i = 0; i < count; i++) {
                int bit = decoder.codeBit(p1s[i], 0);
                if (bit != bits[i] || referenceDecoder.codeBit(p1s[i]) != bits[i]) {
                    throw new AssertionError("round " + round + ": decision " + i + " decoded as " + bit);
                }
            }
        }
    }

    @Test
    void anyNonZeroBitArgumentCodesAOne() {
        // The encoder documents 0 or 1, but the old form treated every non-zero value as 1; keep that.
        ArithmeticEncoder ones = new ArithmeticEncoder();
        ArithmeticEncoder odd = new ArithmeticEncoder();
        int[] values = {1, 2, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 7};
        for (int i = 0; i < 700; i++) {
            int v = values[i % values.length];
            ones.codeBit(20000 + i, v != 0 ? 1 : 0);
            odd.codeBit(20000 + i, v);
        }
        assertThat(odd.finish()).isEqualTo(ones.finish());
    }
}

package io.bitscale.model.corpus;

import io.bitscale.core.coding.StaticCdf;
import io.bitscale.core.coding.StaticRans;
import io.bitscale.core.huffman.HuffmanCode;
import io.bitscale.core.huffman.HuffmanCoder;
import io.bitscale.core.model.Cdf;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's static coders (Huffman, rANS) on every standard corpus file. These are tests of core
 * classes; they live here because the corpora module, which finds the files, depends on core.
 */
class StaticCodersCorpusTest {

    static List<String> standardFiles() {
        return TestCorpora.standardFiles();
    }

    @ParameterizedTest
    @MethodSource("standardFiles")
    void huffmanRoundTripsWithinOneBitOfTheEntropy(String file) throws Exception {
        byte[] data = TestCorpora.read(file);
        byte[] packed = HuffmanCoder.encode(data);
        assertThat(HuffmanCoder.decode(packed)).as(file).isEqualTo(data);
        long[] counts = new long[256];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        assertThat(HuffmanCoder.encodedBytes(counts)).isEqualTo(packed.length);
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        double entropy = entropyBits(counts) / data.length;
        double payloadBitsPerByte = (double) code.encodedBits(counts) / data.length;
        assertThat(payloadBitsPerByte).as(file).isGreaterThanOrEqualTo(entropy).isLessThan(entropy + 1);
        // The whole stream: payload plus a table of at most a few hundred bytes.
        assertThat(packed.length - code.encodedBits(counts) / 8).as(file).isBetween(2L, 300L);
    }

    @ParameterizedTest
    @MethodSource("standardFiles")
    void ransRoundTripsWithTheFilesOwnTableAtItsCodeLength(String file) {
        byte[] data = TestCorpora.read(file);
        long[] counts = new long[256];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        int[] cdf = new int[257];
        Cdf.fromFrequencies(counts, 256, 1 << 15, cdf);
        StaticCdf table = StaticCdf.of(cdf, 256);
        byte[] payload = StaticRans.encode(table, data, 0, data.length);
        byte[] restored = new byte[data.length];
        assertThat(StaticRans.decode(table, payload, 0, payload.length, restored, 0, restored.length)).isTrue();
        assertThat(restored).as(file).isEqualTo(data);
        double idealBits = 0;
        for (byte b : data) {
            int s = b & 0xFF;
            idealBits -= Math.log((cdf[s + 1] - cdf[s]) / (double) (1 << 15)) / Math.log(2);
        }
        // The only cost above the table's code length is the final state.
        assertThat(8.0 * payload.length).as(file).isLessThanOrEqualTo(idealBits + 8 * StaticRans.HEADER_BYTES + 8);
    }

    private static double entropyBits(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double bits = 0;
        for (long c : counts) {
            if (c > 0) {
                bits -= c * (Math.log(c / total) / Math.log(2));
            }
        }
        return bits;
    }
}

package io.bitscale.jmh.tools;

import io.bitscale.jmh.tools.HuffmanReport.Row;
import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims of {@code docs/huffman-vs-arithmetic.md}, checked on every Calgary file. Where a claim
 * does not hold for a file, the exception is named here and asserted the other way round, so the
 * document and the measurement cannot drift apart silently.
 */
class HuffmanReportTest {

    /**
     * Files where semi-static arithmetic coding with 16-bit counts is larger in total than
     * Huffman: the count table costs more than the payload saves (paper5: 3 bytes).
     */
    private static final Set<String> SEMI_STATIC_LOSES = Set.of("paper5");
    /**
     * Files where adaptive {@code kt0} through the container is larger than Huffman: learning 255
     * free parameters and the container's records cost more than a 12-13 KB file gives back.
     */
    private static final Set<String> KT0_LOSES = Set.of("paper4", "paper5");

    private static List<Path> files;
    private static List<Row> rows;

    /**
     * Per test, not per class: without corpora each test is then reported as skipped on its own,
     * rather than the whole class vanishing from the count.
     */
    @BeforeEach
    void measure() throws IOException {
        if (rows == null) {
            files = calgaryFiles();
            rows = HuffmanReport.measureAll(files);
        }
    }

    @Test
    void measuresAllEighteenFiles() {
        assertThat(rows).hasSize(18);
        assertThat(rows.stream().mapToLong(Row::bytes).sum()).isEqualTo(3_251_493L);
    }

    @Test
    void huffmanPayloadIsWithinOneBitOfEntropy() {
        for (Row row : rows) {
            assertThat(row.huffmanPayloadBitsPerByte()).as(row.file())
                    .isGreaterThanOrEqualTo(row.entropyBitsPerByte())
                    .isLessThan(row.entropyBitsPerByte() + 1);
        }
    }

    /** The coding loss itself, tables aside: arithmetic payload below Huffman payload everywhere. */
    @Test
    void semiStaticPayloadIsSmallerThanHuffmanPayloadOnEveryFile() {
        for (Row row : rows) {
            assertThat(8 * row.semiStaticPayloadBytes()).as(row.file()).isLessThan(row.huffmanPayloadBits());
        }
    }

    /** The coder stays within a few bytes of its ideal code length (or below, by zero elision). */
    @Test
    void semiStaticPayloadIsAtMostItsIdealPlusFlush() {
        for (Row row : rows) {
            assertThat(row.semiStaticPayloadBytes()).as(row.file())
                    .isLessThanOrEqualTo((long) Math.ceil(row.semiStaticIdealBits() / 8) + 4);
        }
    }

    @Test
    void semiStaticTotalIsAtMostHuffmanTotalExceptNamedFiles() {
        for (Row row : rows) {
            if (SEMI_STATIC_LOSES.contains(row.file())) {
                assertThat(row.semiStaticBytes()).as(row.file() + " (known exception)")
                        .isGreaterThan(row.huffmanBytes())
                        .isLessThanOrEqualTo(row.huffmanBytes() + 8);
            } else {
                assertThat(row.semiStaticBytes()).as(row.file()).isLessThanOrEqualTo(row.huffmanBytes());
            }
        }
    }

    @Test
    void adaptiveKt0IsAtMostHuffmanTotalExceptNamedFiles() {
        for (Row row : rows) {
            if (KT0_LOSES.contains(row.file())) {
                assertThat(row.kt0Bytes()).as(row.file() + " (known exception)").isGreaterThan(row.huffmanBytes());
            } else {
                assertThat(row.kt0Bytes()).as(row.file()).isLessThanOrEqualTo(row.huffmanBytes());
            }
        }
    }

    /** The semi-static payload is real: the decoder recovers every file from it and the counts. */
    @Test
    void semiStaticPayloadDecodes() throws IOException {
        for (Path file : files) {
            byte[] data = Files.readAllBytes(file);
            long[] counts = counts(data);
            int[] cdf = HuffmanReport.semiStaticCdf(counts);
            ArithmeticEncoder encoder = new ArithmeticEncoder();
            for (byte b : data) {
                encoder.codeSymbol(cdf, 256, b & 0xFF);
            }
            byte[] payload = encoder.finish();
            assertThat((long) payload.length).isEqualTo(HuffmanReport.semiStaticPayloadBytes(data, counts));
            ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
            byte[] decoded = new byte[data.length];
            for (int i = 0; i < decoded.length; i++) {
                decoded[i] = (byte) decoder.codeSymbol(cdf, 256, 0);
            }
            assertThat(decoded).as(file.toString()).isEqualTo(data);
        }
    }

    /** The count table is counted, not written: a reference codec proves the count is decodable. */
    @Test
    void countTableSizeMatchesAReferenceCodec() throws IOException {
        for (Path file : files) {
            long[] counts = counts(Files.readAllBytes(file));
            assertCountTableRoundTrips(counts);
        }
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            long[] counts = new long[256];
            for (int s = 0; s < 256; s++) {
                counts[s] = random.nextInt(3) == 0 ? 0 : random.nextInt(1 << random.nextInt(24)) + 1;
            }
            assertCountTableRoundTrips(counts);
        }
    }

    @Test
    void markdownTableHasARowPerFileAndTotals() {
        String table = HuffmanReport.format(rows);
        assertThat(table.lines().count()).isEqualTo(2 + 18 + 2);
        assertThat(table).contains("| pic | 513,216 |").contains("**total (18 files)**");
        assertThat(HuffmanReport.markdownTable(files.subList(0, 1)).lines().count()).isEqualTo(3);
    }

    @Test
    void emptyInputIsMeasured() {
        Row row = HuffmanReport.measure("empty", new byte[0]);
        assertThat(row.huffmanBytes()).isEqualTo(2);
        assertThat(row.semiStaticBytes()).isEqualTo(2);
        assertThat(row.huffmanBitsPerByte()).isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static long[] counts(byte[] data) {
        long[] counts = new long[256];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        return counts;
    }

    /** Writes the count table as HuffmanReport describes it, checks its size, reads it back. */
    private static void assertCountTableRoundTrips(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        Bits bits = new Bits();
        int symbol = 0;
        boolean present = false;
        boolean first = true;
        while (symbol < 256) {
            int start = symbol;
            while (symbol < 256 && (counts[symbol] > 0) == present) {
                symbol++;
            }
            bits.gamma(first ? symbol - start + 1 : symbol - start);
            first = false;
            present = !present;
        }
        int last = -1;
        for (int s = 0; s < 256; s++) {
            if (counts[s] > 0) {
                last = s;
            }
        }
        int previous = 0;
        for (int s = 0; s < last; s++) {
            if (counts[s] > 0) {
                int exponent = 63 - Long.numberOfLeadingZeros(counts[s]);
                int delta = exponent - previous;
                bits.gamma(((delta << 1) ^ (delta >> 31)) + 1);
                bits.write(counts[s] - (1L << exponent), exponent);
                previous = exponent;
            }
        }
        assertThat((long) bits.length).isEqualTo(HuffmanReport.countTableBits(counts));

        // Decode with only the table and the total n.
        bits.position = 0;
        boolean[] isPresent = new boolean[256];
        symbol = 0;
        present = false;
        first = true;
        while (symbol < 256) {
            int run = (int) bits.readGamma() - (first ? 1 : 0);
            for (int i = 0; i < run; i++) {
                isPresent[symbol++] = present;
            }
            first = false;
            present = !present;
        }
        long[] decoded = new long[256];
        int lastPresent = -1;
        for (int s = 0; s < 256; s++) {
            if (isPresent[s]) {
                lastPresent = s;
            }
        }
        previous = 0;
        long sum = 0;
        for (int s = 0; s < lastPresent; s++) {
            if (isPresent[s]) {
                int zigzag = (int) bits.readGamma() - 1;
                int exponent = previous + ((zigzag >>> 1) ^ -(zigzag & 1));
                decoded[s] = (1L << exponent) | bits.read(exponent);
                sum += decoded[s];
                previous = exponent;
            }
        }
        if (lastPresent >= 0) {
            decoded[lastPresent] = total - sum;
        }
        assertThat(decoded).isEqualTo(counts);
        assertThat(bits.position).isEqualTo(bits.length);
    }

    /** A growable bit string, most significant bit first. */
    private static final class Bits {
        final BitSet set = new BitSet();
        int length;
        int position;

        void write(long value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                set.set(length++, ((value >>> i) & 1) != 0);
            }
        }

        void gamma(long value) {
            int bits = 64 - Long.numberOfLeadingZeros(value);
            write(0, bits - 1);
            write(value, bits);
        }

        long read(int count) {
            long value = 0;
            for (int i = 0; i < count; i++) {
                value = (value << 1) | (set.get(position++) ? 1 : 0);
            }
            return value;
        }

        long readGamma() {
            int zeros = 0;
            while (!set.get(position++)) {
                zeros++;
            }
            return (1L << zeros) | read(zeros);
        }
    }

    private static List<Path> calgaryFiles() {
        List<Path> paths = new ArrayList<>();
        for (String name : TestCorpora.files("calgary")) {
            paths.add(TestCorpora.path(name));
        }
        // Sorted by file name, as the report lists them.
        paths.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        return paths;
    }
}

package io.bitscale.jmh.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.huffman.HuffmanCode;
import io.bitscale.core.huffman.HuffmanCoder;
import io.bitscale.core.model.Cdf;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.model.Models;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Static Huffman against arithmetic coding on order-0 statistics, file by file, every header
 * byte counted: the table behind {@code docs/huffman-vs-arithmetic.md}.
 *
 * <pre>{@code
 * String table = HuffmanReport.markdownTable(List.of(Path.of("../shared/corpora/calgary/book1")));
 * }</pre>
 *
 * <p>For each file of {@code n} bytes with byte counts {@code f}:
 * <ul>
 *   <li><b>H0</b>: the empirical order-0 entropy {@code Σ f·log2(n/f) / n}, the floor for any
 *       code that uses the file's own order-0 statistics (tables not counted).
 *   <li><b>Huffman</b>: {@link HuffmanCoder#encode}; payload = the code words alone, total =
 *       the whole stream (tag, length varint, code-length table, payload, padding).
 *   <li><b>Semi-static AC</b>: the same two-pass setting with the exact multi-symbol coder. The
 *       counts are scaled to a total of {@code 2^16} with {@link Cdf#fromFrequencies} (every
 *       byte value keeps a width of at least 1) and each byte is coded with
 *       {@link ArithmeticEncoder#codeSymbol}; payload = the coder's bytes. Total adds a tag byte,
 *       the length varint and a count table the decoder needs to rebuild the same CDF: which
 *       symbols occur, in the same run form as the Huffman table, then for each present symbol
 *       but the last (its count is {@code n} minus the others) its raw count {@code f >= 1} as
 *       {@code e = floor(log2 f)}, gamma-coded as a zigzag delta from the previous symbol's
 *       {@code e}, followed by the {@code e} bits below the leading one. The table is rounded up
 *       to whole bytes. Its size is computed, not written (see {@link #countTableBits}).
 *   <li><b>Adaptive AC</b>: one pass, no table: {@link BitscaleOutputStream} with the
 *       {@code order0} (bitwise adaptive) and {@code kt0} (Krichevsky–Trofimov byte frequencies)
 *       models, counting every byte the stream writes (container header, frame records, CRCs).
 * </ul>
 * All rates are bits per byte of the original file: {@code 8 · bytes / n}. "AC gain vs Huffman"
 * compares the two like-for-like two-pass coders: Huffman total minus semi-static AC total.
 */
@Command(name = "huffman-report", mixinStandardHelpOptions = true,
        description = "Huffman versus arithmetic coding at order 0: the Markdown tables of docs/huffman-vs-arithmetic.md.")
public final class HuffmanReport implements java.util.concurrent.Callable<Integer> {

    /** Total of the semi-static cumulative frequency table: 16-bit resolution. */
    static final int SEMI_STATIC_TOTAL = 1 << 16;

    private HuffmanReport() {
    }

    /**
     * The measurements for one file; sizes in bytes unless the name says bits.
     *
     * @param file                     file name (no directory)
     * @param bytes                    original size {@code n}
     * @param entropyBits              {@code n · H0}
     * @param huffmanPayloadBits       Huffman code words alone
     * @param huffmanBytes             the whole Huffman stream
     * @param huffmanTrailingZeroBytes zero bytes at the end of the Huffman stream, which a format
     *                                 that lets the decoder pad with zeros could leave out
     * @param semiStaticPayloadBytes   arithmetic coder output with the file's scaled counts
     * @param semiStaticIdealBits      {@code Σ -log2 q(x)} under the scaled counts: what the
     *                                 payload would be for an ideal coder
     * @param semiStaticTableBits      the count table
     * @param semiStaticBytes          tag + length varint + count table (whole bytes) + payload
     * @param order0Bytes              container stream with the adaptive {@code order0} model
     * @param kt0Bytes                 container stream with the adaptive {@code kt0} model
     */
    public record Row(String file, long bytes, double entropyBits, long huffmanPayloadBits, long huffmanBytes,
                      long huffmanTrailingZeroBytes, long semiStaticPayloadBytes, double semiStaticIdealBits,
                      long semiStaticTableBits, long semiStaticBytes, long order0Bytes, long kt0Bytes) {

        /** Order-0 entropy in bits per byte. */
        public double entropyBitsPerByte() {
            return perByte(entropyBits);
        }

        /** Huffman code words alone, bits per byte. */
        public double huffmanPayloadBitsPerByte() {
            return perByte(huffmanPayloadBits);
        }

        /** Whole Huffman stream, bits per byte. */
        public double huffmanBitsPerByte() {
            return perByte(8.0 * huffmanBytes);
        }

        /** Semi-static arithmetic payload alone, bits per byte. */
        public double semiStaticPayloadBitsPerByte() {
            return perByte(8.0 * semiStaticPayloadBytes);
        }

        /** Semi-static arithmetic coding with its count table, bits per byte. */
        public double semiStaticBitsPerByte() {
            return perByte(8.0 * semiStaticBytes);
        }

        /** Adaptive {@code order0} through the container, bits per byte. */
        public double order0BitsPerByte() {
            return perByte(8.0 * order0Bytes);
        }

        /** Adaptive {@code kt0} through the container, bits per byte. */
        public double kt0BitsPerByte() {
            return perByte(8.0 * kt0Bytes);
        }

        /** Huffman total minus semi-static arithmetic total, bits per byte (negative if AC loses). */
        public double gainBitsPerByte() {
            return huffmanBitsPerByte() - semiStaticBitsPerByte();
        }

        /** The gain as a percentage of the Huffman total. */
        public double gainPercent() {
            return huffmanBytes == 0 ? 0 : 100.0 * (huffmanBytes - semiStaticBytes) / huffmanBytes;
        }

        /** Huffman table (and header) bytes: total minus the payload rounded up. */
        public long huffmanHeaderBytes() {
            return huffmanBytes - (huffmanPayloadBits + 7) / 8;
        }

        /** Semi-static header bytes: total minus the payload. */
        public long semiStaticHeaderBytes() {
            return semiStaticBytes - semiStaticPayloadBytes;
        }

        private double perByte(double bits) {
            return bytes == 0 ? 0 : bits / bytes;
        }
    }

    /**
     * Measures every file and formats the comparison as a Markdown table, with a total row
     * (sums of bytes and bits over all files) and a row with the mean of the per-file rates.
     *
     * @throws UncheckedIOException if a file cannot be read
     */
    public static String markdownTable(List<Path> files) {
        return format(measureAll(files));
    }

    /** Measures every file, in the order given. */
    public static List<Row> measureAll(List<Path> files) {
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            try {
                rows.add(measure(file.getFileName().toString(), Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return rows;
    }

    /** Measures one input. */
    public static Row measure(String name, byte[] data) {
        long[] counts = new long[HuffmanCode.SYMBOLS];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        long n = data.length;
        HuffmanCode code = HuffmanCode.fromFrequencies(counts);
        byte[] huffman = HuffmanCoder.encode(data);
        int trailingZeros = 0;
        while (trailingZeros < huffman.length && huffman[huffman.length - 1 - trailingZeros] == 0) {
            trailingZeros++;
        }

        long payload = semiStaticPayloadBytes(data, counts);
        long tableBits = countTableBits(counts);
        long semiStatic = 1 + varintBytes(n) + (n == 0 ? 0 : (tableBits + 7) / 8 + payload);

        return new Row(name, n, entropyBits(counts), code.encodedBits(counts), huffman.length, trailingZeros,
                payload, semiStaticIdealBits(counts), tableBits, semiStatic,
                containerBytes(data, "order0"), containerBytes(data, "kt0"));
    }

    /** The Markdown table for rows already measured, with total and mean rows if there are several. */
    public static String format(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| file | bytes | H0 | Huffman payload | Huffman total | semi-static AC payload"
                + " | semi-static AC total | adaptive `order0` | adaptive `kt0` | AC gain vs Huffman (bpb) | AC gain (%) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            appendRow(out, row.file(), row);
        }
        if (rows.size() > 1) {
            appendRow(out, "**total (" + rows.size() + " files)**", total(rows));
            appendMeanRow(out, rows);
        }
        return out.toString();
    }

    /**
     * Where the bytes go, in bytes: header and table of both two-pass coders; the payload bytes
     * arithmetic coding saves; how far the arithmetic payload is from its ideal code length
     * (a few bytes of flush above it, or below it when the file ends in a run of byte 0, which
     * the coder's zero-elision gets for free); the zero bytes that end the Huffman stream (what
     * the same elision would save it); and the net saving of semi-static AC over Huffman.
     */
    public static String costTable(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| file | bytes | Huffman header + table | semi-static AC header + count table"
                + " | payload saved by AC | AC payload minus its ideal | Huffman trailing zero bytes | net saving |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            appendCostRow(out, row.file(), row);
        }
        if (rows.size() > 1) {
            appendCostRow(out, "**total**", total(rows));
        }
        return out.toString();
    }

    /** Prints the comparison for the files (or directories of files) given. */
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files or directories (each directory's regular files, sorted).")
    private List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : inputs) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    files.addAll(listing.filter(Files::isRegularFile).sorted().collect(Collectors.toList()));
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new CommandLine.ParameterException(new CommandLine(this), "not a file: " + path);
            }
        }
        List<Row> rows = measureAll(files);
        System.out.print(format(rows));
        System.out.println();
        System.out.print(costTable(rows));
        return 0;
    }

    // ---- measurements ------------------------------------------------------------------------

    /** {@code Σ f · log2(n / f)}: the order-0 self-information of the file in bits. */
    static double entropyBits(long[] counts) {
        long n = 0;
        for (long count : counts) {
            n += count;
        }
        double bits = 0;
        for (long count : counts) {
            if (count > 0) {
                bits += count * (StrictMath.log((double) n / count) / StrictMath.log(2));
            }
        }
        return bits;
    }

    /** Codes every byte with the file's own counts scaled to {@link #SEMI_STATIC_TOTAL}. */
    static long semiStaticPayloadBytes(byte[] data, long[] counts) {
        if (data.length == 0) {
            return 0;
        }
        int[] cdf = semiStaticCdf(counts);
        ArithmeticEncoder encoder = new ArithmeticEncoder(data.length / 2);
        for (byte b : data) {
            encoder.codeSymbol(cdf, HuffmanCode.SYMBOLS, b & 0xFF);
        }
        return encoder.finishBlock();
    }

    /** {@code Σ f(s) · log2(total / width(s))} for the semi-static CDF: its ideal code length. */
    static double semiStaticIdealBits(long[] counts) {
        int[] cdf = semiStaticCdf(counts);
        double bits = 0;
        for (int s = 0; s < HuffmanCode.SYMBOLS; s++) {
            if (counts[s] > 0) {
                bits += counts[s] * (StrictMath.log((double) SEMI_STATIC_TOTAL / (cdf[s + 1] - cdf[s]))
                        / StrictMath.log(2));
            }
        }
        return bits;
    }

    /** The CDF the semi-static coder uses: counts scaled to a total of {@code 2^16}. */
    static int[] semiStaticCdf(long[] counts) {
        int[] cdf = new int[HuffmanCode.SYMBOLS + 1];
        Cdf.fromFrequencies(counts, HuffmanCode.SYMBOLS, SEMI_STATIC_TOTAL, cdf);
        return cdf;
    }

    /**
     * Bits of the count table described in the class comment: presence runs (first run
     * {@code gamma(run + 1)}, later runs {@code gamma(run)}), then for every present symbol but
     * the last, {@code gamma(zigzag(e - previous e) + 1)} and {@code e} mantissa bits, where
     * {@code e = floor(log2 count)} and the first previous {@code e} is 0.
     */
    static long countTableBits(long[] counts) {
        long bits = 0;
        int symbol = 0;
        boolean present = false;
        boolean first = true;
        while (symbol < HuffmanCode.SYMBOLS) {
            int start = symbol;
            while (symbol < HuffmanCode.SYMBOLS && (counts[symbol] > 0) == present) {
                symbol++;
            }
            int run = symbol - start;
            bits += gammaBits(first ? run + 1 : run);
            first = false;
            present = !present;
        }
        int last = -1;
        for (int s = 0; s < HuffmanCode.SYMBOLS; s++) {
            if (counts[s] > 0) {
                last = s;
            }
        }
        int previousExponent = 0;
        for (int s = 0; s < last; s++) {
            if (counts[s] > 0) {
                int exponent = 63 - Long.numberOfLeadingZeros(counts[s]);
                int delta = exponent - previousExponent;
                bits += gammaBits(((delta << 1) ^ (delta >> 31)) + 1) + exponent;
                previousExponent = exponent;
            }
        }
        return bits;
    }

    /** Length of the Elias gamma code of {@code value >= 1}. */
    static int gammaBits(long value) {
        return 2 * (63 - Long.numberOfLeadingZeros(value)) + 1;
    }

    /** Every byte {@link BitscaleOutputStream} writes for {@code data} with the given model. */
    static long containerBytes(byte[] data, String spec) {
        CountingSink sink = new CountingSink();
        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, Models.factory(spec))) {
            out.write(data);
            out.finish();
            if (out.compressedBytes() != sink.count) {
                throw new IllegalStateException("stream reports " + out.compressedBytes()
                        + " bytes but wrote " + sink.count);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory compression failed", e);
        }
        return sink.count;
    }

    private static int varintBytes(long value) {
        int bytes = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            bytes++;
        }
        return bytes;
    }

    // ---- formatting --------------------------------------------------------------------------

    private static Row total(List<Row> rows) {
        long bytes = 0;
        double entropy = 0;
        long huffmanPayload = 0;
        long huffman = 0;
        long trailingZeros = 0;
        long payload = 0;
        double ideal = 0;
        long tableBits = 0;
        long semiStatic = 0;
        long order0 = 0;
        long kt0 = 0;
        for (Row row : rows) {
            bytes += row.bytes();
            entropy += row.entropyBits();
            huffmanPayload += row.huffmanPayloadBits();
            huffman += row.huffmanBytes();
            trailingZeros += row.huffmanTrailingZeroBytes();
            payload += row.semiStaticPayloadBytes();
            ideal += row.semiStaticIdealBits();
            tableBits += row.semiStaticTableBits();
            semiStatic += row.semiStaticBytes();
            order0 += row.order0Bytes();
            kt0 += row.kt0Bytes();
        }
        return new Row("total", bytes, entropy, huffmanPayload, huffman, trailingZeros, payload, ideal, tableBits,
                semiStatic, order0, kt0);
    }

    private static void appendRow(StringBuilder out, String label, Row row) {
        out.append(String.format(Locale.ROOT,
                "| %s | %,d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f |%n",
                label, row.bytes(), row.entropyBitsPerByte(), row.huffmanPayloadBitsPerByte(),
                row.huffmanBitsPerByte(), row.semiStaticPayloadBitsPerByte(), row.semiStaticBitsPerByte(),
                row.order0BitsPerByte(), row.kt0BitsPerByte(), row.gainBitsPerByte(), row.gainPercent()));
    }

    private static void appendCostRow(StringBuilder out, String label, Row row) {
        long saved = (row.huffmanPayloadBits() + 7) / 8 - row.semiStaticPayloadBytes();
        out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %+,d | %,d | %,d |%n",
                label, row.bytes(), row.huffmanHeaderBytes(), row.semiStaticHeaderBytes(), saved,
                Math.round(row.semiStaticPayloadBytes() - row.semiStaticIdealBits() / 8), row.huffmanTrailingZeroBytes(),
                row.huffmanBytes() - row.semiStaticBytes()));
    }

    private static void appendMeanRow(StringBuilder out, List<Row> rows) {
        double[] sums = new double[10];
        for (Row row : rows) {
            double[] values = {row.entropyBitsPerByte(), row.huffmanPayloadBitsPerByte(), row.huffmanBitsPerByte(),
                row.semiStaticPayloadBitsPerByte(), row.semiStaticBitsPerByte(), row.order0BitsPerByte(),
                row.kt0BitsPerByte(), row.gainBitsPerByte(), row.gainPercent()};
            for (int i = 0; i < values.length; i++) {
                sums[i] += values[i];
            }
        }
        int n = rows.size();
        out.append(String.format(Locale.ROOT,
                "| *mean of files* | | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f |%n",
                sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n, sums[6] / n,
                sums[7] / n, sums[8] / n));
    }

    /** Counts bytes and drops them. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            count += length;
        }
    }
}

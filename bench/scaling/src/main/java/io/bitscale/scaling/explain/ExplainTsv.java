package io.bitscale.scaling.explain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-byte tables for pandas and friends: tab-separated, one header line, one line per byte,
 * numbers in full double precision ({@link Double#toString}).
 *
 * <pre>{@code
 * try (Writer tsv = Files.newBufferedWriter(target)) {
 *     new Explainer(Models.factory("default")).explain(data, ExplainTsv.writer(tsv));
 * }
 * // pandas: pd.read_csv("default.tsv", sep="\t")
 * }</pre>
 *
 * <p>Columns for one model: {@code offset, byte, bits}, then one column per contributor of an
 * attributed model ({@link ByteRecord#contributions()}, which sum to {@code bits}). For two
 * models: {@code offset, byte, bits_a, bits_b, delta_bits} ({@code bits_b - bits_a}, negative
 * where B saves), then A's contributors prefixed {@code a:} and B's prefixed {@code b:}. A name
 * that occurs twice gets {@code #2}, {@code #3}, ... so every column name is unique.
 */
public final class ExplainTsv {

    private ExplainTsv() {
    }

    /**
     * A listener that writes the one-model table to {@code out} (not closed); an
     * {@link IOException} surfaces as {@link UncheckedIOException}.
     */
    public static ByteRecordListener writer(Writer out) {
        return new ByteRecordListener() {
            private final StringBuilder line = new StringBuilder(128);

            @Override
            public void started(String spec, List<String> contributors) {
                List<String> header = new ArrayList<>(List.of("offset", "byte", "bits"));
                header.addAll(unique(contributors, ""));
                write(out, String.join("\t", header) + "\n");
            }

            @Override
            public void byteExplained(ByteRecord record) {
                line.setLength(0);
                line.append(record.offset()).append('\t').append(record.value()).append('\t').append(record.bits());
                for (double c : record.contributions()) {
                    line.append('\t').append(c);
                }
                write(out, line.append('\n'));
            }
        };
    }

    /**
     * Writes the two-model table of {@code data}, running both models in lockstep.
     *
     * @throws IOException if writing fails
     */
    public static void writePair(Writer out, Explainer a, Explainer b, byte[] data) throws IOException {
        ByteRecords left = a.records(data);
        ByteRecords right = b.records(data);
        PairWriter writer = pairWriter(out, left.contributors(), right.contributors());
        while (left.hasNext()) {
            writer.write(left.next(), right.next());
        }
    }

    /**
     * A writer of the two-model table whose header it writes now; feed it the records of the
     * same byte from both models ({@link ByteRecords} pulled in turn).
     *
     * @throws IOException if writing the header fails
     */
    public static PairWriter pairWriter(Writer out, List<String> contributorsA, List<String> contributorsB)
            throws IOException {
        List<String> header = new ArrayList<>(List.of("offset", "byte", "bits_a", "bits_b", "delta_bits"));
        header.addAll(unique(contributorsA, "a:"));
        header.addAll(unique(contributorsB, "b:"));
        out.write(String.join("\t", header));
        out.write('\n');
        return new PairWriter(out);
    }

    /** Writes rows of the two-model table. */
    public static final class PairWriter {
        private final Writer out;
        private final StringBuilder line = new StringBuilder(256);

        private PairWriter(Writer out) {
            this.out = out;
        }

        /**
         * One row: A's and B's record of the same byte.
         *
         * @throws IllegalArgumentException if the records are of different offsets
         * @throws IOException              if writing fails
         */
        public void write(ByteRecord a, ByteRecord b) throws IOException {
            if (a.offset() != b.offset()) {
                throw new IllegalArgumentException("records of offsets " + a.offset() + " and " + b.offset());
            }
            line.setLength(0);
            line.append(a.offset()).append('\t').append(a.value()).append('\t').append(a.bits()).append('\t')
                    .append(b.bits()).append('\t').append(b.bits() - a.bits());
            for (double c : a.contributions()) {
                line.append('\t').append(c);
            }
            for (double c : b.contributions()) {
                line.append('\t').append(c);
            }
            out.append(line.append('\n'));
        }
    }

    /** Column names with a prefix, repeated names numbered. */
    static List<String> unique(List<String> names, String prefix) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            int n = seen.merge(name, 1, Integer::sum);
            out.add(prefix + name + (n > 1 ? "#" + n : ""));
        }
        return out;
    }

    private static void write(Writer out, CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

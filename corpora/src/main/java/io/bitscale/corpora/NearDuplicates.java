package io.bitscale.corpora;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the units of a corpus (books, documents) that repeat an earlier unit, so that
 * {@code shuffled(BASE,seed=N,unit=book,dedup=true)} can leave them out.
 *
 * <pre>{@code
 * List<Path> parts = List.of(Path.of("text/gutenberg/part-00.txt"), Path.of("text/gutenberg/part-01.txt"));
 * BookIndex index = BookIndex.read(Path.of("text/gutenberg/BOOKS.tsv"), parts);
 * boolean[] keep = NearDuplicates.keep(corpusBytes, index.starts());   // false for a repeated book
 * }</pre>
 *
 * <p><b>Why.</b> A collection can hold the same text twice: the Gutenberg text has, for example,
 * <i>The Trial</i> under both its author and its translator. In a shuffled prefix of D bytes both
 * copies are present with a probability that grows with D, and a model with a long memory codes the
 * second copy almost free, so the bpb at the largest sizes falls for a reason that has nothing to do
 * with data scaling, and a law fitted on smaller sizes cannot forecast it. Removing the repeats is
 * the usual remedy in scaling-law studies.
 *
 * <p><b>The rule</b>, exact and order-dependent only on the index:
 * <ol>
 *   <li>A line is the bytes between line feeds, with leading and trailing spaces, tabs and
 *       carriage returns removed. Lines shorter than {@value #MIN_LINE_BYTES} bytes are ignored
 *       (blank lines, chapter titles, short verse lines repeat by chance).</li>
 *   <li>A line that occurs in more than {@value #MAX_UNITS_PER_LINE} units is boilerplate (a
 *       licence, a header) and ignored: every Gutenberg book carries the same licence, which is
 *       not a duplicate book.</li>
 *   <li>The units are visited in corpus order. A unit is a repeat when at least half of the
 *       bytes of its remaining lines (counted once per distinct line) already occurred in a unit
 *       kept before it; a repeat is dropped, any other unit is kept and its lines are remembered.
 *       A unit with no remaining lines is kept.</li>
 * </ol>
 * So of two copies of a book the first in the index stays; a book that merely quotes another (an
 * anthology holding one story, an edition with a new preface) stays as long as most of it is its
 * own. Lines are compared as bytes, exactly, with no hashing shortcuts.
 *
 * <p><b>Cost.</b> One pass over the corpus, each unit's lines split once; memory for one string
 * per distinct line of at least {@value #MIN_LINE_BYTES} bytes (about the corpus's size again)
 * and one set of them per unit.
 */
public final class NearDuplicates {

    /** Lines shorter than this many bytes (after trimming) are not compared. */
    public static final int MIN_LINE_BYTES = 32;
    /** Lines found in more units than this are boilerplate and not compared. */
    public static final int MAX_UNITS_PER_LINE = 10;

    private NearDuplicates() {
    }

    /**
     * Which units to keep.
     *
     * @param data   the corpus, every byte of it
     * @param starts unit offsets, strictly ascending, the first unit running from {@code starts[0]}
     *               (bytes before it are a preamble and never compared), the last to the end
     * @return one flag per unit, true to keep it
     */
    public static boolean[] keep(byte[] data, int[] starts) {
        int units = starts.length;
        List<Set<String>> unitLines = new ArrayList<>(units);
        Map<String, Integer> unitsPerLine = new HashMap<>();
        for (int unit = 0; unit < units; unit++) {
            Set<String> own = lines(data, starts, unit);
            unitLines.add(own);
            for (String line : own) {
                unitsPerLine.merge(line, 1, Integer::sum);
            }
        }
        boolean[] keep = new boolean[units];
        Set<String> seen = new HashSet<>();
        for (int unit = 0; unit < units; unit++) {
            Set<String> own = unitLines.get(unit);
            unitLines.set(unit, null); // visited: its strings live on in seen, or are dropped
            own.removeIf(line -> unitsPerLine.get(line) > MAX_UNITS_PER_LINE);
            long total = 0;
            long repeated = 0;
            for (String line : own) {
                total += line.length();
                if (seen.contains(line)) {
                    repeated += line.length();
                }
            }
            keep[unit] = total == 0 || 2 * repeated < total;
            if (keep[unit]) {
                seen.addAll(own);
            }
        }
        return keep;
    }

    /** The distinct trimmed lines of at least {@link #MIN_LINE_BYTES} bytes of one unit. */
    private static Set<String> lines(byte[] data, int[] starts, int unit) {
        int from = starts[unit];
        int to = DocumentShuffle.end(data, starts, unit);
        Set<String> lines = new HashSet<>();
        int lineStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || data[i] == '\n') {
                int a = lineStart;
                int b = i;
                while (a < b && isBlank(data[a])) {
                    a++;
                }
                while (b > a && isBlank(data[b - 1])) {
                    b--;
                }
                if (b - a >= MIN_LINE_BYTES) {
                    // ISO-8859-1 maps each byte to one char, so equal strings are equal bytes.
                    lines.add(new String(data, a, b - a, StandardCharsets.ISO_8859_1));
                }
                lineStart = i + 1;
            }
        }
        return lines;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}

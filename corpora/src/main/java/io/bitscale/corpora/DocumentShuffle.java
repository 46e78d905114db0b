package io.bitscale.corpora;

import io.bitscale.core.random.SplitMix64;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A seeded document-level shuffle of a corpus, named {@code shuffled(BASE,seed=N)} in a sweep's
 * {@code corpora}, optionally with a unit: {@code shuffled(BASE,seed=N,unit=wikiextractor-doc)}
 * (the default) or {@code shuffled(BASE,seed=N,unit=book)}, and optionally without repeated units:
 * {@code shuffled(BASE,seed=N,unit=book,dedup=true)} leaves out every unit that
 * {@link NearDuplicates} finds to repeat an earlier one (default {@code false}).
 *
 * <pre>{@code
 * DocumentShuffle shuffle = DocumentShuffle.parse("shuffled(text-enwiki,seed=1)");
 * byte[] stream = shuffle.apply(corpusBytes);   // same bytes, documents in a seeded order
 * }</pre>
 *
 * <p>Scaling-law studies randomise data order at document granularity so that a prefix of D bytes
 * is a sample of the corpus rather than whatever the dump happened to put first. The units:
 * <ul>
 *   <li>{@value #WIKIEXTRACTOR_DOC}: a wikiextractor block. It starts at a line that begins with
 *       {@code <doc} (followed by a space or {@code >}) and runs up to the next such line, so its
 *       {@code </doc>} line and any bytes between blocks travel with it. Bytes before the first
 *       document (a preamble, empty for wikiextractor output) stay at the start.</li>
 *   <li>{@value #BOOK}: a whole book, with the boundaries listed in the corpus's
 *       {@link BookIndex} ({@code BOOKS.tsv} beside its parts) rather than guessed from the text
 *       (Project Gutenberg headers vary too much to be found reliably); {@link CorpusData} reads
 *       the index and calls {@link #apply(byte[], int[])}.</li>
 * </ul>
 *
 * <p><b>Guarantees.</b> {@link #apply} returns an exact permutation of documents: same length,
 * same multiset of documents, the preamble first (with {@code dedup=true}, of the documents
 * {@link NearDuplicates} keeps; without it the stream is the one the option never touched). The order depends only on the seed and the
 * number of documents: a Fisher–Yates shuffle drawn from SplitMix64 (Steele, Lea &amp; Flood 2014;
 * the generator behind {@link java.util.SplittableRandom}, implemented here so that no JDK
 * change can move it) with unbiased rejection sampling, so every JVM gives the same stream.
 *
 * <p><b>Cost.</b> One pass to find document starts, one copy: the input plus an output array of the
 * same size, and two ints per document.
 *
 * @param base the corpus being shuffled (a manifest name or {@code file:PATH}; not synthetic)
 * @param unit the shuffle unit, {@link #WIKIEXTRACTOR_DOC} or {@link #BOOK}
 * @param seed  the shuffle seed
 * @param dedup whether units that repeat an earlier unit are left out before shuffling
 */
public record DocumentShuffle(String base, String unit, long seed, boolean dedup) {

    /** The wikiextractor document unit: {@code <doc ...>} ... {@code </doc>} blocks. */
    public static final String WIKIEXTRACTOR_DOC = "wikiextractor-doc";
    /** The book unit: boundaries from the corpus's {@link BookIndex}. */
    public static final String BOOK = "book";

    private static final String PREFIX = "shuffled(";
    // Base is reluctant so the trailing key=value options are peeled off from the right: a base
    // such as file:/a,b (a comma in a path) still parses when options follow it.
    private static final Pattern FORM = Pattern.compile("shuffled\\((.+?)((?:,\\s*[A-Za-z]+\\s*=[^,()]*)*)\\)");
    private static final Pattern OPTION = Pattern.compile(",\\s*([A-Za-z]+)\\s*=\\s*([^,()]*?)\\s*(?=,|$)");

    /** Validates the parts; bad values throw {@link IllegalArgumentException} naming them. */
    public DocumentShuffle {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("shuffled(...) needs a corpus to shuffle, e.g. shuffled(text-enwiki,seed=1)");
        }
        if (base.startsWith("synthetic:")) {
            throw new IllegalArgumentException("shuffled(" + base + ",...): a synthetic source is an unending stationary "
                    + "stream with no documents; shuffle a finite corpus (a manifest name or file:PATH)");
        }
        if (base.startsWith(PREFIX)) {
            throw new IllegalArgumentException("shuffled(" + base + ",...): shuffle once; a shuffle of a shuffle is "
                    + "just another seed");
        }
        if (!WIKIEXTRACTOR_DOC.equals(unit) && !BOOK.equals(unit)) {
            throw new IllegalArgumentException("unknown shuffle unit '" + unit + "' (known: " + WIKIEXTRACTOR_DOC + ", "
                    + BOOK + ")");
        }
    }

    /** A shuffle that keeps every unit. */
    public DocumentShuffle(String base, String unit, long seed) {
        this(base, unit, seed, false);
    }

    /** True if a corpus name asks for a shuffle, i.e. starts with {@code shuffled(}. */
    public static boolean isShuffled(String corpus) {
        return corpus.startsWith(PREFIX);
    }

    /**
     * Parses {@code shuffled(BASE,seed=N[,unit=wikiextractor-doc|book][,dedup=true|false])}.
     *
     * @throws IllegalArgumentException if the name is malformed, lacks a seed, has an unknown key
     *                                  or unit, or shuffles a synthetic source
     */
    public static DocumentShuffle parse(String corpus) {
        String usage = "; write shuffled(CORPUS,seed=N), e.g. shuffled(text-enwiki,seed=1)";
        Matcher form = FORM.matcher(corpus.strip());
        if (!form.matches()) {
            throw new IllegalArgumentException("cannot read corpus '" + corpus + "'" + usage);
        }
        String base = form.group(1).strip();
        String unit = WIKIEXTRACTOR_DOC;
        Long seed = null;
        boolean dedup = false;
        Matcher option = OPTION.matcher(form.group(2));
        while (option.find()) {
            String key = option.group(1);
            String value = option.group(2);
            switch (key) {
                case "seed" -> {
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("corpus '" + corpus + "': seed '" + value
                                + "' is not a whole number" + usage, e);
                    }
                }
                case "unit" -> unit = value;
                case "dedup" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("corpus '" + corpus + "': dedup '" + value
                                + "' must be true or false" + usage);
                    }
                    dedup = value.equals("true");
                }
                default -> throw new IllegalArgumentException("corpus '" + corpus + "': unknown shuffle option '" + key
                        + "' (seed, unit, dedup)" + usage);
            }
        }
        if (seed == null) {
            throw new IllegalArgumentException("corpus '" + corpus + "' has no seed" + usage);
        }
        return new DocumentShuffle(base, unit, seed, dedup);
    }

    /**
     * The document starts of {@code data}: offsets of lines that begin with {@code <doc} followed by
     * a space or {@code >}, ascending.
     */
    static int[] documentStarts(byte[] data, int length) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 4 < length; i++) {
            if ((i == 0 || data[i - 1] == '\n') && data[i] == '<' && data[i + 1] == 'd' && data[i + 2] == 'o'
                    && data[i + 3] == 'c' && (data[i + 4] == ' ' || data[i + 4] == '>')) {
                starts.add(i);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The shuffled stream of a {@value #WIKIEXTRACTOR_DOC} shuffle: the preamble, then the
     * documents in the seeded order.
     *
     * @param data the base corpus, every byte of it
     * @throws NoDocumentsException if {@code data} holds no document start
     * @throws IllegalStateException for the {@value #BOOK} unit, whose boundaries come from an index
     */
    public byte[] apply(byte[] data) throws NoDocumentsException {
        if (!unit.equals(WIKIEXTRACTOR_DOC)) {
            throw new IllegalStateException("unit=" + unit + " takes its boundaries from an index: use apply(data, starts)");
        }
        int[] starts = documentStarts(data, data.length);
        if (starts.length == 0) {
            throw new NoDocumentsException(base, data.length);
        }
        return apply(data, starts);
    }

    /**
     * The shuffled stream for given unit boundaries: the bytes before the first start, then the
     * units in the seeded order (a unit runs from its start to the next one, the last to the end).
     * With {@link #dedup()} the repeated units are left out first, so the stream is shorter than
     * {@code data} and the permutation is drawn over the units that remain.
     *
     * @param data   the base corpus, every byte of it
     * @param starts unit offsets, strictly ascending, within {@code data}
     * @throws IllegalArgumentException for empty or unordered starts
     */
    public byte[] apply(byte[] data, int[] starts) {
        if (starts.length == 0) {
            throw new IllegalArgumentException(base + ": no unit boundaries to shuffle");
        }
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] < 0 || starts[i] >= data.length || (i > 0 && starts[i] <= starts[i - 1])) {
                throw new IllegalArgumentException(base + ": unit starts must ascend within the " + data.length
                        + " bytes; start " + i + " is " + starts[i]);
            }
        }
        int[] units = IntStream.range(0, starts.length).toArray();
        if (dedup) {
            boolean[] keep = NearDuplicates.keep(data, starts);
            units = IntStream.range(0, starts.length).filter(unit -> keep[unit]).toArray();
        }
        long length = starts[0];
        for (int unit : units) {
            length += end(data, starts, unit) - starts[unit];
        }
        int[] order = permutation(units.length, seed);
        byte[] out = new byte[(int) length];
        int filled = starts[0];
        System.arraycopy(data, 0, out, 0, filled);
        for (int index : order) {
            int unit = units[index];
            int from = starts[unit];
            int to = end(data, starts, unit);
            System.arraycopy(data, from, out, filled, to - from);
            filled += to - from;
        }
        return out;
    }

    /** Where unit {@code unit} ends: the next unit's start, or the end of the data for the last. */
    static int end(byte[] data, int[] starts, int unit) {
        return unit + 1 < starts.length ? starts[unit + 1] : data.length;
    }

    /** The canonical name, {@code shuffled(BASE,seed=N)} with a non-default unit and dedup appended. */
    public String name() {
        return PREFIX + base + ",seed=" + seed + (unit.equals(WIKIEXTRACTOR_DOC) ? "" : ",unit=" + unit)
                + (dedup ? ",dedup=true" : "") + ")";
    }

    /**
     * A uniformly random permutation of {@code 0..n-1}: Fisher–Yates from the top, position
     * {@code i} swapped with a uniform index in {@code [0, i]}.
     */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplitMix64 random = new SplitMix64(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}

package io.bitscale.corpora;

import io.bitscale.core.random.SplitMix64;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded document-level shuffle of a corpus, named {@code shuffled(BASE,seed=N)} in a sweep's
 * {@code corpora} (optionally {@code shuffled(BASE,seed=N,unit=wikiextractor-doc)}; that is the
 * only unit and the default).
 *
 * <pre>{@code
 * DocumentShuffle shuffle = DocumentShuffle.parse("shuffled(text-enwiki,seed=1)");
 * byte[] stream = shuffle.apply(corpusBytes);   // same bytes, documents in a seeded order
 * }</pre>
 *
 * <p>Scaling-law studies randomise data order at document granularity so that a prefix of D bytes
 * is a sample of the corpus rather than whatever the dump happened to put first. A
 * <b>document</b> is a wikiextractor block: it starts at a line that begins with {@code <doc}
 * (followed by a space or {@code >}) and runs up to the next such line, so its {@code </doc>} line
 * and any bytes between blocks travel with it. Bytes before the first document (a preamble, empty
 * for wikiextractor output) stay at the start.
 *
 * <p><b>Guarantees.</b> {@link #apply} returns an exact permutation of documents: same length,
 * same multiset of documents, the preamble first. The order depends only on the seed and the
 * number of documents: a Fisher–Yates shuffle drawn from SplitMix64 (Steele, Lea &amp; Flood 2014;
 * the generator behind {@link java.util.SplittableRandom}, implemented here so that no JDK
 * change can move it) with unbiased rejection sampling, so every JVM gives the same stream.
 *
 * <p><b>Cost.</b> One pass to find document starts, one copy: the input plus an output array of the
 * same size, and two ints per document.
 *
 * @param base the corpus being shuffled (a manifest name or {@code file:PATH}; not synthetic)
 * @param unit the shuffle unit; only {@link #WIKIEXTRACTOR_DOC}
 * @param seed the shuffle seed
 */
public record DocumentShuffle(String base, String unit, long seed) {

    /** The wikiextractor document unit: {@code <doc ...>} ... {@code </doc>} blocks. */
    public static final String WIKIEXTRACTOR_DOC = "wikiextractor-doc";

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
        if (!WIKIEXTRACTOR_DOC.equals(unit)) {
            throw new IllegalArgumentException("unknown shuffle unit '" + unit + "' (known: " + WIKIEXTRACTOR_DOC + ")");
        }
    }

    /** True if a corpus name asks for a shuffle, i.e. starts with {@code shuffled(}. */
    public static boolean isShuffled(String corpus) {
        return corpus.startsWith(PREFIX);
    }

    /**
     * Parses {@code shuffled(BASE,seed=N[,unit=wikiextractor-doc])}.
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
                default -> throw new IllegalArgumentException("corpus '" + corpus + "': unknown shuffle option '" + key
                        + "' (seed, unit)" + usage);
            }
        }
        if (seed == null) {
            throw new IllegalArgumentException("corpus '" + corpus + "' has no seed" + usage);
        }
        return new DocumentShuffle(base, unit, seed);
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
     * The shuffled stream: the preamble, then the documents in the seeded order.
     *
     * @param data the base corpus, every byte of it
     * @throws NoDocumentsException if {@code data} holds no document start
     */
    public byte[] apply(byte[] data) throws NoDocumentsException {
        int[] starts = documentStarts(data, data.length);
        if (starts.length == 0) {
            throw new NoDocumentsException(base, data.length);
        }
        int[] order = permutation(starts.length, seed);
        byte[] out = new byte[data.length];
        int filled = starts[0];
        System.arraycopy(data, 0, out, 0, filled);
        for (int document : order) {
            int from = starts[document];
            int to = document + 1 < starts.length ? starts[document + 1] : data.length;
            System.arraycopy(data, from, out, filled, to - from);
            filled += to - from;
        }
        return out;
    }

    /** The canonical name, {@code shuffled(BASE,seed=N)} with a non-default unit appended. */
    public String name() {
        return PREFIX + base + ",seed=" + seed + (unit.equals(WIKIEXTRACTOR_DOC) ? "" : ",unit=" + unit) + ")";
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

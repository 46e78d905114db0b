package io.bitscale.core.huffman;

import java.util.Arrays;

/**
 * A canonical, length-limited Huffman code for the 256 byte values, built from byte frequencies.
 *
 * <pre>{@code
 * long[] counts = new long[256];
 * for (byte b : data) {
 *     counts[b & 0xFF]++;
 * }
 * HuffmanCode code = HuffmanCode.fromFrequencies(counts);
 * long payloadBits = code.encodedBits(counts);        // what the bitstream costs, table excluded
 * double bitsPerByte = code.averageLength(counts);    // H <= bitsPerByte < H + 1
 * }</pre>
 *
 * <p><b>What it guarantees.</b>
 * <ul>
 *   <li><b>Optimal</b> among prefix codes for the given frequencies whenever no code word would
 *       exceed {@link #MAX_LENGTH} bits: {@code H <= averageLength < H + 1} for two or more
 *       symbols, where {@code H} is the empirical order-0 entropy.
 *   <li><b>Deterministic.</b> Ties are broken by weight first, then by symbol value, and a leaf
 *       is merged before an internal node of the same weight (which also keeps the longest code
 *       short), so the same frequencies give the same lengths on every JVM.
 *   <li><b>Canonical.</b> Codes are assigned in order of (length, symbol): the lengths alone
 *       determine the code, which is why {@link HuffmanCoder} transmits only the lengths.
 *   <li><b>Complete.</b> With two or more symbols the lengths meet Kraft's inequality with
 *       equality, {@code Σ 2^-length = 1}: every bit string starts with some code word.
 *   <li><b>Length-limited to {@value #MAX_LENGTH} bits.</b> If the Huffman tree is deeper, the
 *       frequencies are rescaled, {@code f -> max(1, f / 2)} for every present symbol, and the
 *       tree rebuilt until it fits (see {@link #lengthLimited()}). The result is a Huffman code
 *       for the rescaled frequencies: still complete, no longer guaranteed optimal among
 *       length-limited codes (package-merge would be), and it only happens when the rarest
 *       symbols are about {@code 2^-23} as frequent as the total (Fibonacci-like counts of
 *       at least about 9 million bytes). Frequencies whose sum would pass {@code 2^62} are
 *       rescaled the same way first, so internal weights never overflow.
 *   <li><b>Edge cases.</b> A single present symbol gets length 1 (the code {@code 0}); all-zero
 *       frequencies give the empty code, all lengths 0.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. Cost: building is {@code O(256^2)} at worst
 * (a sort of the present symbols) per rebuild; a few microseconds.
 */
public final class HuffmanCode {

    /** Size of the alphabet: the byte values 0..255. */
    public static final int SYMBOLS = 256;
    /** Longest code word this class builds or accepts, in bits. */
    public static final int MAX_LENGTH = 32;
    /** Frequencies are rescaled until their sum is at most this, so node weights cannot overflow. */
    static final long MAX_TOTAL_WEIGHT = 1L << 62;
    /** Smallest length limit that can always be met: a balanced tree over 256 leaves. */
    static final int MIN_LENGTH_LIMIT = 8;

    /** Code length per symbol, 0 for a symbol that has no code word. */
    private final int[] lengths;
    /** Canonical code word per symbol, in the low {@code lengths[s]} bits, most significant first. */
    private final long[] codes;
    private final int maxLength;
    private final int symbolCount;
    private final boolean lengthLimited;

    private HuffmanCode(int[] lengths, boolean lengthLimited) {
        this.lengths = lengths;
        this.lengthLimited = lengthLimited;
        this.codes = canonicalCodes(lengths);
        int longest = 0;
        int present = 0;
        for (int length : lengths) {
            longest = Math.max(longest, length);
            present += length > 0 ? 1 : 0;
        }
        this.maxLength = longest;
        this.symbolCount = present;
    }

    /**
     * The Huffman code for 256 byte frequencies, limited to {@value #MAX_LENGTH}-bit code words.
     *
     * @param frequencies 256 non-negative counts, indexed by byte value; not modified
     * @throws IllegalArgumentException if there are not 256 counts or one is negative
     */
    public static HuffmanCode fromFrequencies(long[] frequencies) {
        return fromFrequencies(frequencies, MAX_LENGTH);
    }

    /**
     * The same with another length limit, so tests can exercise rescaling on small inputs.
     *
     * @param maxLength limit in [{@value #MIN_LENGTH_LIMIT}, {@value #MAX_LENGTH}]
     */
    static HuffmanCode fromFrequencies(long[] frequencies, int maxLength) {
        if (maxLength < MIN_LENGTH_LIMIT || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException("length limit " + maxLength + " outside ["
                    + MIN_LENGTH_LIMIT + ", " + MAX_LENGTH + "]");
        }
        long[] weights = checkedCopy(frequencies);
        boolean limited = false;
        while (saturatedSum(weights) > MAX_TOTAL_WEIGHT) {
            halve(weights);
            limited = true;
        }
        while (true) {
            int[] lengths = treeDepths(weights);
            if (max(lengths) <= maxLength) {
                return new HuffmanCode(lengths, limited);
            }
            // Halving keeps every present symbol present; after at most 62 rounds all weights are
            // 1 and the tree is balanced (depth <= 8 <= maxLength), so the loop ends.
            halve(weights);
            limited = true;
        }
    }

    /**
     * The canonical code with the given lengths.
     *
     * @param lengths 256 code lengths in [0, {@value #MAX_LENGTH}], 0 meaning "no code word"
     * @throws IllegalArgumentException unless the lengths describe a complete prefix code
     *                                  ({@code Σ 2^-length = 1}), the one-symbol code (a single
     *                                  length 1) or the empty code (all 0)
     */
    public static HuffmanCode fromLengths(int[] lengths) {
        String problem = lengthsProblem(lengths);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new HuffmanCode(lengths.clone(), false);
    }

    /**
     * Why {@code lengths} is not a code this class accepts, or {@code null} if it is one.
     * Shared by {@link #fromLengths} and the decoder, which turns it into a checked exception.
     */
    static String lengthsProblem(int[] lengths) {
        if (lengths == null || lengths.length != SYMBOLS) {
            return "need " + SYMBOLS + " code lengths, got " + (lengths == null ? "null" : lengths.length);
        }
        // Kraft sum in units of 2^-MAX_LENGTH: at most 256 * 2^31, far from overflow.
        long kraft = 0;
        int present = 0;
        for (int s = 0; s < SYMBOLS; s++) {
            int length = lengths[s];
            if (length < 0 || length > MAX_LENGTH) {
                return "code length " + length + " of symbol " + s + " outside [0, " + MAX_LENGTH + "]";
            }
            if (length > 0) {
                kraft += 1L << (MAX_LENGTH - length);
                present++;
            }
        }
        if (present == 1) {
            return kraft == 1L << (MAX_LENGTH - 1) ? null : "a single symbol must have code length 1";
        }
        if (present > 1 && kraft != 1L << MAX_LENGTH) {
            return "code lengths violate Kraft equality: sum of 2^-length is "
                    + (kraft > 1L << MAX_LENGTH ? "above" : "below") + " 1 ("
                    + kraft + " / 2^" + MAX_LENGTH + ")";
        }
        return null;
    }

    /** Code length of {@code symbol} in bits; 0 if the symbol has no code word. */
    public int length(int symbol) {
        return lengths[checkSymbol(symbol)];
    }

    /**
     * Canonical code word of {@code symbol}: its low {@link #length(int)} bits, sent most
     * significant bit first. 0 for a symbol without a code word.
     */
    public long code(int symbol) {
        return codes[checkSymbol(symbol)];
    }

    /** A copy of all 256 code lengths. */
    public int[] lengths() {
        return lengths.clone();
    }

    /** Longest code word in bits; 0 for the empty code. */
    public int maxLength() {
        return maxLength;
    }

    /** Number of symbols that have a code word. */
    public int symbolCount() {
        return symbolCount;
    }

    /**
     * Whether the frequencies had to be rescaled (to respect {@value #MAX_LENGTH} bits or to
     * keep weights from overflowing), so the code may be slightly worse than an unrestricted
     * Huffman code.
     */
    public boolean lengthLimited() {
        return lengthLimited;
    }

    /**
     * Payload size in bits of data with these symbol counts: {@code Σ f(s) · length(s)}. The
     * table that describes the code is not included ({@link HuffmanCoder#encodedBytes} has it).
     *
     * @param frequencies 256 non-negative counts
     * @throws IllegalArgumentException if a counted symbol has no code word, or a count is bad
     * @throws ArithmeticException      if the result does not fit in a long
     */
    public long encodedBits(long[] frequencies) {
        long[] counts = checkedCopy(frequencies);
        long bits = 0;
        for (int s = 0; s < SYMBOLS; s++) {
            if (counts[s] == 0) {
                continue;
            }
            if (lengths[s] == 0) {
                throw new IllegalArgumentException("symbol " + s + " occurs " + counts[s]
                        + " times but has no code word");
            }
            bits = Math.addExact(bits, Math.multiplyExact(counts[s], lengths[s]));
        }
        return bits;
    }

    /**
     * Average code length in bits per symbol for these counts, {@link #encodedBits} divided by
     * the number of symbols; 0 when all counts are 0.
     */
    public double averageLength(long[] frequencies) {
        long total = 0;
        for (long count : checkedCopy(frequencies)) {
            total = Math.addExact(total, count);
        }
        return total == 0 ? 0 : (double) encodedBits(frequencies) / total;
    }

    /** Lengths, for the coder in this package; not copied. */
    int[] lengthTable() {
        return lengths;
    }

    /** Codes, for the coder in this package; not copied. */
    long[] codeTable() {
        return codes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HuffmanCode code && Arrays.equals(lengths, code.lengths);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return "HuffmanCode[" + symbolCount + " symbols, max length " + maxLength
                + (lengthLimited ? ", rescaled" : "") + "]";
    }

    // ---- construction -----------------------------------------------------------------------

    private static long[] checkedCopy(long[] frequencies) {
        if (frequencies == null || frequencies.length != SYMBOLS) {
            throw new IllegalArgumentException("need " + SYMBOLS + " frequencies, got "
                    + (frequencies == null ? "null" : frequencies.length));
        }
        long[] copy = frequencies.clone();
        for (int s = 0; s < SYMBOLS; s++) {
            if (copy[s] < 0) {
                throw new IllegalArgumentException("negative frequency " + copy[s] + " for symbol " + s);
            }
        }
        return copy;
    }

    private static long saturatedSum(long[] weights) {
        long sum = 0;
        for (long weight : weights) {
            sum += weight;
            if (sum < 0 || sum > MAX_TOTAL_WEIGHT) {
                return Long.MAX_VALUE;
            }
        }
        return sum;
    }

    /** {@code f -> max(1, f / 2)} for present symbols; absent ones stay absent. */
    private static void halve(long[] weights) {
        for (int s = 0; s < weights.length; s++) {
            if (weights[s] > 0) {
                weights[s] = Math.max(1, weights[s] >>> 1);
            }
        }
    }

    private static int max(int[] values) {
        int max = 0;
        for (int value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    /**
     * Depth of every leaf of the Huffman tree, by the two-queue method: leaves sorted by
     * (weight, symbol) in one queue, internal nodes in creation order (their weights never
     * decrease) in the other; each step merges the two lightest fronts, a leaf winning ties.
     */
    private static int[] treeDepths(long[] weights) {
        int[] depths = new int[SYMBOLS];
        int[] leaves = new int[SYMBOLS];
        int n = 0;
        for (int s = 0; s < SYMBOLS; s++) {
            if (weights[s] > 0) {
                leaves[n++] = s;
            }
        }
        if (n == 0) {
            return depths;
        }
        if (n == 1) {
            depths[leaves[0]] = 1;
            return depths;
        }
        // Insertion sort by weight; symbols are already ascending, and the sort is stable.
        for (int i = 1; i < n; i++) {
            int symbol = leaves[i];
            int j = i - 1;
            while (j >= 0 && weights[leaves[j]] > weights[symbol]) {
                leaves[j + 1] = leaves[j];
                j--;
            }
            leaves[j + 1] = symbol;
        }
        // Nodes 0..n-1 are the sorted leaves, n..2n-2 the internal nodes; the root is last.
        int nodes = 2 * n - 1;
        long[] nodeWeight = new long[nodes];
        int[] parent = new int[nodes];
        for (int i = 0; i < n; i++) {
            nodeWeight[i] = weights[leaves[i]];
        }
        int nextLeaf = 0;
        int nextInternal = n;
        for (int created = n; created < nodes; created++) {
            long sum = 0;
            for (int pick = 0; pick < 2; pick++) {
                int node;
                if (nextLeaf < n && (nextInternal >= created || nodeWeight[nextLeaf] <= nodeWeight[nextInternal])) {
                    node = nextLeaf++;
                } else {
                    node = nextInternal++;
                }
                parent[node] = created;
                sum += nodeWeight[node];
            }
            nodeWeight[created] = sum;
        }
        // A parent is always created after its children, so one descending pass sets depths.
        int[] depth = new int[nodes];
        for (int node = nodes - 2; node >= 0; node--) {
            depth[node] = depth[parent[node]] + 1;
        }
        for (int i = 0; i < n; i++) {
            depths[leaves[i]] = depth[i];
        }
        return depths;
    }

    /**
     * Canonical codes (as in DEFLATE): shorter codes first, and within a length in symbol order,
     * each code the previous plus one, shifted left when the length grows.
     */
    private static long[] canonicalCodes(int[] lengths) {
        int[] countPerLength = new int[MAX_LENGTH + 1];
        for (int length : lengths) {
            countPerLength[length]++;
        }
        countPerLength[0] = 0;
        long[] next = new long[MAX_LENGTH + 1];
        long code = 0;
        for (int length = 1; length <= MAX_LENGTH; length++) {
            code = (code + countPerLength[length - 1]) << 1;
            next[length] = code;
        }
        long[] codes = new long[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++) {
            if (lengths[s] > 0) {
                codes[s] = next[lengths[s]]++;
            }
        }
        return codes;
    }

    private static int checkSymbol(int symbol) {
        if (symbol < 0 || symbol >= SYMBOLS) {
            throw new IllegalArgumentException("symbol " + symbol + " outside [0, 255]");
        }
        return symbol;
    }
}

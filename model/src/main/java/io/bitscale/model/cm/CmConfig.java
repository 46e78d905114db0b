package io.bitscale.model.cm;

import java.util.Arrays;

/**
 * The resolved knobs of one {@link CmPredictor}: which contexts feed the mixer, how big each table
 * is, and how the mixer and the SSE stages are selected. Immutable and validated; every size is
 * concrete (no "auto"), so a decoder that reads the same spec builds the same model.
 *
 * @param orders     order-k contexts, ascending, each 1..9 (order 1 and 2 are direct tables)
 * @param words      text contexts over whole words, 0..3: 1 = the current word, 2 = + the
 *                   previous word, 3 = + the word before that (skipping the previous one)
 * @param sparse     binary contexts that skip bytes, 0..6
 * @param columns    1 for a text-column context (the byte above in the previous line), else 0
 * @param records    record contexts over the auto-detected record length, 0..2: 1 = the byte above
 *                   and the previous byte, 2 = + the bytes above, two above and above-right
 * @param direct     direct probability counters as extra inputs, 0..2: 1 = order 1 (64 Ki
 *                   counters), 2 = + order 2 (hashed, {@link #counterBits()})
 * @param matchMin   shortest repeat the match model follows (0 = no match model), 4..32
 * @param tableBits  log2 of the bytes of the shared bit-history table, 16..30
 * @param matchBits  log2 of the bytes of match history, 16..30 (the index has 2^(matchBits-2) ints)
 * @param selectors  mixer weight-set selectors, one first-layer mixer each (1..3), as digits of
 *                   {@link #SELECTOR_NAMES}
 * @param apm        SSE stages after the mixer, 0..2
 * @param sizeHint   log2 of the input length the tables were sized for, or 0 if none was given
 */
public record CmConfig(int[] orders, int words, int sparse, int columns, int records, int direct, int matchMin, int tableBits,
                       int matchBits, int[] selectors, int apm, int sizeHint) {

    /** Selector names by id: the weight-set context of a first-layer mixer. */
    static final String[] SELECTOR_NAMES = {
        "1: the partial byte (256 sets)",
        "2: match length bucket x bit position (32)",
        "3: the previous byte (256)",
        "4: contexts already in the table at this nibble (0..all) x bit position",
    };

    /** Validates and copies. */
    public CmConfig {
        orders = orders.clone();
        selectors = selectors.clone();
        for (int i = 0; i < orders.length; i++) {
            if (orders[i] < 1 || orders[i] > 9 || (i > 0 && orders[i] <= orders[i - 1])) {
                throw new IllegalArgumentException("orders must be ascending within 1..9: " + Arrays.toString(orders));
            }
        }
        check("words", words, 0, 3);
        check("sparse", sparse, 0, 6);
        check("columns", columns, 0, 1);
        check("records", records, 0, 2);
        check("direct", direct, 0, 2);
        if (matchMin != 0) {
            check("match", matchMin, 4, 32);
        }
        check("table bits", tableBits, 16, 30);
        check("match bits", matchBits, 16, 30);
        check("apm", apm, 0, 2);
        if (selectors.length < 1 || selectors.length > 3) {
            throw new IllegalArgumentException("1..3 mixer selectors, got " + selectors.length);
        }
        for (int s : selectors) {
            check("selector", s, 0, SELECTOR_NAMES.length - 1);
        }
        if (orders.length + words + sparse + columns + records == 0) {
            throw new IllegalArgumentException("a model needs at least one context");
        }
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " outside " + min + ".." + max);
        }
    }

    /** Contexts with a bit-history slot (everything but the match model). */
    int contexts() {
        return orders.length + words + sparse + columns + records;
    }

    /** Whether a history buffer is kept (match model, column or record contexts, order 9). */
    boolean needsHistory() {
        return matchMin > 0 || columns > 0 || records > 0;
    }

    /** Mixer inputs: contexts, the match model's two, the direct counters, the bias. */
    int inputs() {
        return contexts() + (matchMin > 0 ? 2 : 0) + direct + 1;
    }

    /** log2 of the hashed order-2 counters: a sixteenth of the bit-history table's bytes, at most 2^22. */
    int counterBits() {
        return Math.max(12, Math.min(22, tableBits - 4));
    }

    /**
     * Direct counter cells, in rows of 16 (one 64-byte line per context and nibble, cells 1..15
     * for the nibble's nodes): order 1 has 256 x 17 rows (first nibble, then one per first nibble
     * value), order 2 has 2^counterBits cells of hashed rows.
     */
    int counterCells() {
        return direct == 0 ? 0 : ORDER1_COUNTERS + (direct > 1 ? 1 << counterBits() : 0) + 16;
    }

    /** Cells of the order-1 counters. */
    static final int ORDER1_COUNTERS = 256 * 17 * 16;

    /** Number of weight sets of a selector. */
    int selectorSets(int selector) {
        return switch (selector) {
            case 0, 2 -> 256;
            case 1 -> 32;
            case 3 -> 8 * (contexts() + 1);
            default -> throw new IllegalArgumentException("selector " + selector);
        };
    }

    /** The orders as a digit string (the spec's form), e.g. 12346. */
    String ordersDigits() {
        StringBuilder digits = new StringBuilder();
        for (int k : orders) {
            digits.append(k);
        }
        return digits.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CmConfig c && Arrays.equals(orders, c.orders) && words == c.words
                && sparse == c.sparse && columns == c.columns && records == c.records && direct == c.direct && matchMin == c.matchMin
                && tableBits == c.tableBits && matchBits == c.matchBits && Arrays.equals(selectors, c.selectors)
                && apm == c.apm && sizeHint == c.sizeHint;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(orders) * 31 + Arrays.hashCode(selectors) * 7 + tableBits;
    }

    @Override
    public String toString() {
        return "CmConfig[orders=" + ordersDigits() + ", words=" + words + ", sparse=" + sparse + ", columns=" + columns
                + ", records=" + records + ", direct=" + direct + ", match=" + matchMin + ", tableBits=" + tableBits + ", matchBits=" + matchBits
                + ", selectors=" + Arrays.toString(selectors) + ", apm=" + apm + ", sizeHint=" + sizeHint + "]";
    }
}

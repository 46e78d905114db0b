package io.bitscale.model.cm;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Freezable;
import io.bitscale.core.model.Restartable;
import io.bitscale.model.mix.Logistic;

import java.util.Arrays;

/**
 * The context-mixing engine behind the presets: one final class whose per-bit path touches only
 * plain arrays and int fields, so the JIT compiles it as one monomorphic loop.
 *
 * <pre>{@code
 * BitPredictor model = (BitPredictor) Models.factory("fast(20)").create();   // a CmPredictor
 * int p1 = model.p1();      // P(next bit = 1) * 2^16
 * model.update(bit);
 * }</pre>
 *
 * <p><b>Per byte</b> (never per bit) each context's 32-bit hash is computed from the history
 * (orders, words, sparse, column and record contexts, {@link CmConfig}); <b>per nibble</b> each
 * context finds its 16-byte slot (an 8-bit check and the 15 {@link BitStates} of the nibble's
 * binary tree) in a 256-byte bucket of a shared table, chosen per byte: the first nibble's slot
 * in the bucket's first cache line, the second nibble's in one of the other three (by the first
 * nibble), four slots per line, the least established one replaced on a miss. All four lines of
 * every context's bucket are loaded together at the start of the byte, with the match model's
 * index entry and the first nibble's SSE rows, so the byte waits for memory once: memory latency,
 * not arithmetic, is most of the cost on large inputs. Order 1 is a direct table at the start of
 * the same array.
 *
 * <p><b>Per bit</b> each context's state is read from its slot and mapped to a probability by
 * an adaptive state map of that context, stretched, and mixed by one to three logistic mixers
 * whose weight sets are chosen by small contexts ({@link CmConfig#selectors()}); with more than
 * one, a second layer (weights chosen by the partial byte) mixes their outputs. The match model
 * adds two inputs, the optional direct order-1/order-2 counters one each, then two interpolated
 * SSE stages (order 1, order 0) refine the result.
 *
 * <p><b>The match model</b> follows the latest earlier occurrence of the last {@code match} bytes
 * (found through a hashed index, checked byte by byte). While the block has used at most 16 byte
 * values, from its 4,096th byte on (a small alphabet such as DNA, where a short context recurs by
 * chance and the latest occurrence is seldom the real repeat), it hashes and requires twice as
 * many bytes, at most 32; any other input never enters that state.
 *
 * <p><b>Arithmetic</b> is integer throughout: stretch/squash are tables built once from
 * {@link StrictMath}, weights are 16.16 fixed point, state maps keep 22-bit probabilities with a
 * 10-bit count. The decoder recomputes every probability bit for bit.
 *
 * <p><b>Memory</b> is allocated at construction and never grows: {@link #memoryBytes(CmConfig)}.
 *
 * <p><b>Freezing</b> ({@link #freeze()}) stops all learning: bit histories, state maps, mixer
 * weights, direct counters, SSE knots and the match index stay as they are, and a context missing
 * from the table reads an empty bit history instead of claiming a slot. The context (bytes, words,
 * lines, the detected record length, the match being followed) still moves forward, and a match
 * may only predict from text coded before the freeze that the history ring still holds.
 */
public final class CmPredictor implements BitPredictor, Freezable, Restartable {

    // ---- shared constant tables -------------------------------------------------------------

    /** stretch(p12) = 256 ln(p/(1-p)), p12 in 0..4095, result in -2047..2047. */
    private static final short[] STRETCH = new short[4096];
    /** squash to 12 bits, index d + 2047. */
    private static final short[] SQUASH12 = new short[4095];
    /** 2^16 / (n + 1.5): the adaptive rate of a state-map cell seen n times. */
    private static final int[] RECIPROCAL = new int[1024];

    static {
        for (int p = 0; p < 4096; p++) {
            STRETCH[p] = (short) Logistic.stretch(p);
        }
        for (int d = -2047; d <= 2047; d++) {
            SQUASH12[d + 2047] = (short) Logistic.squash(d);
        }
        for (int n = 0; n < 1024; n++) {
            RECIPROCAL[n] = (int) ((2L << 16) / (2 * n + 3));
        }
    }

    // ---- knobs ------------------------------------------------------------------------------

    /** State-map count limit: the slowest rate is about 1/limit. */
    private static final int STATE_LIMIT = 1023;
    /** Direct counters adapt no slower than 1/(limit + 1.5). */
    private static final int COUNTER_LIMIT = 255;
    /**
     * First-layer learning rate: {@code w += x * err * RATE >> 14} with a 12-bit error, i.e.
     * about 0.011 per unit of stretch and error.
     */
    private static final int LEARNING_RATE = 3;
    private static final int LR_SHIFT = 14;
    /** Second-layer learning rate (same scale). */
    private static final int FINAL_RATE = 4;
    /**
     * Mixer weights are left alone when the 12-bit error is at most this (about 5%): those
     * updates are mostly noise (skipping them lowers bpb on text by 0.001-0.002 against a
     * threshold of 16), and skipping them saves the whole weight loop on well-predicted bits.
     */
    private static final int SKIP_ERROR = 192;
    /** Bytes of the direct order-1 region at the start of {@link #table}: 256 x 32 slots. */
    private static final int ORDER1_BYTES = 256 * 32 * 16;
    /** Where the hashed buckets start: the data of a large array is at 16 mod 256, so +240. */
    private static final int HASHED_BASE = ORDER1_BYTES + 240;
    /**
     * A slot in the alignment gap before the buckets that nothing ever writes: a frozen model
     * reads the empty bit history of a context missing from the table here.
     */
    private static final int EMPTY_SLOT = ORDER1_BYTES;

    private static final int KIND_ORDER = 0;
    private static final int KIND_WORD = 16;
    private static final int KIND_SPARSE = 32;
    private static final int KIND_COLUMN = 48;
    private static final int KIND_RECORD = 64;

    private final CmConfig config;
    private final int contexts;
    private final int inputs;
    private final int[] kinds;
    /** 1 if context 0 is the direct order-1 table, else 0: the hashed contexts start here. */
    private final int firstHashed;

    // ---- bit-history table ------------------------------------------------------------------

    private final byte[] table;
    private final int bucketMask;
    /** Per context: the 32-bit hash of this byte's context. */
    private final int[] hashes;
    /** Per context: byte offset of the current nibble's slot in {@link #table}. */
    private final int[] slots;
    /** Per context: byte offset in {@link #table} of this byte's 256-byte bucket (both nibbles). */
    private final int[] buckets;

    // ---- state maps and mixer ---------------------------------------------------------------

    /** Per context 256 cells (state -> probability), then the match model's cells. */
    private final int[] stateMaps;
    private final int matchMapBase;
    /** Mixer inputs of this bit (stretched probabilities); the last one is the bias. */
    private final int[] x;
    private final int[] weights;
    private final int[] selectors;
    private final int[] selectorBase;
    private final int mixers;
    /** Per mixer: the weight offset used for this bit, its output in the stretch domain, its p12. */
    private int mixerAt0;
    private int mixerAt1;
    private int mixerAt2;
    private int mixerOut0;
    private int mixerOut1;
    private int mixerOut2;
    private int mixerP0;
    private int mixerP1;
    private int mixerP2;
    /** Per context: the state-map cell used for this bit ((context << 8) | state). */
    private final int[] cells;
    private final int[] finalWeights;
    private int finalAt;
    private int mixP12;
    /** Contexts whose slot was already in the table at this nibble. */
    private int found;
    private int sink;
    /**
     * The first-layer learning rate: five times {@link #LEARNING_RATE} at the start, the extra part
     * halving every 16 KiB, so small inputs learn their weights quickly and large ones settle.
     */
    private int learningRate;

    // ---- direct counters ---------------------------------------------------------------------

    private final int direct;
    /** Order-1 counters (64 Ki), then hashed order-2 counters: 22-bit P(1) and a 10-bit count. */
    private final int[] counters;
    private final int counterMask;
    private int counterAt0;
    private int counterAt1;
    private int order2Hash;
    /** Rows (cell offsets) of this nibble's direct counters; the cell is row + node. */
    private int counterRow0;
    private int counterRow1;

    // ---- SSE ---------------------------------------------------------------------------------

    private final char[] apm1;
    private final char[] apm2;
    private int apm1At;
    /**
     * Start of this nibble's 15 rows in {@link #apm1}: rows are grouped by the previous byte and
     * the nibble (first, or second after each first-nibble value), so a nibble's rows are 1 KiB
     * in a row and are loaded together when the nibble starts instead of one miss per bit.
     */
    private int apm1Row;
    private int apm2At;
    private int apmWeight;
    /** SSE knots move 1/2^apmRate of the way: 1/16 for the first 64 KiB, 1/32 up to 1 MiB, then 1/64. */
    private int apmRate;

    // ---- match model -------------------------------------------------------------------------

    private final int matchMin;
    private final byte[] history;
    private final int historyMask;
    private final int[] matchIndex;
    private final int matchIndexShift;
    /**
     * Index entries are the position's low {@code matchBits} bits (the history window; older
     * positions are gone from the history anyway) under {@code 32 - matchBits} check bits.
     */
    private final int matchCheckShift;
    private final int matchCheckBits;
    private int matchCheck;
    private int matchPtr;
    private int matchLength;
    private int matchByte;
    private int matchHash;
    private final int matchHashRemove;
    /**
     * The shortest repeat followed in a small alphabet: twice {@code matchMin}, at most 32 (the
     * longest a candidate is checked for). On DNA a context of 8 symbols recurs by chance (4^8
     * values in millions of positions); from 16 on, a repeat is a real one.
     */
    private final int smallAlphabetMin;
    private final int smallAlphabetHashRemove;
    /** Hash of the last {@link #smallAlphabetMin} bytes, rolled beside {@link #matchHash}. */
    private int smallAlphabetHash;
    /** The minimum in force: {@code matchMin}, or {@link #smallAlphabetMin} in a small alphabet. */
    private int activeMatchMin;
    /** Which byte values the block has used, while at most {@link #SMALL_ALPHABET} have been. */
    private final long[] seenBytes = new long[4];
    private int distinctBytes;
    private int matchCell;
    private int matchBit;

    // ---- byte and bit position ---------------------------------------------------------------

    private int position;
    private int partial;
    private int bitCount;
    private int node;
    private int c4;
    private int c8;
    private int word0;
    private int word1;
    private int word2;
    private int lineStart;
    private int previousLineStart;
    /** Record model: per byte value, where it was last seen and at what distance before that. */
    private final int[] lastSeen;
    private final int[] lastDistance;
    private int recordCandidate;
    private int recordVotes;
    private int recordLength;
    private int recordAgreement;
    private int activeAgreement;

    // ---- freezing ----------------------------------------------------------------------------

    /** Set by {@link #freeze()}: {@link #update(int)} only moves the context forward. */
    private boolean frozen;
    /** The bytes coded when the model froze: the last one a frozen match may predict from. */
    private int frozenAt;

    /** A model in its initial state. */
    public CmPredictor(CmConfig config) {
        this.config = config;
        this.contexts = config.contexts();
        this.inputs = config.inputs();
        this.kinds = new int[contexts];
        int k = 0;
        for (int order : config.orders()) {
            kinds[k++] = KIND_ORDER + order;
        }
        for (int i = 1; i <= config.words(); i++) {
            kinds[k++] = KIND_WORD + i;
        }
        for (int i = 1; i <= config.sparse(); i++) {
            kinds[k++] = KIND_SPARSE + i;
        }
        for (int i = 1; i <= config.columns(); i++) {
            kinds[k++] = KIND_COLUMN + i;
        }
        for (int i = 1; i <= config.records(); i++) {
            kinds[k++] = KIND_RECORD + i;
        }
        this.firstHashed = contexts > 0 && kinds[0] == KIND_ORDER + 1 ? 1 : 0;
        int bucketCount = 1 << (config.tableBits() - 8);
        this.table = new byte[HASHED_BASE + (bucketCount << 8) + 16];
        this.bucketMask = bucketCount - 1;

        this.hashes = new int[contexts];
        this.slots = new int[contexts];
        this.buckets = new int[contexts];

        this.matchMapBase = contexts * 256;
        this.stateMaps = new int[matchMapBase + 64 * 2];
        this.x = new int[inputs];
        this.selectors = config.selectors();
        this.mixers = selectors.length;
        this.selectorBase = new int[mixers];
        int sets = 0;
        for (int m = 0; m < mixers; m++) {
            selectorBase[m] = sets * inputs;
            sets += config.selectorSets(selectors[m]);
        }
        this.weights = new int[sets * inputs];
        this.cells = new int[contexts];
        this.finalWeights = new int[mixers > 1 ? 256 * mixers : 0];

        this.apm1 = new char[config.apm() >= 1 ? APM1_ROWS * 33 : 0];
        this.apm2 = new char[config.apm() >= 2 ? 256 * 33 : 0];

        this.direct = config.direct();
        this.counters = new int[config.counterCells()];
        this.counterMask = (1 << (config.counterBits() - 4)) - 1;

        this.matchMin = config.matchMin();
        boolean needHistory = config.needsHistory();
        this.history = new byte[needHistory ? 1 << config.matchBits() : 0];
        this.historyMask = history.length - 1;
        this.lastSeen = new int[config.records() > 0 ? 256 : 0];
        this.lastDistance = new int[lastSeen.length];
        this.matchIndex = new int[matchMin > 0 ? 1 << (config.matchBits() - 2) : 0];
        this.matchIndexShift = 32 - (config.matchBits() - 2);
        this.matchCheckShift = config.matchBits();
        this.matchCheckBits = 32 - config.matchBits();
        int remove = 1;
        for (int i = 1; i < matchMin; i++) {
            remove *= MATCH_MULTIPLIER;
        }
        this.matchHashRemove = remove;
        this.smallAlphabetMin = Math.min(2 * Math.max(matchMin, 1), 32);
        int smallRemove = 1;
        for (int i = 1; i < smallAlphabetMin; i++) {
            smallRemove *= MATCH_MULTIPLIER;
        }
        this.smallAlphabetHashRemove = smallRemove;
        initialState(false);
    }

    /**
     * Back to the state the constructor leaves, reusing the tables (already paged in, so a block
     * restarts in the time of one pass over them instead of a page fault per 4 KiB).
     */
    @Override
    public void restart() {
        initialState(true);
    }

    /** Every learned value and every position at its initial value; {@code used}: clear what a fresh array has as zeros. */
    private void initialState(boolean used) {
        if (used) {
            Arrays.fill(table, (byte) 0);
            Arrays.fill(hashes, 0);
            Arrays.fill(slots, 0);
            Arrays.fill(buckets, 0);
            Arrays.fill(x, 0);
            Arrays.fill(cells, 0);
            Arrays.fill(history, (byte) 0);
            Arrays.fill(matchIndex, 0);
            Arrays.fill(lastSeen, 0);
            Arrays.fill(lastDistance, 0);
        }
        for (int c = 0; c < contexts; c++) {
            for (int s = 0; s < 256; s++) {
                stateMaps[c * 256 + s] = BitStates.INITIAL_P22[s] << 10;
            }
        }
        Arrays.fill(stateMaps, matchMapBase, stateMaps.length, (1 << 21) << 10);
        Arrays.fill(weights, 1 << 14);
        Arrays.fill(finalWeights, (1 << 16) / Math.max(1, mixers));
        initApm(apm1);
        initApm(apm2);
        Arrays.fill(counters, (1 << 21) << 10);
        mixerAt0 = 0;
        mixerAt1 = 0;
        mixerAt2 = 0;
        mixerOut0 = 0;
        mixerOut1 = 0;
        mixerOut2 = 0;
        mixerP0 = 0;
        mixerP1 = 0;
        mixerP2 = 0;
        finalAt = 0;
        mixP12 = 0;
        found = 0;
        sink = 0;
        learningRate = 5 * LEARNING_RATE;
        counterAt0 = 0;
        counterAt1 = 0;
        order2Hash = 0;
        counterRow0 = 0;
        counterRow1 = 0;
        apm1At = 0;
        apm1Row = 0;
        apm2At = 0;
        apmWeight = 0;
        apmRate = 4;
        matchCheck = 0;
        matchPtr = 0;
        matchLength = 0;
        matchByte = 0;
        matchHash = 0;
        smallAlphabetHash = 0;
        activeMatchMin = matchMin;
        java.util.Arrays.fill(seenBytes, 0);
        distinctBytes = 0;
        matchCell = -1;
        matchBit = 0;
        position = 0;
        partial = 1;
        bitCount = 0;
        node = 1;
        c4 = 0;
        c8 = 0;
        word0 = 0;
        word1 = 0;
        word2 = 0;
        lineStart = 0;
        previousLineStart = 0;
        recordCandidate = 0;
        recordVotes = 0;
        recordLength = 0;
        recordAgreement = 0;
        activeAgreement = 0;
        frozen = false;
        frozenAt = 0;
        startByte();
    }

    /** Rows of the order-1 SSE stage: (previous byte, nibble group of 17) x 16 nodes. */
    private static final int APM1_ROWS = 256 * 17 * 16;

    private static final int MATCH_MULTIPLIER = 0x2F0B4A13 | 1;
    /** Most distinct byte values a block may use and still count as a small alphabet (DNA: 4). */
    private static final int SMALL_ALPHABET = 16;
    /** Bytes a block must have before it can count as a small alphabet (every text has few distinct bytes at first). */
    private static final int SMALL_ALPHABET_FROM = 4096;

    private static void initApm(char[] apm) {
        for (int i = 0; i < apm.length; i++) {
            int d = (i % 33 - 16) * 128;
            apm[i] = (char) Logistic.squash16(d);
        }
    }

    /** Heap bytes of a model with this configuration (what the constructor allocates). */
    public static long memoryBytes(CmConfig config) {
        long bytes = 16 + ORDER1_BYTES + 240 + (1L << config.tableBits()) + 16;
        int contexts = config.contexts();
        bytes += 4L * (contexts * 256 + 128) + 4L * 4 * contexts + 4L * config.inputs();
        long sets = 0;
        for (int s : config.selectors()) {
            sets += config.selectorSets(s);
        }
        bytes += 4 * sets * config.inputs();
        bytes += config.selectors().length > 1 ? 4L * 256 * config.selectors().length : 0;
        bytes += config.apm() >= 1 ? 2L * APM1_ROWS * 33 : 0;
        bytes += config.apm() >= 2 ? 2L * 256 * 33 : 0;
        if (config.needsHistory()) {
            bytes += 1L << config.matchBits();
        }
        if (config.matchMin() > 0) {
            bytes += 1L << config.matchBits();
        }
        bytes += 4L * config.counterCells() + 16;
        bytes += config.records() > 0 ? 2 * (4L * 256 + 16) : 0;
        return bytes + 512;
    }

    /** Learned parameters: bit-history states, state-map cells, weights, SSE knots. */
    public static long parameters(CmConfig config) {
        long sets = 0;
        for (int s : config.selectors()) {
            sets += config.selectorSets(s);
        }
        return (1L << config.tableBits()) + ORDER1_BYTES + config.contexts() * 256L + 128 + sets * config.inputs()
                + (config.apm() >= 1 ? APM1_ROWS * 33 : 0) + (config.apm() >= 2 ? 256 * 33 : 0) + config.counterCells();
    }

    @Override
    public long parameters() {
        return parameters(config);
    }

    @Override
    public long memoryBytes() {
        return memoryBytes(config);
    }

    // ---- per bit -------------------------------------------------------------------------------

    @Override
    public int p1() {
        final byte[] t = table;
        final int[] sm = stateMaps;
        final int[] in = x;
        final int[] sl = slots;
        final int[] cl = cells;
        final int[] w = weights;
        final int n = node;
        final int nContexts = contexts;
        final int nInputs = inputs;
        final int m = mixers;
        int b0 = selectorBase[0] + select(selectors[0]) * nInputs;
        int b1 = m > 1 ? selectorBase[1] + select(selectors[1]) * nInputs : b0;
        int b2 = m > 2 ? selectorBase[2] + select(selectors[2]) * nInputs : b0;
        long dot0 = 0;
        long dot1 = 0;
        long dot2 = 0;
        // One loop per mixer count: no per-input test of m on the hottest path.
        if (m == 1) {
            for (int i = 0; i < nContexts; i++) {
                int cell = (i << 8) | (t[sl[i] + n] & 0xFF);
                cl[i] = cell;
                int xi = STRETCH[sm[cell] >>> 20];
                in[i] = xi;
                dot0 += (long) w[b0 + i] * xi;
            }
        } else if (m == 2) {
            for (int i = 0; i < nContexts; i++) {
                int cell = (i << 8) | (t[sl[i] + n] & 0xFF);
                cl[i] = cell;
                int xi = STRETCH[sm[cell] >>> 20];
                in[i] = xi;
                dot0 += (long) w[b0 + i] * xi;
                dot1 += (long) w[b1 + i] * xi;
            }
        } else {
            for (int i = 0; i < nContexts; i++) {
                int cell = (i << 8) | (t[sl[i] + n] & 0xFF);
                cl[i] = cell;
                int xi = STRETCH[sm[cell] >>> 20];
                in[i] = xi;
                dot0 += (long) w[b0 + i] * xi;
                dot1 += (long) w[b1 + i] * xi;
                dot2 += (long) w[b2 + i] * xi;
            }
        }
        int k = nContexts;
        if (matchMin > 0) {
            int expected = matchByte;
            int x0 = 0;
            int x1 = 0;
            if (matchLength > 0 && ((expected | 0x100) >>> (8 - bitCount)) == partial) {
                int bit = (expected >>> (7 - bitCount)) & 1;
                int len = matchLength;
                int bucket = len < 16 ? len : Math.min(63, 12 + (len >>> 2));
                int cell = matchMapBase + (bucket << 1) + bit;
                matchCell = cell;
                matchBit = bit;
                x0 = STRETCH[sm[cell] >>> 20];
                x1 = ((bit << 1) - 1) * Math.min(len, 32) << 5;
            } else {
                matchLength = 0;
                matchCell = -1;
            }
            in[k] = x0;
            in[k + 1] = x1;
            dot0 += (long) w[b0 + k] * x0 + (long) w[b0 + k + 1] * x1;
            dot1 += (long) w[b1 + k] * x0 + (long) w[b1 + k + 1] * x1;
            dot2 += (long) w[b2 + k] * x0 + (long) w[b2 + k + 1] * x1;
            k += 2;
        }
        if (direct > 0) {
            final int[] cn = counters;
            int a = counterRow0 + n;
            counterAt0 = a;
            int x0 = STRETCH[cn[a] >>> 20];
            in[k] = x0;
            dot0 += (long) w[b0 + k] * x0;
            dot1 += (long) w[b1 + k] * x0;
            dot2 += (long) w[b2 + k] * x0;
            k++;
            if (direct > 1) {
                int b = counterRow1 + n;
                counterAt1 = b;
                int x1 = STRETCH[cn[b] >>> 20];
                in[k] = x1;
                dot0 += (long) w[b0 + k] * x1;
                dot1 += (long) w[b1 + k] * x1;
                dot2 += (long) w[b2 + k] * x1;
                k++;
            }
        }
        in[k] = 256;
        dot0 += (long) w[b0 + k] << 8;
        dot1 += (long) w[b1 + k] << 8;
        dot2 += (long) w[b2 + k] << 8;
        mixerAt0 = b0;
        mixerAt1 = b1;
        mixerAt2 = b2;
        int d0 = clampStretch((int) (dot0 >> 16));
        mixerP0 = SQUASH12[d0 + 2047];
        int dFinal;
        if (m == 1) {
            dFinal = d0;
        } else {
            int fbase = partial * m;
            finalAt = fbase;
            int d1 = clampStretch((int) (dot1 >> 16));
            mixerOut0 = d0;
            mixerOut1 = d1;
            mixerP1 = SQUASH12[d1 + 2047];
            long fdot = (long) finalWeights[fbase] * d0 + (long) finalWeights[fbase + 1] * d1;
            if (m > 2) {
                int d2 = clampStretch((int) (dot2 >> 16));
                mixerOut2 = d2;
                mixerP2 = SQUASH12[d2 + 2047];
                fdot += (long) finalWeights[fbase + 2] * d2;
            }
            dFinal = clampStretch((int) (fdot >> 16));
        }
        int p12 = SQUASH12[dFinal + 2047];
        mixP12 = p12;
        int p = (p12 << 4) + 8;
        if (apm1.length > 0) {
            // Stage 1: the order-1 map (previous byte and the bits of this one); stage 2: order 0.
            int pos = (dFinal + 2048) * 32;
            int wt = pos & 4095;
            apmWeight = wt;
            int idx = apm1Row + n * 33 + (pos >>> 12);
            apm1At = idx;
            int pa = (apm1[idx] * (4096 - wt) + apm1[idx + 1] * wt) >>> 12;
            if (apm2.length > 0) {
                int idx2 = partial * 33 + (pos >>> 12);
                apm2At = idx2;
                int pb = (apm2[idx2] * (4096 - wt) + apm2[idx2 + 1] * wt) >>> 12;
                p = (p + 2 * pa + pb) >> 2;
            } else {
                p = (p + 3 * pa) >> 2;
            }
        }
        return p < 1 ? 1 : Math.min(p, 65535);
    }

    private int select(int selector) {
        switch (selector) {
            case 0:
                return partial;
            case 1: {
                int len = matchLength;
                int bucket = len == 0 ? 0 : len < 16 ? 1 : len < 32 ? 2 : 3;
                return bucket << 3 | bitCount;
            }
            case 2:
                return c4 & 0xFF;
            default:
                return found << 3 | bitCount;
        }
    }

    private static int clampStretch(int d) {
        return d < -2047 ? -2047 : Math.min(d, 2047);
    }

    /**
     * Stops learning from here on, as {@link Freezable} defines; one-way and idempotent. A decoder
     * must freeze at the same byte as the encoder.
     */
    @Override
    public void freeze() {
        if (!frozen) {
            frozen = true;
            frozenAt = position;
        }
    }

    @Override
    public void update(int bit) {
        if (frozen) {
            // A separate method keeps the learning path below exactly as the JIT saw it before.
            frozenUpdate(bit);
            return;
        }
        final byte[] t = table;
        final int[] sm = stateMaps;
        final int[] in = x;
        final int[] w = weights;
        final int[] sl = slots;
        final int[] cl = cells;
        final int n = node;
        final int nContexts = contexts;
        final int nInputs = inputs;
        final int m = mixers;
        final int lr = learningRate;
        final int e0 = ((bit << 12) - mixerP0) * lr;
        final int e1 = ((bit << 12) - mixerP1) * lr;
        final int e2 = ((bit << 12) - mixerP2) * lr;
        final int b0 = mixerAt0;
        final int b1 = mixerAt1;
        final int b2 = mixerAt2;
        final int target = bit << 22;
        boolean learn = e0 > SKIP_ERROR * lr || e0 < -SKIP_ERROR * lr;
        if (learn) {
            if (m == 1) {
                for (int i = 0; i < nInputs; i++) {
                    w[b0 + i] += (in[i] * e0) >> LR_SHIFT;
                }
            } else if (m == 2) {
                for (int i = 0; i < nInputs; i++) {
                    int xi = in[i];
                    w[b0 + i] += (xi * e0) >> LR_SHIFT;
                    w[b1 + i] += (xi * e1) >> LR_SHIFT;
                }
            } else {
                for (int i = 0; i < nInputs; i++) {
                    int xi = in[i];
                    w[b0 + i] += (xi * e0) >> LR_SHIFT;
                    w[b1 + i] += (xi * e1) >> LR_SHIFT;
                    w[b2 + i] += (xi * e2) >> LR_SHIFT;
                }
            }
        }
        for (int i = 0; i < nContexts; i++) {
            int cell = cl[i];
            int v = sm[cell];
            int count = v & 1023;
            int p22 = v >>> 10;
            p22 += (int) (((long) (target - p22) * RECIPROCAL[count]) >> 16);
            sm[cell] = (p22 << 10) | (count < STATE_LIMIT ? count + 1 : count);
            t[sl[i] + n] = BitStates.NEXT[((cell & 0xFF) << 1) | bit];
        }
        if (m > 1) {
            int err = ((bit << 12) - mixP12) * FINAL_RATE;
            int fbase = finalAt;
            finalWeights[fbase] += (mixerOut0 * err) >> 14;
            finalWeights[fbase + 1] += (mixerOut1 * err) >> 14;
            if (m > 2) {
                finalWeights[fbase + 2] += (mixerOut2 * err) >> 14;
            }
        }
        if (direct > 0) {
            final int[] cn = counters;
            for (int j = 0; j < direct; j++) {
                int a = j == 0 ? counterAt0 : counterAt1;
                int v = cn[a];
                int count = v & 1023;
                int p22 = v >>> 10;
                p22 += (int) (((long) (target - p22) * RECIPROCAL[count]) >> 16);
                cn[a] = (p22 << 10) | (count < COUNTER_LIMIT ? count + 1 : count);
            }
        }
        if (matchCell >= 0) {
            int cell = matchCell;
            int v = sm[cell];
            int count = v & 1023;
            int p22 = v >>> 10;
            p22 += (int) (((long) (target - p22) * RECIPROCAL[count]) >> 16);
            sm[cell] = (p22 << 10) | (count < STATE_LIMIT ? count + 1 : count);
            if (bit != matchBit) {
                matchLength = 0;
            }
        }
        if (apm1.length > 0) {
            int goal = bit << 16;
            int idx = apm1At;
            int wt = apmWeight;
            apm1[idx] += ((goal - apm1[idx]) >> apmRate) * (4096 - wt) >> 12;
            apm1[idx + 1] += ((goal - apm1[idx + 1]) >> apmRate) * wt >> 12;
            if (apm2.length > 0) {
                int idx2 = apm2At;
                apm2[idx2] += ((goal - apm2[idx2]) >> apmRate) * (4096 - wt) >> 12;
                apm2[idx2 + 1] += ((goal - apm2[idx2 + 1]) >> apmRate) * wt >> 12;
            }
        }

        advance(bit);
    }

    /** {@link #update(int)} of a frozen model: no learned parameter changes, the context advances. */
    private void frozenUpdate(int bit) {
        if (matchCell >= 0 && bit != matchBit) {
            matchLength = 0;
        }
        // The lookups at the nibble and byte boundary know the model is frozen.
        advance(bit);
    }

    /** Moves to the next bit: the partial byte, the node in the nibble's tree, the nibble and byte boundaries. */
    private void advance(int bit) {
        partial = (partial << 1) | bit;
        node = (node << 1) | bit;
        bitCount++;
        if (bitCount == 4) {
            node = 1;
            secondNibble(partial & 15);
        } else if (bitCount == 8) {
            endByte(partial & 0xFF);
        }
    }

    // ---- per nibble and per byte ------------------------------------------------------------

    /** Looks up every hashed context's slot for the second nibble. */
    private void secondNibble(int nibble) {
        // Lines that are not in the same buckets as the first nibble's go first, so their loads
        // overlap with the slot searches below.
        int touch = 0;
        if (apm1.length > 0) {
            touch = touchApmRows(((c4 & 0xFF) * 17 + 1 + nibble) * (16 * 33));
        }
        if (direct > 0) {
            counterRow0 = (c4 & 0xFF) * (17 * 16) + ((1 + nibble) << 4);
            int row = counterRow(order2Hash + (nibble + 1) * 0x6F4F2A35) - CmConfig.ORDER1_COUNTERS;
            counterRow1 = CmConfig.ORDER1_COUNTERS + ((row & 1023) | ((counterRow1 - CmConfig.ORDER1_COUNTERS) & ~1023));
            touch += touchCounters();
        }
        sink = touch;
        final int[] b = buckets;
        final int[] h = hashes;
        final int[] sl = slots;
        int mixIn = (nibble + 1) * 0x6F4F2A35;
        // One of the bucket's three second-nibble lines; nibble mod 3 spreads the first nibbles
        // of text (2: space and punctuation, 6 and 7: lower case, 4 and 5: capitals) apart.
        int line = 64 + (nibble % 3) * 64;
        int claimed = 0;
        for (int i = firstHashed; i < contexts; i++) {
            // The second nibble's slot is in the same 256-byte bucket as the first's, whose four
            // lines were loaded at the start of the byte: no second wait for memory.
            int hash = (h[i] + mixIn) * 0x2C1B3C6D;
            int slot = find(b[i] + line, (byte) (hash >>> 24));
            claimed += slot >>> 31;
            sl[i] = slot & 0x7FFF_FFFF;
        }
        found = contexts - claimed;
        if (firstHashed == 1) {
            slots[0] = ((c4 & 0xFF) << 9) + ((16 + nibble) << 4);
        }
    }

    /** Touches both ends of this nibble's counter rows (a row of 16 ints may straddle two lines). */
    private int touchCounters() {
        final int[] cn = counters;
        int touch = cn[counterRow0 + 1] + cn[counterRow0 + 15];
        if (direct > 1) {
            touch += cn[counterRow1 + 1] + cn[counterRow1 + 15];
        }
        return touch;
    }

    /** Makes a nibble's SSE rows current and touches their cache lines (33 lines' worth of chars). */
    private int touchApmRows(int row) {
        apm1Row = row;
        final char[] a = apm1;
        int touch = 0;
        for (int i = 0; i < 16 * 33; i += 32) {
            touch += a[row + i];
        }
        return touch + a[row + 16 * 33 - 1];
    }

    /** The order-2 counter row of a hash (rows of 16 cells after the order-1 counters). */
    private int counterRow(int hash) {
        int h = hash * 0x2C1B3C6D;
        return CmConfig.ORDER1_COUNTERS + (((h ^ (h >>> 15)) & counterMask) << 4);
    }

    /** Finds the first nibble's slots in {@link #buckets} (the bucket lines are being loaded). */
    private void lookUp(int touch) {
        final int[] b = buckets;
        final int[] h = hashes;
        final int[] sl = slots;
        // The touch loads only warm the cache; storing their sum keeps the JIT from dropping them.
        sink = touch;
        int claimed = 0;
        for (int i = firstHashed; i < contexts; i++) {
            int slot = find(b[i], (byte) (h[i] >>> 24));
            claimed += slot >>> 31;
            sl[i] = slot & 0x7FFF_FFFF;
        }
        found = contexts - claimed;
    }

    /**
     * The offset of the slot with this check byte in the 64-byte line at {@code b}, claiming the
     * least established of its four slots if none carries it (a frozen model claims nothing and
     * gets {@link #EMPTY_SLOT}); bit 31 is set when the context was not in the table.
     */
    private int find(int b, byte check) {
        final byte[] t = table;
        for (int j = 0; j < 64; j += 16) {
            if (t[b + j] == check) {
                return b + j;
            }
        }
        if (frozen) {
            return EMPTY_SLOT | 0x8000_0000;
        }
        int victim = b;
        int priority = t[b + 1] & 0xFF;
        for (int j = 16; j < 64; j += 16) {
            int pj = t[b + j + 1] & 0xFF;
            if (pj < priority) {
                priority = pj;
                victim = b + j;
            }
        }
        t[victim] = check;
        for (int j = 1; j < 16; j++) {
            t[victim + j] = 0;
        }
        return victim | 0x8000_0000;
    }

    private void endByte(int c) {
        position++;
        apmRate = position < 1 << 16 ? 4 : position < 1 << 20 ? 5 : 6;
        if (position < 1 << 19) {
            learningRate = LEARNING_RATE + ((4 * LEARNING_RATE) >> (position >>> 14));
        }
        c8 = (c8 << 8) | (c4 >>> 24);
        c4 = (c4 << 8) | c;
        if ((c >= 'a' && c <= 'z') || c >= 128 || (c >= 'A' && c <= 'Z')) {
            int lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
            word0 = (word0 + lower + 1) * 0x3D4D51CB;
        } else if (word0 != 0) {
            word2 = word1;
            word1 = word0;
            word0 = 0;
        }
        int touch = 0;
        int matchSlot = -1;
        if (history.length > 0) {
            if (matchMin > 0) {
                matchSlot = matchStep(c);
                // Loaded together with the context buckets below: one wait for memory per byte.
                touch = matchSlot >= 0 ? matchIndex[matchSlot] : 0;
                if (matchLength > 0) {
                    touch += history[matchPtr & historyMask];
                }
            } else {
                history[position & historyMask] = (byte) c;
            }
            if (c == '\n') {
                previousLineStart = lineStart;
                lineStart = position;
            }
            if (lastSeen.length > 0) {
                detectRecord(c);
            }
        }
        touch += hashContexts();
        if (matchSlot >= 0) {
            matchFind(matchSlot);
        }
        lookUp(touch);
    }

    /**
     * Record-length detection: a byte value that recurs at the same distance twice in a row votes
     * for that distance (2..65535), and the distance with a running majority is the candidate. The
     * candidate becomes the record length once it has 16 votes and the byte one record back has
     * matched the current byte at least a quarter of the time (a running average over about 256
     * bytes); the record length in use is dropped when its own running average falls below a sixth. Text has recurring distances too (word lengths), but
     * there the byte one "record" back matches only 3-11% of the time, against 44-92% for the
     * records of a table, an image or an array of numbers.
     */
    private void detectRecord(int c) {
        int distance = position - lastSeen[c];
        lastSeen[c] = position;
        if (distance >= 2 && distance <= 65535 && distance == lastDistance[c]) {
            if (distance == recordCandidate) {
                recordVotes = Math.min(recordVotes + 1, 16);
            } else if (--recordVotes < 0) {
                recordCandidate = distance;
                recordVotes = 0;
                recordAgreement = 0;
            }
        }
        lastDistance[c] = distance;
        int candidate = recordCandidate;
        if (candidate > 0 && position > candidate) {
            int hit = (history[(position - candidate) & historyMask] & 0xFF) == c ? 1 << 16 : 0;
            recordAgreement += (hit - recordAgreement) >> 8;
        }
        int length = recordLength;
        if (length > 0) {
            int hit = (history[(position - length) & historyMask] & 0xFF) == c ? 1 << 16 : 0;
            activeAgreement += (hit - activeAgreement) >> 8;
            if (activeAgreement < (1 << 16) / 6) {
                recordLength = 0;
            }
        }
        if (candidate != recordLength && recordVotes >= 16 && recordAgreement >= 1 << 14) {
            recordLength = candidate;
            activeAgreement = recordAgreement;
        }
    }

    /**
     * The first half of the match model's byte update: follows or drops the current match and
     * rolls the hash of the last {@code matchMin} bytes; returns the index slot of that hash, or
     * -1 before {@code matchMin} bytes have been seen.
     */
    private int matchStep(int c) {
        if (matchLength > 0 && matchByte == c) {
            matchLength = Math.min(matchLength + 1, 65535);
            matchPtr++;
        } else {
            matchLength = 0;
        }
        final byte[] h = history;
        final int mask = historyMask;
        // history[p & mask] holds byte number p (1-based): the byte just coded is at `position`.
        h[position & mask] = (byte) c;
        int leaving = position > matchMin ? (h[(position - matchMin) & mask] & 0xFF) + 1 : 0;
        matchHash = (matchHash - leaving * matchHashRemove) * MATCH_MULTIPLIER + c + 1;
        int hash = matchHash;
        if (distinctBytes <= SMALL_ALPHABET) {
            // Only blocks that stay within a small alphabet pay for the second hash; on any
            // other input the match model is exactly the one-minimum model.
            long bit = 1L << c;
            if ((seenBytes[c >>> 6] & bit) == 0) {
                seenBytes[c >>> 6] |= bit;
                distinctBytes++;
            }
            int leavingSmall = position > smallAlphabetMin ? (h[(position - smallAlphabetMin) & mask] & 0xFF) + 1 : 0;
            smallAlphabetHash = (smallAlphabetHash - leavingSmall * smallAlphabetHashRemove) * MATCH_MULTIPLIER + c + 1;
            boolean small = position >= SMALL_ALPHABET_FROM && distinctBytes <= SMALL_ALPHABET;
            activeMatchMin = small ? smallAlphabetMin : matchMin;
            if (small) {
                hash = smallAlphabetHash;
            }
        }
        if (position >= activeMatchMin) {
            int mixed = hash * 0x9E3779B1;
            // The bits just below the slot's: stored with the position, they reject most
            // candidates of other hashes without reading (and missing on) their history.
            matchCheck = (mixed >>> (matchIndexShift - matchCheckBits)) & ((1 << matchCheckBits) - 1);
            return mixed >>> matchIndexShift;
        }
        if (matchLength > 0) {
            matchByte = h[matchPtr & mask] & 0xFF;
        }
        return -1;
    }

    /**
     * The second half: looks for a new match at the index slot if none is followed, and records
     * this position there. Frozen, it records nothing and a match must predict from {@link #trainingText}.
     */
    private void matchFind(int slot) {
        final byte[] h = history;
        final int mask = historyMask;
        if (frozen && matchLength > 0 && !trainingText(matchPtr)) {
            matchLength = 0;
        }
        if (matchLength == 0) {
            int entry = matchIndex[slot];
            int candidate = position - ((position - entry) & mask);
            if (entry != 0 && entry >>> matchCheckShift == matchCheck && candidate > 0
                    && (!frozen || trainingText(candidate + 1))) {
                int length = 0;
                int limit = Math.min(candidate, 32);
                while (length < limit && h[(candidate - length) & mask] == h[(position - length) & mask]) {
                    length++;
                }
                if (length >= activeMatchMin) {
                    matchLength = length;
                    matchPtr = candidate + 1;
                }
            }
        }
        if (!frozen) {
            matchIndex[slot] = (matchCheck << matchCheckShift) | (position & mask);
        }
        if (matchLength > 0) {
            matchByte = h[matchPtr & mask] & 0xFF;
        }
    }

    /**
     * Whether byte number {@code p} was coded before the freeze and is still in the history ring
     * with the 32 bytes before it (a new match compares that far back): what a frozen match may
     * predict from. Coded bytes overwrite the oldest training text in the ring as they enter it.
     */
    private boolean trainingText(int p) {
        return p <= frozenAt && position - p < history.length - 32;
    }

    private void startByte() {
        lookUp(hashContexts());
    }

    /** Computes this byte's context hashes and touches their buckets; returns the touched bytes' sum. */
    private int hashContexts() {
        partial = 1;
        bitCount = 0;
        node = 1;
        final int[] b = buckets;
        final byte[] t = table;
        final int mask = bucketMask;
        int c1 = c4 & 0xFF;
        if (direct > 0) {
            counterRow0 = c1 * (17 * 16);
            order2Hash = (c4 & 0xFFFF) * 0x9E3779B1;
            counterRow1 = counterRow(order2Hash);
        }
        int touch = direct > 0 ? touchCounters() : 0;
        for (int i = firstHashed; i < contexts; i++) {
            int h = contextHash(kinds[i], c1);
            hashes[i] = h;
            int at = HASHED_BASE + ((h & mask) << 8);
            b[i] = at;
            // All four lines of the bucket: the second nibble's slot is in one of the last three.
            touch += t[at] + t[at + 64] + t[at + 128] + t[at + 192];
        }
        if (firstHashed == 1) {
            slots[0] = c1 << 9;
        }
        if (apm1.length > 0) {
            touch += touchApmRows(c1 * (17 * 16 * 33));
        }
        return touch;
    }

    private int contextHash(int kind, int c1) {
        int h;
        if (kind < KIND_WORD) {
            int order = kind;
            if (order <= 4) {
                h = order == 4 ? c4 : c4 & ((1 << (order * 8)) - 1);
            } else if (order <= 8) {
                h = c4 + (order == 8 ? c8 : c8 & ((1 << ((order - 4) * 8)) - 1)) * 0x6A09E667;
            } else {
                h = c4 + c8 * 0x6A09E667
                        + 0x1F83D9AB * (history.length > 0 ? history[(position - 8) & historyMask] : 0);
            }
        } else if (kind < KIND_SPARSE) {
            int which = kind - KIND_WORD;
            if (which == 1) {
                h = word0 != 0 ? word0 : word1 * 31 + c1;
            } else if (which == 2) {
                h = word0 * 0x5BE0CD19 + word1 * 0x1F83D9AB + (word0 != 0 ? 0 : c1);
            } else {
                h = word0 * 0x5BE0CD19 + word2 * 0x510E527F + (word0 != 0 ? 0 : c1);
            }
        } else if (kind < KIND_COLUMN) {
            int which = kind - KIND_SPARSE;
            h = switch (which) {
                case 1 -> c4 & 0xFF00;
                case 2 -> c4 & 0xFF0000;
                case 3 -> c4 & 0xFFFF0000;
                case 4 -> c4 & 0xFF00FF;
                case 5 -> (c4 >>> 24) | (c8 & 0xFF000000);
                default -> c4 & 0xF0FF;
            };
        } else if (kind >= KIND_RECORD) {
            int length = recordLength;
            int above = length == 0 ? 0 : history[(position + 1 - length) & historyMask] & 0xFF;
            if (kind == KIND_RECORD + 1) {
                h = ((above << 8 | c1) << 16) + length;
            } else {
                int twoAbove = length == 0 ? 0 : history[(position + 1 - 2 * length) & historyMask] & 0xFF;
                int aboveRight = length == 0 ? 0 : history[(position + 2 - length) & historyMask] & 0xFF;
                h = (((above << 8 | twoAbove) << 8 | aboveRight) * 0x2F0B4A13) + length;
            }
        } else {
            int column = Math.min(position - lineStart, 255);
            int above = previousLineStart + column < lineStart
                    ? history[(previousLineStart + column + 1) & historyMask] & 0xFF : 0;
            h = (above << 8 | c1) << 8 | column;
        }
        h = (h + kind) * 0x9E3779B1;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}

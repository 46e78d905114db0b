package io.bitscale.corpora.synthetic;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded random byte source whose entropy rate is known exactly: the bits per byte that no
 * model can beat on average, so a model's measured bpb on its output shows how close it gets to
 * the true limit.
 *
 * <p>Two families, one symbol per byte:
 * <ul>
 *   <li><b>i.i.d.</b> over an alphabet of {@code m} symbols with a Zipf distribution, a random
 *       Dirichlet-like distribution, or given integer weights; entropy rate {@code H(p)};</li>
 *   <li><b>order-k Markov chain</b> over {@code m} symbols: each of the {@code m^k} contexts
 *       (the previous k symbols) has its own random Dirichlet-like next-symbol distribution;
 *       entropy rate {@code sum_s pi(s) H(P(.|s))} with the stationary distribution {@code pi}
 *       over contexts found by power iteration.</li>
 * </ul>
 * Symbol {@code i} is written as the byte {@code 'a' + i} ({@link Symbols#LETTERS}, m &le; 26)
 * or as the byte {@code i} ({@link Symbols#BYTES}).
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>Exact.</b> Every distribution is quantised to integer weights summing to
 *       {@code 2^16}, and a symbol is drawn by comparing the top 16 bits of a 64-bit random
 *       word with the cumulative weights, so the output follows the quantised table exactly and
 *       {@link #entropyRateBits()} is computed from that same table.</li>
 *   <li><b>Reproducible.</b> Tables and samples come from {@link SplittableRandom} seeded with
 *       {@link #seed()}, using only {@code nextLong()} and {@code split()}, integer arithmetic
 *       and {@link StrictMath}, so the same spec gives the same bytes on every JVM and machine.</li>
 *   <li><b>Prefix-consistent.</b> {@code generate(n)} is the first {@code n} bytes of one fixed
 *       infinite stream, so shorter outputs are prefixes of longer ones (as data-scaling sweeps
 *       need) and every call starts that stream afresh.</li>
 *   <li><b>Immutable</b> and thread-safe.</li>
 * </ul>
 * The Markov chain starts in the all-zero context and discards its first {@value #BURN_IN}
 * symbols, so output starts close to the stationary regime the entropy rate refers to.
 *
 * <p>A source is named by a spec string that {@link #parse(String)} reads and {@link #spec()}
 * writes, for example {@code markov:m=16,k=2,alpha=0.5,seed=1,symbols=letters},
 * {@code zipf:m=64,s=1.1,seed=1,symbols=bytes}, {@code iid:m=16,alpha=1.0,seed=1,symbols=letters},
 * {@code weights:w=3/2/1,seed=1,symbols=letters} or {@code text-like}.
 */
public final class SyntheticSource {

    /** How symbol {@code i} becomes a byte. */
    public enum Symbols {
        /** The byte {@code 'a' + i}; readable, for alphabets of at most 26 symbols. */
        LETTERS,
        /** The byte {@code i}; for alphabets of up to 256 symbols. */
        BYTES;

        int toByte(int symbol) {
            return this == LETTERS ? 'a' + symbol : symbol;
        }
    }

    /** Weights of every distribution sum to {@code 2^PRECISION_BITS}. */
    public static final int PRECISION_BITS = 16;
    static final int TOTAL = 1 << PRECISION_BITS;
    /** Markov symbols generated and discarded before output starts. */
    public static final int BURN_IN = 4096;
    /** Seed of {@link #textLike()}. */
    public static final long DEFAULT_SEED = 20240601L;
    /** Largest table, in weights ({@code m^(k+1)}): 4 Mi ints, 16 MiB. */
    static final int MAX_TABLE = 1 << 22;

    private final String kind;
    private final int alphabetSize;
    private final int order;
    private final long seed;
    private final Symbols symbols;
    private final Map<String, String> params;
    /** cumulative[s][i] = sum of weights of symbols 0..i in context s; last entry is TOTAL. */
    private final int[][] cumulative;
    private final double entropyRate;

    private SyntheticSource(String kind, int alphabetSize, int order, long seed, Symbols symbols,
            Map<String, String> params, int[][] weights) {
        this.kind = kind;
        this.alphabetSize = alphabetSize;
        this.order = order;
        this.seed = seed;
        this.symbols = symbols;
        this.params = params;
        this.cumulative = new int[weights.length][];
        for (int s = 0; s < weights.length; s++) {
            int[] c = new int[alphabetSize];
            int sum = 0;
            for (int i = 0; i < alphabetSize; i++) {
                sum += weights[s][i];
                c[i] = sum;
            }
            cumulative[s] = c;
        }
        this.entropyRate = order == 0 ? rowEntropyBits(weights[0]) : markovEntropyRate(weights, alphabetSize, order);
    }

    // ---------------------------------------------------------------- factories

    /**
     * I.i.d. Zipf source: {@code p(i) ∝ 1/(i+1)^exponent}, quantised.
     *
     * @param alphabetSize m, 2..256 (..26 for letters)
     * @param exponent     s &ge; 0; 0 is uniform, about 1 is word-frequency-like
     * @param seed         seeds the sampling only (the table is deterministic)
     */
    public static SyntheticSource zipf(int alphabetSize, double exponent, Symbols symbols, long seed) {
        checkAlphabet(alphabetSize, symbols);
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("Zipf exponent must be finite and >= 0: " + exponent);
        }
        double[] p = new double[alphabetSize];
        for (int i = 0; i < alphabetSize; i++) {
            p[i] = 1.0 / StrictMath.pow(i + 1, exponent);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("m", Integer.toString(alphabetSize));
        params.put("s", Double.toString(exponent));
        return new SyntheticSource("zipf", alphabetSize, 0, seed, symbols, params, new int[][] {quantize(p)});
    }

    /**
     * I.i.d. source with a random Dirichlet-like distribution drawn from the seed:
     * {@code p(i) ∝ E_i^(1/alpha)} with {@code E_i} standard exponential. {@code alpha = 1} is
     * exactly a flat Dirichlet; smaller alpha gives peakier, lower-entropy distributions.
     */
    public static SyntheticSource randomIid(int alphabetSize, double alpha, Symbols symbols, long seed) {
        checkAlphabet(alphabetSize, symbols);
        checkAlpha(alpha);
        SplittableRandom tables = new SplittableRandom(seed).split();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("m", Integer.toString(alphabetSize));
        params.put("alpha", Double.toString(alpha));
        return new SyntheticSource("iid", alphabetSize, 0, seed, symbols, params,
                new int[][] {quantize(dirichletLike(tables, alphabetSize, alpha))});
    }

    /**
     * I.i.d. source with the given non-negative integer weights (symbol i has weight
     * {@code weights[i]}), rescaled to sum {@code 2^16}; every symbol keeps weight at least 1.
     * Weights that already sum to {@code 2^16} and are all positive are used exactly.
     */
    public static SyntheticSource weights(long[] weights, Symbols symbols, long seed) {
        checkAlphabet(weights.length, symbols);
        double[] p = new double[weights.length];
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("negative weight " + weights[i]);
            }
            p[i] = weights[i];
            w.append(i == 0 ? "" : "/").append(weights[i]);
        }
        if (Arrays.stream(weights).sum() <= 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("w", w.toString());
        return new SyntheticSource("weights", weights.length, 0, seed, symbols, params, new int[][] {quantize(p)});
    }

    /**
     * Order-k Markov chain over m symbols; each context's next-symbol distribution is drawn
     * from the seed as in {@link #randomIid}. Every weight is at least 1, so the chain is
     * irreducible and aperiodic and its stationary distribution unique.
     *
     * @param order k &ge; 0 (0 gives an i.i.d. source); {@code m^(k+1)} at most {@code 2^22}
     */
    public static SyntheticSource markov(int alphabetSize, int order, double alpha, Symbols symbols, long seed) {
        checkAlphabet(alphabetSize, symbols);
        checkAlpha(alpha);
        if (order < 0) {
            throw new IllegalArgumentException("order must be >= 0: " + order);
        }
        long table = alphabetSize;
        for (int i = 0; i < order; i++) {
            table *= alphabetSize;
            if (table > MAX_TABLE) {
                throw new IllegalArgumentException("m^(k+1) = " + alphabetSize + "^" + (order + 1)
                        + " exceeds the table limit " + MAX_TABLE);
            }
        }
        int states = (int) (table / alphabetSize);
        SplittableRandom tables = new SplittableRandom(seed).split();
        int[][] weights = new int[states][];
        for (int s = 0; s < states; s++) {
            weights[s] = quantize(dirichletLike(tables, alphabetSize, alpha));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("m", Integer.toString(alphabetSize));
        params.put("k", Integer.toString(order));
        params.put("alpha", Double.toString(alpha));
        return new SyntheticSource("markov", alphabetSize, order, seed, symbols, params, weights);
    }

    /**
     * The text-like default used when no real corpus is available: an order-2 Markov chain over
     * 16 letters with fairly peaked contexts ({@code alpha = 0.5}), seed {@value #DEFAULT_SEED}.
     */
    public static SyntheticSource textLike() {
        return textLike(DEFAULT_SEED);
    }

    /** {@link #textLike()} with another seed. */
    public static SyntheticSource textLike(long seed) {
        return markov(16, 2, 0.5, Symbols.LETTERS, seed);
    }

    /**
     * Builds a source from a spec {@code kind[:key=value,...]}. Kinds and keys (defaults in
     * brackets): {@code text-like} (seed); {@code markov} (m [16], k [2], alpha [0.5]);
     * {@code iid} (m [16], alpha [1.0]); {@code zipf} (m [16], s [1.0]); {@code weights}
     * (w, slash-separated integers, required). All kinds take {@code seed} [{@value #DEFAULT_SEED}]
     * and {@code symbols} ({@code letters} or {@code bytes}; [letters] when m &le; 26, else bytes).
     *
     * @throws IllegalArgumentException with a readable message for a bad spec
     */
    public static SyntheticSource parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        int colon = s.indexOf(':');
        String kind = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
        Map<String, String> kv = new LinkedHashMap<>();
        if (colon >= 0 && colon < s.length() - 1) {
            for (String part : s.substring(colon + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bad synthetic spec '" + spec + "': expected key=value, got '" + part + "'");
                }
                kv.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
            }
        }
        try {
            long seed = kv.containsKey("seed") ? Long.parseLong(kv.remove("seed")) : DEFAULT_SEED;
            String sym = kv.remove("symbols");
            SyntheticSource source = switch (kind) {
                case "text-like", "textlike", "text" -> textLike(seed);
                case "markov" -> {
                    int m = intParam(kv, "m", 16);
                    yield markov(m, intParam(kv, "k", 2), doubleParam(kv, "alpha", 0.5), symbols(sym, m), seed);
                }
                case "iid" -> {
                    int m = intParam(kv, "m", 16);
                    yield randomIid(m, doubleParam(kv, "alpha", 1.0), symbols(sym, m), seed);
                }
                case "zipf" -> {
                    int m = intParam(kv, "m", 16);
                    yield zipf(m, doubleParam(kv, "s", 1.0), symbols(sym, m), seed);
                }
                case "weights" -> {
                    String w = kv.remove("w");
                    if (w == null) {
                        throw new IllegalArgumentException("needs w=W0/W1/...");
                    }
                    long[] weights = Arrays.stream(w.split("/")).mapToLong(x -> Long.parseLong(x.strip())).toArray();
                    yield weights(weights, symbols(sym, weights.length), seed);
                }
                default -> throw new IllegalArgumentException(
                        "unknown kind '" + kind + "' (text-like, markov, iid, zipf, weights)");
            };
            if (!kv.isEmpty()) {
                throw new IllegalArgumentException("unknown keys " + kv.keySet() + " for " + kind);
            }
            return source;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad synthetic spec '" + spec + "': " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- output

    /** The first {@code length} bytes of this source's stream. */
    public byte[] generate(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        byte[] out = new byte[length];
        Sampler sampler = new Sampler();
        for (int i = 0; i < length; i++) {
            out[i] = (byte) sampler.nextByte();
        }
        return out;
    }

    /** Writes the first {@code length} bytes of the stream (the same bytes as {@link #generate(int)}). */
    public void generate(long length, OutputStream out) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        Sampler sampler = new Sampler();
        byte[] buffer = new byte[1 << 16];
        for (long left = length; left > 0; ) {
            int n = (int) Math.min(buffer.length, left);
            for (int i = 0; i < n; i++) {
                buffer[i] = (byte) sampler.nextByte();
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /**
     * The exact code length, under the source's own distribution, of bytes {@code [from, to)} of
     * its stream: {@code Σ -log2 P(x_i | context)} over the quantised table the bytes were drawn
     * from. This is what a model that knew the source would spend on exactly those bytes, so a
     * model's code length minus this is its pointwise redundancy (regret against the truth),
     * free of the {@code O(sqrt(n))} sampling noise of comparing with {@code n ×}
     * {@link #entropyRateBits()}. Replays the stream from its start: cost O({@code to}).
     */
    public double codeLengthBits(long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad range [" + from + ", " + to + ")");
        }
        Sampler sampler = new Sampler();
        double bits = 0;
        for (long i = 0; i < to; i++) {
            int weight = sampler.nextSymbolWeight();
            if (i >= from) {
                bits += PRECISION_BITS - StrictMath.log(weight) / StrictMath.log(2);
            }
        }
        return bits;
    }

    // ---------------------------------------------------------------- properties

    /** Exact entropy rate in bits per symbol, i.e. bits per byte of output. */
    public double entropyRateBits() {
        return entropyRate;
    }

    /** Number of distinct symbols m. */
    public int alphabetSize() {
        return alphabetSize;
    }

    /** Markov order k; 0 for an i.i.d. source. */
    public int order() {
        return order;
    }

    /** The seed of tables and samples. */
    public long seed() {
        return seed;
    }

    /** How symbols become bytes. */
    public Symbols symbols() {
        return symbols;
    }

    /** The canonical spec; {@code parse(spec())} rebuilds an identical source. */
    public String spec() {
        StringBuilder sb = new StringBuilder(kind).append(':');
        params.forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        return sb.append("seed=").append(seed).append(",symbols=").append(symbols.name().toLowerCase(Locale.ROOT)).toString();
    }

    /** One human-readable line: what the source is, its entropy rate and its spec. */
    public String describe() {
        String alphabet = symbols == Symbols.LETTERS
                ? "'a'..'" + (char) ('a' + alphabetSize - 1) + "'"
                : "bytes 0.." + (alphabetSize - 1);
        String what = switch (kind) {
            case "markov" -> "order-" + order + " Markov chain over " + alphabetSize + " symbols (" + alphabet
                    + "), Dirichlet-like contexts alpha=" + params.get("alpha");
            case "iid" -> "i.i.d. over " + alphabetSize + " symbols (" + alphabet + "), Dirichlet-like alpha=" + params.get("alpha");
            case "zipf" -> "i.i.d. Zipf s=" + params.get("s") + " over " + alphabetSize + " symbols (" + alphabet + ")";
            default -> "i.i.d. with weights " + params.get("w") + " over " + alphabetSize + " symbols (" + alphabet + ")";
        };
        return String.format(Locale.ROOT, "%s, seed %d; entropy rate %.6f bits/byte [%s]", what, seed, entropyRate, spec());
    }

    @Override
    public String toString() {
        return spec();
    }

    // ---------------------------------------------------------------- internals

    /** Draws symbols; a fresh one replays the stream from its start. */
    private final class Sampler {
        private final SplittableRandom rng;
        private final int states = cumulative.length;
        private int state;

        Sampler() {
            // The first split seeds the tables, the second the samples: independent streams.
            SplittableRandom root = new SplittableRandom(seed);
            root.split();
            rng = root.split();
            if (order > 0) {
                for (int i = 0; i < BURN_IN; i++) {
                    nextSymbol();
                }
            }
        }

        int nextByte() {
            return symbols.toByte(nextSymbol());
        }

        /** Draws the next symbol and returns the weight (out of 2^16) it had. */
        int nextSymbolWeight() {
            int[] c = cumulative[state];
            int symbol = nextSymbol();
            return symbol == 0 ? c[0] : c[symbol] - c[symbol - 1];
        }

        int nextSymbol() {
            int[] c = cumulative[state];
            int r = (int) (rng.nextLong() >>> (64 - PRECISION_BITS));
            // Smallest i with r < c[i]; c is strictly increasing because every weight is >= 1.
            int lo = 0;
            int hi = c.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (r < c[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (order > 0) {
                state = (int) (((long) state * alphabetSize + lo) % states);
            }
            return lo;
        }
    }

    /** p(i) ∝ E_i^(1/alpha), E_i = -ln U_i; alpha = 1 is a flat Dirichlet. */
    private static double[] dirichletLike(SplittableRandom rng, int m, double alpha) {
        double[] p = new double[m];
        for (int i = 0; i < m; i++) {
            // U in (0, 1] from 53 random bits, so the log is finite.
            double u = ((rng.nextLong() >>> 11) + 1) * 0x1.0p-53;
            p[i] = StrictMath.pow(-StrictMath.log(u), 1.0 / alpha);
        }
        return p;
    }

    /**
     * Integer weights summing to exactly {@link #TOTAL}, each at least 1, as close to
     * {@code p / sum(p)} as rounding allows; the rounding remainder goes to the largest weights.
     */
    static int[] quantize(double[] p) {
        int m = p.length;
        double sum = 0;
        for (double x : p) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("probabilities must be finite and >= 0");
            }
            sum += x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("probabilities must have a positive finite sum");
        }
        int[] w = new int[m];
        long total = 0;
        for (int i = 0; i < m; i++) {
            w[i] = (int) Math.max(1, Math.min(TOTAL, Math.round(p[i] / sum * TOTAL)));
            total += w[i];
        }
        long diff = TOTAL - total;
        while (diff != 0) {
            int max = 0;
            for (int i = 1; i < m; i++) {
                if (w[i] > w[max]) {
                    max = i;
                }
            }
            if (diff > 0) {
                w[max] += (int) diff;
                diff = 0;
            } else {
                int take = (int) Math.min(-diff, w[max] - 1L);
                w[max] -= take;
                diff += take;
            }
        }
        return w;
    }

    /** H of one quantised row: log2(T) - (1/T) sum w log2 w. */
    static double rowEntropyBits(int[] weights) {
        double acc = 0;
        for (int w : weights) {
            acc += w * StrictMath.log(w);
        }
        return (PRECISION_BITS * StrictMath.log(2) - acc / TOTAL) / StrictMath.log(2);
    }

    /**
     * Stationary distribution over the m^k contexts by power iteration (the chain is primitive,
     * so it converges geometrically), then the pi-weighted average of the row entropies.
     */
    static double markovEntropyRate(int[][] weights, int m, int order) {
        int states = weights.length;
        double[] pi = new double[states];
        double[] next = new double[states];
        Arrays.fill(pi, 1.0 / states);
        final double inv = 1.0 / TOTAL;
        boolean converged = false;
        for (int iter = 0; iter < 1_000_000 && !converged; iter++) {
            Arrays.fill(next, 0);
            for (int s = 0; s < states; s++) {
                double mass = pi[s] * inv;
                if (mass == 0) {
                    continue;
                }
                int base = (int) (((long) s * m) % states);
                int[] w = weights[s];
                for (int x = 0; x < m; x++) {
                    next[base + x] += mass * w[x];
                }
            }
            double diff = 0;
            double norm = 0;
            for (int s = 0; s < states; s++) {
                diff += Math.abs(next[s] - pi[s]);
                norm += next[s];
            }
            for (int s = 0; s < states; s++) {
                pi[s] = next[s] / norm; // renormalise so rounding cannot drift the total mass
            }
            converged = diff < 1e-14;
        }
        if (!converged) {
            throw new IllegalStateException("stationary distribution did not converge");
        }
        double rate = 0;
        for (int s = 0; s < states; s++) {
            rate += pi[s] * rowEntropyBits(weights[s]);
        }
        return rate;
    }

    private static void checkAlphabet(int m, Symbols symbols) {
        Objects.requireNonNull(symbols, "symbols");
        if (m < 2 || m > 256) {
            throw new IllegalArgumentException("alphabet size must be 2..256: " + m);
        }
        if (symbols == Symbols.LETTERS && m > 26) {
            throw new IllegalArgumentException("letters allow at most 26 symbols, got " + m + "; use symbols=bytes");
        }
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and > 0: " + alpha);
        }
    }

    private static Symbols symbols(String value, int m) {
        if (value == null) {
            return m <= 26 ? Symbols.LETTERS : Symbols.BYTES;
        }
        return Symbols.valueOf(value.toUpperCase(Locale.ROOT));
    }

    private static int intParam(Map<String, String> kv, String key, int dflt) {
        String v = kv.remove(key);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static double doubleParam(Map<String, String> kv, String key, double dflt) {
        String v = kv.remove(key);
        return v == null ? dflt : Double.parseDouble(v);
    }
}

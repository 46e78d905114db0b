package io.bitscale.model.cm;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.spec.Spec;
import io.bitscale.model.spec.SpecSyntaxException;

import java.util.Map;

/**
 * The spec grammar of the context-mixing engine: {@code cm(...)} with every knob checked, and
 * the presets defined on it.
 *
 * <pre>{@code
 * PredictorFactory custom = Models.factory("cm(orders=12346,words=1,match=6,bits=24,apm=2)");
 * PredictorFactory sized = Models.factory("default(20)");   // the preset, tables for inputs up to 2^20 bytes
 * }</pre>
 *
 * <table>
 * <caption>cm knobs</caption>
 * <tr><th>knob</th><th>values</th><th>default</th><th>meaning</th></tr>
 * <tr><td>orders</td><td>digits 1..9, ascending</td><td>12346</td><td>order-k contexts (12346 = orders 1, 2, 3, 4, 6)</td></tr>
 * <tr><td>words</td><td>0..3</td><td>1</td><td>word contexts: current word; + previous; + the one before</td></tr>
 * <tr><td>sparse</td><td>0..6</td><td>0</td><td>contexts that skip bytes (binary records)</td></tr>
 * <tr><td>column</td><td>0..1</td><td>0</td><td>the byte above in the previous text line, with the column</td></tr>
 * <tr><td>record</td><td>0..2</td><td>0</td><td>contexts over the auto-detected record length (tables, images)</td></tr>
 * <tr><td>direct</td><td>0..2</td><td>0</td><td>direct probability counters for order 1 (1) and order 2 (2) as extra inputs</td></tr>
 * <tr><td>match</td><td>0, 4..32</td><td>6</td><td>shortest repeat the match model follows (twice that, at most 32, in a block of at most 16 byte values); 0 = none</td></tr>
 * <tr><td>bits</td><td>16..30</td><td>24</td><td>log2 bytes of the bit-history table</td></tr>
 * <tr><td>mbits</td><td>16..30</td><td>22</td><td>log2 bytes of match history (and of its index)</td></tr>
 * <tr><td>mixers</td><td>1 to 3 digits 1..4</td><td>1</td><td>weight-set selectors, one first-layer mixer each</td></tr>
 * <tr><td>apm</td><td>0..2</td><td>2</td><td>SSE stages</td></tr>
 * <tr><td>size</td><td>10..40</td><td>none</td><td>log2 of the input length: caps bits and mbits to what it needs</td></tr>
 * </table>
 */
public final class CmSpecs {

    /** Summary line for the registry. */
    public static final String SUMMARY = "cm(orders=12346,words=1,sparse=0,column=0,match=6,bits=24,mbits=22,"
            + "mixers=1,apm=2,size=N): the fast context-mixing engine (docs/specs.md)";

    /** Expansion of the {@code fast} preset. */
    public static final String FAST = "cm(orders=12346,words=1,match=8,bits=26,mbits=24,mixers=43,apm=2)";
    /** Expansion of the {@code default} preset. */
    public static final String DEFAULT = "cm(orders=1234567,words=3,sparse=2,record=2,direct=2,match=8,bits=27,mbits=24,mixers=413,apm=2)";
    /** Expansion of the {@code strong} preset. */
    public static final String STRONG = "cm(orders=1234567,words=3,sparse=6,column=1,record=2,direct=2,match=8,bits=28,mbits=24,mixers=413,apm=2)";

    private static final Map<String, String> PRESETS = Map.of("fast", FAST, "default", DEFAULT, "strong", STRONG);

    /**
     * Table bits beyond log2(input bytes): the bit-history table gets up to 2^(size + this) bytes.
     * Six, not five, since a byte's slots share one 256-byte bucket: a quarter of the table holds
     * first-nibble slots, and small inputs need that quarter to be as large as before.
     */
    static final int TABLE_SLACK = 6;

    private CmSpecs() {
    }

    /** log2 of the input length, rounded up, within 10..40: the {@code size} knob for an input. */
    public static int sizeBits(long inputBytes) {
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, inputBytes - 1));
        return Math.max(10, Math.min(40, bits));
    }

    /** Whether {@code name} is one of the presets defined on this engine ({@code fast}, {@code default}, {@code strong}). */
    public static boolean isPreset(String name) {
        return PRESETS.containsKey(name);
    }

    /** {@code registry} plus {@code cm}; the presets are registered by {@code Models} with {@link #preset}. */
    public static ModelRegistry register(ModelRegistry registry) {
        return registry.with("cm", SUMMARY, CmSpecs::cm);
    }

    /** Provider of {@code cm(...)} for {@link ModelRegistry#with}. */
    public static PredictorFactory cm(Arguments args, ModelRegistry registry) {
        return build(args);
    }

    /** Provider of the presets {@code fast}, {@code default}, {@code strong}; they take only {@code size}. */
    public static PredictorFactory preset(Arguments args, ModelRegistry registry) {
        Spec spec = args.spec();
        String expansion = PRESETS.get(spec.name());
        if (expansion == null) {
            throw new SpecSyntaxException("no context-mixing preset '" + spec.name() + "'", spec.toString(), spec.column());
        }
        args.positional("size");
        int size = (int) args.integer("size", 0, 10, 40);
        return presetFactory(spec.name(), expansion, size);
    }

    private static CmFactory presetFactory(String name, String expansion, int size) {
        Spec parsed = Spec.parse(expansion);
        Arguments args = new Arguments(parsed);
        CmConfig config = config(args, size);
        args.finish();
        // Positional, so the header spends as few bytes as possible on it: default(17).
        String text = size == 0 ? name : name + "(" + size + ")";
        return new CmFactory(text, config, size == 0 ? bits -> presetFactory(name, expansion, bits) : null);
    }

    private static CmFactory build(Arguments args) {
        String text = args.spec().toString();
        CmConfig config = config(args, -1);
        if (config.sizeHint() != 0) {
            return new CmFactory(text, config, null);
        }
        return new CmFactory(text, config, bits -> {
            Spec sized = Spec.parse(args.spec().arguments().isEmpty()
                    ? text + "(size=" + bits + ")"
                    : text.substring(0, text.length() - 1) + ",size=" + bits + ")");
            Arguments sizedArgs = new Arguments(sized);
            CmFactory factory = build(sizedArgs);
            sizedArgs.finish();
            return factory;
        });
    }

    /**
     * The configuration a {@code cm(...)} spec names; every knob is read through {@code args}, so
     * {@link Arguments#finish()} afterwards reports any knob the engine does not have.
     *
     * @param presetSize the size hint of a preset (0 = none), or -1 to read {@code size} from the spec
     */
    static CmConfig config(Arguments args, int presetSize) {
        Spec spec = args.spec();
        String text = spec.toString();
        int[] orders = digits(args, text, "orders", 12346, 1, 9, true, 0, 9);
        int words = (int) args.integer("words", 1, 0, 3);
        int sparse = (int) args.integer("sparse", 0, 0, 6);
        int column = (int) args.integer("column", 0, 0, 1);
        int record = (int) args.integer("record", 0, 0, 2);
        int direct = (int) args.integer("direct", 0, 0, 2);
        int match = (int) args.integer("match", 6, 0, 32);
        if (match != 0 && match < 4) {
            throw new SpecSyntaxException("'match' must be 0 or 4..32", text, args.value("match").column());
        }
        int bits = (int) args.integer("bits", 24, 16, 30);
        int mbits = (int) args.integer("mbits", 22, 16, 30);
        int[] selectors = digits(args, text, "mixers", 1, 1, CmConfig.SELECTOR_NAMES.length, false, 1, 3);
        for (int i = 0; i < selectors.length; i++) {
            selectors[i]--;
        }
        int apm = (int) args.integer("apm", 2, 0, 2);
        int size = presetSize >= 0 ? presetSize : (int) args.integer("size", 0, 10, 40);
        if (orders.length + words + sparse + column + record == 0) {
            throw new SpecSyntaxException("the model needs at least one context (orders, words, sparse, column or record)",
                    text, spec.column());
        }
        if (size != 0) {
            bits = Math.min(bits, Math.max(16, size + TABLE_SLACK));
            mbits = Math.min(mbits, Math.max(16, size + 1));
        }
        return new CmConfig(orders, words, sparse, column, record, direct, match, bits, mbits, selectors, apm, size);
    }

    /** A number whose decimal digits are a list, e.g. orders=12346 or mixers=013. */
    private static int[] digits(Arguments args, String text, String key, long defaultValue, int min, int max,
                                boolean ascending, int minCount, int maxCount) {
        Spec.Value value = args.value(key);
        long number = args.integer(key, defaultValue, 0, 999_999_999);
        String digits = Long.toString(number);
        if (key.equals("orders") && number == 0) {
            digits = "";
        }
        int[] list = new int[digits.length()];
        for (int i = 0; i < list.length; i++) {
            list[i] = digits.charAt(i) - '0';
            boolean bad = list[i] < min || list[i] > max || (ascending && i > 0 && list[i] <= list[i - 1]);
            if (!ascending) {
                for (int j = 0; j < i; j++) {
                    bad |= list[j] == list[i];
                }
            }
            if (bad) {
                throw new SpecSyntaxException("'" + key + "' is a list of " + (ascending ? "ascending " : "distinct ")
                        + "digits " + min + ".." + max + ", got " + number, text, value == null ? 1 : value.column());
            }
        }
        if (list.length < minCount || list.length > maxCount) {
            throw new SpecSyntaxException("'" + key + "' takes " + minCount + ".." + maxCount + " digits, got " + number,
                    text, value == null ? 1 : value.column());
        }
        return list;
    }
}

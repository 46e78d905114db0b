package io.bitscale.model.neural;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.spec.Spec;
import io.bitscale.model.spec.SpecSyntaxException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the specs of the neural models ({@code mlp(...)}, {@code gru(...)}) into their
 * configurations, with column-accurate errors. Real-valued knobs are whole numbers in units of
 * {@code 10^-4}: {@code lr=20} is a learning rate of 0.002.
 *
 * <p>Knobs shared by every neural model (see {@code docs/neural.md}):
 * <pre>
 * opt=adagrad|adam|sgd|momentum|rmsprop   update rule (default: mlp adagrad, gru adam)
 * lr=N        learning rate × 10^4 (default: the rule's, e.g. adagrad 1000 = 0.1, adam 20 = 0.002)
 * wd=N        decoupled weight decay × 10^4 (default 0)
 * clip=N      gradient-norm clip × 10^4, 0 = off (default 0)
 * sched=const|rsqrt|cosine, warm=STEPS, tau=STEPS   learning-rate schedule (default const)
 * adapt=1|0   learn while coding (default 1)
 * seed=N      initial-weight seed (default 1)
 * </pre>
 */
public final class NeuralSpecs {

    /** Spec keys of the optimizer and coding knobs, shared by every neural model. */
    static final List<String> COMMON_KEYS = List.of("opt", "lr", "wd", "clip", "sched", "warm", "tau", "adapt", "seed");
    /** Keys of {@code mlp}, positional order first. */
    static final List<String> MLP_KEYS = concat(List.of("width", "ctx", "embed", "orders", "bits", "depth", "cut", "words"));

    /** Keys of {@code gru}, positional order first. */
    static final List<String> GRU_KEYS = concat(List.of("width", "embed", "bptt", "cut"));

    private static final double UNIT = 1e-4;

    private NeuralSpecs() {
    }

    private static List<String> concat(List<String> own) {
        List<String> keys = new ArrayList<>(own);
        keys.addAll(COMMON_KEYS);
        return List.copyOf(keys);
    }

    /** One-line summary of {@code mlp} for {@code bitscale models}. */
    public static final String MLP_SUMMARY = "online/pretrained MLP over byte and hashed-context embeddings, softmax over 256: "
            + "width=32 ctx=4 embed=16 orders=2..4 bits=10 depth=1 cut=10 words=2 opt=adagrad lr=1000 (x1e-4) wd clip sched warm tau adapt seed";

    /**
     * The neural input of the {@code max} preset: an online MLP (8.4 M parameters, mostly hashed
     * order-1..6 and word tables, 4 bytes of position-wise context, 64 hidden units) presented bit
     * by bit through {@link io.bitscale.core.model.SymbolBits}. {@code max}'s expansion
     * ({@code Models.PRESETS}) spells it out and is frozen; this constant names the same input for
     * experiments. With {@code strong} + {@code ppm(n=6,smoother=kn,mem=26)} and {@code sse=2} it
     * gains 1.0% on book1 and 0.9% on alice29.txt (docs/neural.md).
     */
    public static final String MIXER_INPUT = "bits(mlp(width=64,orders=1..6,bits=16))";

    /** One-line summary of {@code gru} for {@code bitscale models}. */
    public static final String GRU_SUMMARY = "online/pretrained GRU over byte embeddings with truncated BPTT, softmax over 256: "
            + "width=64 embed=16 bptt=16 cut=10 opt=adam lr=20 (x1e-4) wd clip sched warm tau adapt seed";

    /** {@code registry} plus {@code mlp} and {@code gru}. */
    public static ModelRegistry register(ModelRegistry registry) {
        return registry.with("mlp", MLP_SUMMARY, NeuralSpecs::mlpFactory).with("gru", GRU_SUMMARY, NeuralSpecs::gruFactory);
    }

    /** The {@code mlp} provider for a {@link ModelRegistry}. */
    public static PredictorFactory mlpFactory(Arguments args, ModelRegistry registry) {
        MlpConfig config = mlp(args);
        return ModelRegistry.factory(args.spec(), config.parameters(), config.memoryBytes(), config.operationsPerByte(),
                () -> new MlpPredictor(config));
    }

    /** The {@code gru} provider for a {@link ModelRegistry}. */
    public static PredictorFactory gruFactory(Arguments args, ModelRegistry registry) {
        GruConfig config = gru(args);
        return ModelRegistry.factory(args.spec(), config.parameters(), config.memoryBytes(), config.operationsPerByte(),
                () -> new GruPredictor(config));
    }

    /**
     * Builds the neural predictor a spec names ({@code mlp} or {@code gru}).
     *
     * @throws SpecSyntaxException if the spec names another model or has bad arguments
     */
    public static NeuralPredictor predictor(Spec spec) {
        return switch (spec.name()) {
            case "mlp" -> new MlpPredictor(mlp(spec));
            case "gru" -> new GruPredictor(gru(spec));
            default -> throw new SpecSyntaxException("'" + spec.name() + "' is not a neural model (mlp, gru)",
                    spec.toString(), spec.column());
        };
    }

    /** Whether {@code spec} names a neural model. */
    public static boolean isNeural(Spec spec) {
        return spec.name().equals("mlp") || spec.name().equals("gru");
    }

    /**
     * Whether two neural specs build networks with the same tensors (names and shapes), so that
     * weights trained with one can be loaded into the other; training knobs may differ.
     */
    public static boolean sameArchitecture(Spec a, Spec b) {
        if (!isNeural(a) || !a.name().equals(b.name())) {
            return false;
        }
        if (a.name().equals("mlp")) {
            MlpConfig x = mlp(a);
            MlpConfig y = mlp(b);
            return x.context() == y.context() && x.embed() == y.embed() && x.orderLow() == y.orderLow()
                    && x.orderHigh() == y.orderHigh() && x.words() == y.words()
                    && (x.hashedTables() == 0 || x.hashBits() == y.hashBits())
                    && x.width() == y.width() && x.depth() == y.depth();
        }
        GruConfig x = gru(a);
        GruConfig y = gru(b);
        return x.width() == y.width() && x.embed() == y.embed();
    }

    /** {@code spec} with {@code key=value} set (replacing an existing value, else appended). */
    public static Spec with(Spec spec, String key, long value) {
        return with(spec, key, new Spec.Number(value, spec.column()));
    }

    /** {@code spec} with {@code key=word} set (replacing an existing value, else appended). */
    public static Spec with(Spec spec, String key, String word) {
        return with(spec, key, new Spec.Word(word, spec.column()));
    }

    private static Spec with(Spec spec, String key, Spec.Value value) {
        List<Spec.Argument> arguments = new ArrayList<>();
        boolean replaced = false;
        List<String> keys = spec.name().equals("gru") ? GRU_KEYS : MLP_KEYS;
        int positional = 0;
        for (Spec.Argument argument : spec.arguments()) {
            String name = argument.key() != null ? argument.key()
                    : positional < keys.size() ? keys.get(positional++) : null;
            if (key.equals(name)) {
                arguments.add(new Spec.Argument(key, value));
                replaced = true;
            } else {
                arguments.add(new Spec.Argument(name, argument.value()));
            }
        }
        if (!replaced) {
            arguments.add(new Spec.Argument(key, value));
        }
        return new Spec(spec.name(), arguments, spec.column());
    }

    /** Whether the spec sets {@code key} by name. */
    public static boolean has(Spec spec, String key) {
        return spec.named(key).isPresent();
    }

    /** Reads a {@code gru(...)} spec. */
    public static GruConfig gru(Spec spec) {
        Arguments args = new Arguments(spec);
        GruConfig config = gru(args);
        args.finish();
        return config;
    }

    private static GruConfig gru(Arguments args) {
        Spec spec = args.spec();
        args.positional(GRU_KEYS.toArray(String[]::new));
        int width = (int) args.integer("width", 64, 1, 1024);
        int embed = (int) args.integer("embed", 16, 1, 256);
        int bptt = (int) args.integer("bptt", 16, 1, 256);
        double cutoff = args.integer("cut", 10, 0, 9_999) * UNIT;
        try {
            return new GruConfig(width, embed, bptt, cutoff, optimizer(spec, args, OptimizerConfig.Kind.ADAM),
                    adapt(args), args.integer("seed", 1, 0, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new SpecSyntaxException(e.getMessage(), spec.toString(), spec.column());
        }
    }

    /**
     * The spec with every knob written out, e.g. {@code mlp(width=32,ctx=4,...,seed=1)}: what
     * snapshots store, so that a snapshot means the same model after defaults change.
     */
    public static String canonical(Spec spec) {
        if (spec.name().equals("gru")) {
            GruConfig c = gru(spec);
            return String.format(java.util.Locale.ROOT, "gru(width=%d,embed=%d,bptt=%d,cut=%d,%s)", c.width(), c.embed(),
                    c.bptt(), units(c.outputCutoff()), training(c.optimizer(), c.adapt(), c.seed()));
        }
        MlpConfig c = mlp(spec);
        String orders = c.orders() == 0 ? "0" : c.orderLow() + ".." + c.orderHigh();
        return String.format(java.util.Locale.ROOT,
                "mlp(width=%d,ctx=%d,embed=%d,orders=%s,bits=%d,depth=%d,cut=%d,words=%d,%s)",
                c.width(), c.context(), c.embed(), orders, c.hashBits(), c.depth(), units(c.outputCutoff()), c.words(),
                training(c.optimizer(), c.adapt(), c.seed()));
    }

    private static String training(OptimizerConfig o, boolean adapt, long seed) {
        return String.format(java.util.Locale.ROOT, "opt=%s,lr=%d,wd=%d,clip=%d,sched=%s,warm=%d,tau=%d,adapt=%d,seed=%d",
                o.kind().word(), units(o.learningRate()), units(o.weightDecay()), units(o.clipNorm()),
                o.schedule().word(), o.warmupSteps(), o.decaySteps(), adapt ? 1 : 0, seed);
    }

    private static long units(double value) {
        return Math.round(value / UNIT);
    }

    /** Reads an {@code mlp(...)} spec. */
    public static MlpConfig mlp(Spec spec) {
        Arguments args = new Arguments(spec);
        MlpConfig config = mlp(args);
        args.finish();
        return config;
    }

    private static MlpConfig mlp(Arguments args) {
        Spec spec = args.spec();
        args.positional(MLP_KEYS.toArray(String[]::new));
        int width = (int) args.integer("width", 32, 1, 4096);
        int context = (int) args.integer("ctx", 4, 1, 16);
        int embed = (int) args.integer("embed", 16, 1, 256);
        int[] orders = orders(spec, args, 2, 4);
        int bits = (int) args.integer("bits", 10, 4, 24);
        int depth = (int) args.integer("depth", 1, 1, 8);
        double cutoff = args.integer("cut", 10, 0, 9_999) * UNIT;
        int words = (int) args.integer("words", 2, 0, 2);
        try {
            return new MlpConfig(context, embed, orders[0], orders[1], bits, words, width, depth, cutoff,
                    optimizer(spec, args, OptimizerConfig.Kind.ADAGRAD),
                    adapt(args), args.integer("seed", 1, 0, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new SpecSyntaxException(e.getMessage(), spec.toString(), spec.column());
        }
    }

    /** {@code orders=a..b}, {@code orders=n} or {@code orders=0} (none). */
    private static int[] orders(Spec spec, Arguments args, int defaultLow, int defaultHigh) {
        Spec.Value value = args.value("orders");
        if (value == null) {
            return new int[] {defaultLow, defaultHigh};
        }
        long low;
        long high;
        if (value instanceof Spec.Range range) {
            low = range.from();
            high = range.to();
        } else if (value instanceof Spec.Number number) {
            low = number.value();
            high = number.value();
        } else {
            throw new SpecSyntaxException("'orders' must be a range like 2..4, one order, or 0", spec.toString(),
                    value.column());
        }
        if (low == 0 && high == 0) {
            return new int[] {0, 0};
        }
        if (low < 1 || high > 8) {
            throw new SpecSyntaxException("'orders' = " + value + " outside 1..8", spec.toString(), value.column());
        }
        return new int[] {(int) low, (int) high};
    }

    /** Reads the optimizer knobs. */
    static OptimizerConfig optimizer(Spec spec, Arguments args, OptimizerConfig.Kind defaultKind) {
        Set<String> kinds = new LinkedHashSet<>();
        for (OptimizerConfig.Kind kind : OptimizerConfig.Kind.values()) {
            kinds.add(kind.word());
        }
        OptimizerConfig.Kind kind = OptimizerConfig.Kind.valueOf(
                args.word("opt", defaultKind.word(), kinds).toUpperCase(java.util.Locale.ROOT));
        Set<String> schedules = new LinkedHashSet<>();
        for (OptimizerConfig.Schedule schedule : OptimizerConfig.Schedule.values()) {
            schedules.add(schedule.word());
        }
        OptimizerConfig.Schedule schedule = OptimizerConfig.Schedule.valueOf(
                args.word("sched", "const", schedules).toUpperCase(java.util.Locale.ROOT));
        long defaultRate = Math.round(kind.defaultLearningRate() / UNIT);
        double rate = args.integer("lr", defaultRate, 1, 100_000) * UNIT;
        double decay = args.integer("wd", 0, 0, 9_999) * UNIT;
        double clip = args.integer("clip", 0, 0, 100_000_000) * UNIT;
        long warm = args.integer("warm", 0, 0, Long.MAX_VALUE / 2);
        long tau = args.integer("tau", schedule == OptimizerConfig.Schedule.CONST ? 0 : 1_000_000, 0, Long.MAX_VALUE / 2);
        return new OptimizerConfig(kind, rate, decay, clip, schedule, warm, tau);
    }

    static boolean adapt(Arguments args) {
        return args.integer("adapt", 1, 0, 1) == 1;
    }
}

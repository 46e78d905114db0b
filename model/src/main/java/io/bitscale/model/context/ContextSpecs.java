package io.bitscale.model.context;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.mix.ByteHistory;
import io.bitscale.model.mix.Component;
import io.bitscale.model.mix.MixtureFactory;
import io.bitscale.model.spec.Arguments;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.spec.Spec;

import java.util.TreeSet;
import java.util.function.Function;

/**
 * The specs of the context models, read through {@link Arguments} (every knob checked, unknown
 * or unread knobs are errors). See {@code docs/specs.md}.
 *
 * <ul>
 *   <li>{@code order0}, {@code order1}, {@code order2}: direct tables, {@code limit=1..1023};</li>
 *   <li>{@code order(K | A..B, ..., bits=22)}: hashed order-k contexts with bit histories;</li>
 *   <li>{@code match(bits=22)}, {@code word(bits=20)}, {@code sparse(bits=20)}.</li>
 * </ul>
 */
public final class ContextSpecs {

    private ContextSpecs() {
    }

    /** {@code registry} plus the context models. */
    public static ModelRegistry register(ModelRegistry registry) {
        return registry
                .with("order0", "adaptive order-0 bit model (255 counters); limit=1..1023 (default 1023)",
                        (args, models) -> direct(args, 0))
                .with("order1", "order-1 direct context model (65K counters); limit=1..1023 (default 1023)",
                        (args, models) -> direct(args, 1))
                .with("order2", "order-2 direct context model (16.7M counters, rows on first use); limit=1..1023 (default 1023)",
                        (args, models) -> direct(args, 2))
                .with("order", "order(1..6,bits=22): hashed order-k contexts (k = 0..24) with bit histories, table of 2^bits bytes",
                        (args, models) -> order(args))
                .with("match", "match(bits=22): predicts the byte after the longest recent match; 2^bits bytes of history",
                        (args, models) -> match(args))
                .with("word", "word(bits=20): contexts over the current and previous words, for text",
                        (args, models) -> word(args))
                .with("sparse", "sparse(bits=20): contexts that skip bytes, for binary records",
                        (args, models) -> sparse(args));
    }

    private static PredictorFactory direct(Arguments args, int order) {
        int limit = (int) args.positional("limit").integer("limit", 1023, 1, 1023);
        // Per bit: one counter read, a clamp, one update.
        return ModelRegistry.factory(args.spec(), DirectOrderModel.parameters(order), DirectOrderModel.memoryBytes(order),
                8 * 6, () -> new DirectOrderModel(order, limit));
    }

    /** {@code order(K | A..B, ..., bits=22)}: hashed order-k contexts in one table of 2^bits bytes. */
    private static PredictorFactory order(Arguments args) {
        int bits = (int) args.integer("bits", 22, 12, 28);
        TreeSet<Integer> orders = new TreeSet<>();
        for (Spec.Value value : args.positionalValues()) {
            long from;
            long to;
            if (value instanceof Spec.Number number) {
                from = number.value();
                to = from;
            } else if (value instanceof Spec.Range range) {
                from = range.from();
                to = range.to();
            } else {
                throw args.error("order(...) takes orders such as 3 or 1..6", value);
            }
            if (from < 0 || to > OrderModel.MAX_ORDER) {
                throw args.error("orders must be within 0.." + OrderModel.MAX_ORDER, value);
            }
            for (long k = from; k <= to; k++) {
                if (!orders.add((int) k)) {
                    throw args.error("order " + k + " given twice", value);
                }
            }
        }
        if (orders.isEmpty()) {
            throw args.error("order(...) needs at least one order, e.g. order(1..6)");
        }
        int[] list = orders.stream().mapToInt(Integer::intValue).toArray();
        int slotBits = bits - 4;
        String name = args.spec().toString();
        return MixtureFactory.single(name, new Component.Factory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long operationsPerByte() {
                // Per order: a hash per byte and nibble, then per bit a slot lookup, a state-map
                // read and update, and the inputs' stretch.
                return list.length * (8L * 24 + 40);
            }

            @Override
            public int inputCount() {
                return OrderModel.inputCount(list);
            }

            @Override
            public long parameters() {
                return OrderModel.parameters(list, slotBits);
            }

            @Override
            public long memoryBytes() {
                return OrderModel.memoryBytes(list, slotBits);
            }

            @Override
            public Component create(ByteHistory history) {
                return new OrderModel(history, list, slotBits);
            }
        });
    }

    private static PredictorFactory word(Arguments args) {
        int slotBits = bits(args, 20) - 4;
        return hashed(args, WordModel.CONTEXTS, slotBits, history -> new WordModel(history, slotBits));
    }

    private static PredictorFactory sparse(Arguments args) {
        int slotBits = bits(args, 20) - 4;
        return hashed(args, SparseModel.CONTEXTS, slotBits, history -> new SparseModel(history, slotBits));
    }

    /** {@code match(bits=22)}: 2^bits bytes of history and 2^bits bytes of positions. */
    private static PredictorFactory match(Arguments args) {
        int bits = bits(args, 22);
        int hashBits = bits - 2;
        String name = args.spec().toString();
        return MixtureFactory.single(name, new Component.Factory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long operationsPerByte() {
                return 8L * 12 + 30;
            }

            @Override
            public int inputCount() {
                return 2;
            }

            @Override
            public long parameters() {
                return MatchModel.learnedCells();
            }

            @Override
            public long memoryBytes() {
                return MatchModel.memoryBytes(bits, hashBits);
            }

            @Override
            public Component create(ByteHistory history) {
                return new MatchModel(history, bits, hashBits);
            }
        });
    }

    private static int bits(Arguments args, int defaultBits) {
        return (int) args.positional("bits").integer("bits", defaultBits, 12, 28);
    }

    private static PredictorFactory hashed(Arguments args, int contexts, int slotBits,
                                           Function<ByteHistory, Component> constructor) {
        String name = args.spec().toString();
        return MixtureFactory.single(name, new Component.Factory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long operationsPerByte() {
                return contexts * (8L * 24 + 40);
            }

            @Override
            public int inputCount() {
                return HashedContextModel.INPUTS_PER_CONTEXT * contexts;
            }

            @Override
            public long parameters() {
                return HashedContextModel.parameters(contexts, slotBits);
            }

            @Override
            public long memoryBytes() {
                return HashedContextModel.memoryBytes(contexts, slotBits);
            }

            @Override
            public Component create(ByteHistory history) {
                return constructor.apply(history);
            }
        });
    }
}

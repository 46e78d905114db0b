package io.bitscale.model;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.context.HashedContextModel;
import io.bitscale.model.context.MatchModel;
import io.bitscale.model.context.OrderModel;
import io.bitscale.model.context.SparseModel;
import io.bitscale.model.context.WordModel;
import io.bitscale.model.mix.ByteHistory;
import io.bitscale.model.mix.Component;
import io.bitscale.model.mix.Mixture;
import io.bitscale.model.mix.MixtureFactory;
import io.bitscale.model.spec.Spec;
import io.bitscale.model.spec.SpecSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Providers for the context-mixing specs: {@code order}, {@code match}, {@code word},
 * {@code sparse} and {@code mix}. See {@code docs/specs.md}.
 */
final class MixingSpecs {

    private MixingSpecs() {
    }

    /** {@code order(K | A..B, ..., bits=22)}: hashed order-k contexts in one table of 2^bits bytes. */
    static PredictorFactory order(Spec spec, ModelRegistry registry) {
        TreeSet<Integer> orders = new TreeSet<>();
        int bits = 22;
        for (Spec.Argument argument : spec.arguments()) {
            Spec.Value value = argument.value();
            if (argument.key() == null) {
                long from;
                long to;
                if (value instanceof Spec.Number number) {
                    from = number.value();
                    to = from;
                } else if (value instanceof Spec.Range range) {
                    from = range.from();
                    to = range.to();
                } else {
                    throw error(spec, "order(...) takes orders such as 3 or 1..6", value);
                }
                if (from < 0 || to > OrderModel.MAX_ORDER) {
                    throw error(spec, "orders must be within 0.." + OrderModel.MAX_ORDER, value);
                }
                for (long k = from; k <= to; k++) {
                    if (!orders.add((int) k)) {
                        throw error(spec, "order " + k + " given twice", value);
                    }
                }
            } else if (argument.key().equals("bits")) {
                bits = bits(spec, value, 12, 28);
            } else {
                throw error(spec, "model 'order' has no argument '" + argument.key() + "' (it takes orders and bits)", value);
            }
        }
        if (orders.isEmpty()) {
            throw new SpecSyntaxException("order(...) needs at least one order, e.g. order(1..6)", spec.toString(),
                    spec.column());
        }
        int[] list = orders.stream().mapToInt(Integer::intValue).toArray();
        int slotBits = bits - 4;
        return MixtureFactory.single(spec.toString(), new Component.Factory() {
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

    /** {@code word(bits=20)}. */
    static PredictorFactory word(Spec spec, ModelRegistry registry) {
        int slotBits = onlyBits(spec, 20) - 4;
        return hashed(spec, WordModel.CONTEXTS, slotBits, history -> new WordModel(history, slotBits));
    }

    /** {@code sparse(bits=20)}. */
    static PredictorFactory sparse(Spec spec, ModelRegistry registry) {
        int slotBits = onlyBits(spec, 20) - 4;
        return hashed(spec, SparseModel.CONTEXTS, slotBits, history -> new SparseModel(history, slotBits));
    }

    /** {@code match(bits=22)}: 2^bits bytes of history and 2^bits bytes of positions. */
    static PredictorFactory match(Spec spec, ModelRegistry registry) {
        int bits = onlyBits(spec, 22);
        int hashBits = bits - 2;
        return MixtureFactory.single(spec.toString(), new Component.Factory() {
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

    /** {@code mix(MODEL, ..., mixer=logistic|linear, sse=on|off|0..3, rate=6, gates=3)}. */
    static PredictorFactory mix(Spec spec, ModelRegistry registry) {
        List<PredictorFactory> models = new ArrayList<>();
        boolean logistic = true;
        int sse = Mixture.Options.DEFAULT.sse();
        int rate = Mixture.Options.DEFAULT.rate();
        int gates = Mixture.Options.DEFAULT.gates();
        for (Spec.Argument argument : spec.arguments()) {
            Spec.Value value = argument.value();
            String key = argument.key();
            if (key == null) {
                if (value instanceof Spec.Nested nested) {
                    models.add(registry.build(nested.spec()));
                } else if (value instanceof Spec.Word word) {
                    models.add(registry.build(new Spec(word.word(), List.of(), word.column())));
                } else {
                    throw error(spec, "mix(...) takes models, e.g. mix(order(1..4),match)", value);
                }
            } else if (key.equals("mixer")) {
                logistic = choice(spec, value, Set.of("logistic", "linear")).equals("logistic");
            } else if (key.equals("sse")) {
                if (value instanceof Spec.Number) {
                    sse = number(spec, value, 0, 3);
                } else {
                    sse = choice(spec, value, Set.of("on", "off")).equals("on") ? 3 : 0;
                }
            } else if (key.equals("rate")) {
                rate = number(spec, value, 1, 64);
            } else if (key.equals("gates")) {
                gates = number(spec, value, 1, 3);
            } else {
                throw error(spec, "model 'mix' has no argument '" + key + "' (it takes models, mixer, sse, rate, gates)", value);
            }
        }
        if (models.isEmpty()) {
            throw new SpecSyntaxException("mix(...) needs at least one model", spec.toString(), spec.column());
        }
        return MixtureFactory.of(spec.toString(), models, new Mixture.Options(logistic, sse, rate, gates));
    }

    private static PredictorFactory hashed(Spec spec, int contexts, int slotBits,
                                           Function<ByteHistory, Component> constructor) {
        return MixtureFactory.single(spec.toString(), new Component.Factory() {
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

    private static int onlyBits(Spec spec, int defaultBits) {
        int bits = defaultBits;
        int positional = 0;
        for (Spec.Argument argument : spec.arguments()) {
            if ((argument.key() == null && positional++ == 0) || "bits".equals(argument.key())) {
                bits = bits(spec, argument.value(), 12, 28);
            } else {
                throw error(spec, "model '" + spec.name() + "' takes only bits=N", argument.value());
            }
        }
        return bits;
    }

    private static int bits(Spec spec, Spec.Value value, int min, int max) {
        return number(spec, value, min, max);
    }

    private static int number(Spec spec, Spec.Value value, int min, int max) {
        if (!(value instanceof Spec.Number number)) {
            throw error(spec, "expected a number", value);
        }
        if (number.value() < min || number.value() > max) {
            throw error(spec, "value " + number.value() + " outside " + min + ".." + max, value);
        }
        return (int) number.value();
    }

    private static String choice(Spec spec, Spec.Value value, Set<String> allowed) {
        if (!(value instanceof Spec.Word word) || !allowed.contains(word.word())) {
            throw error(spec, "expected one of " + new TreeSet<>(allowed), value);
        }
        return word.word();
    }

    private static SpecSyntaxException error(Spec spec, String message, Spec.Value value) {
        return new SpecSyntaxException(message, spec.toString(), value.column());
    }
}

package io.bitscale.core.testing;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Cdf;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.Probability;
import io.bitscale.core.model.SymbolBits;
import io.bitscale.core.model.SymbolPredictor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Small predictors for core tests, which cannot see the model module: a fixed probability, an
 * adaptive order-0 bit model, an adaptive order-0 byte distribution, and factories around them
 * (with a snapshot digest, with a creation counter) plus a resolver over any set of factories.
 *
 * <pre>{@code
 * PredictorFactory model = TestModels.order0Bits();
 * ModelResolver resolver = TestModels.resolver(model);
 * }</pre>
 */
public final class TestModels {

    private TestModels() {
    }

    /** A factory from a spec, sizes and a constructor. */
    public static PredictorFactory factory(String spec, long parameters, long memoryBytes,
                                           Supplier<? extends Predictor> constructor) {
        return new PredictorFactory() {
            @Override
            public String spec() {
                return spec;
            }

            @Override
            public long parameters() {
                return parameters;
            }

            @Override
            public long memoryBytes() {
                return memoryBytes;
            }

            @Override
            public Predictor create() {
                return constructor.get();
            }

            @Override
            public String toString() {
                return spec;
            }
        };
    }

    /** Every bit has {@code P(1) = p1 / 2^16}, whatever came before. */
    public static PredictorFactory fixed(int p1) {
        return factory("test-fixed(" + p1 + ")", 0, 16, () -> new FixedBits(p1));
    }

    /** The adaptive order-0 bit model of the {@link BitPredictor} Javadoc (shift-4 counters). */
    public static PredictorFactory order0Bits() {
        return factory("test-order0", 255, 256 * 4 + 32, Order0Bits::new);
    }

    /** Adaptive order-0 byte counts as a 256-way distribution of total 2^16 (via {@link Cdf}). */
    public static PredictorFactory order0Symbols() {
        return factory("test-counts0", 256, 256 * 8 + 257 * 4 + 64, Order0Symbols::new);
    }

    /** {@link #order0Symbols()} decomposed into bits by {@link SymbolBits}. */
    public static PredictorFactory order0SymbolBits() {
        return factory("test-bits(test-counts0)", 256, 256 * 8 + 257 * 4 + 64 + 32,
                () -> new SymbolBits(new Order0Symbols()));
    }

    /** {@code factory} with another snapshot digest (32 bytes, or null). */
    public static PredictorFactory withSnapshot(PredictorFactory factory, byte[] sha256) {
        return new PredictorFactory() {
            @Override
            public String spec() {
                return factory.spec();
            }

            @Override
            public long parameters() {
                return factory.parameters();
            }

            @Override
            public long memoryBytes() {
                return factory.memoryBytes();
            }

            @Override
            public Predictor create() {
                return factory.create();
            }

            @Override
            public byte[] snapshotSha256() {
                return sha256 == null ? null : sha256.clone();
            }
        };
    }

    /** {@code factory} declaring {@code memoryBytes}, counting its {@code create()} calls. */
    public static PredictorFactory counting(PredictorFactory factory, long memoryBytes, AtomicInteger creations) {
        return factory(factory.spec(), factory.parameters(), memoryBytes, () -> {
            creations.incrementAndGet();
            return factory.create();
        });
    }

    /** Resolves exactly the specs of the given factories; anything else is rejected. */
    public static ModelResolver resolver(PredictorFactory... factories) {
        Map<String, PredictorFactory> bySpec = new LinkedHashMap<>();
        for (PredictorFactory factory : factories) {
            bySpec.put(factory.spec(), factory);
        }
        return spec -> {
            PredictorFactory factory = bySpec.get(spec);
            if (factory == null) {
                throw new IllegalArgumentException("unknown test model '" + spec + "', known: " + bySpec.keySet());
            }
            return factory;
        };
    }

    /** A constant-probability bit predictor. */
    public static final class FixedBits implements BitPredictor {
        private final int p1;

        /** @param p1 P(1) · 2^16 returned for every bit */
        public FixedBits(int p1) {
            this.p1 = p1;
        }

        @Override
        public int p1() {
            return p1;
        }

        @Override
        public void update(int bit) {
        }

        @Override
        public long parameters() {
            return 0;
        }

        @Override
        public long memoryBytes() {
            return 16;
        }
    }

    /** Order-0 bit model: one shift-4 counter per partial byte. */
    public static final class Order0Bits implements BitPredictor {
        private final int[] probabilities = new int[256];
        private int node = 1;

        /** All counters at one half. */
        public Order0Bits() {
            Arrays.fill(probabilities, Probability.HALF);
        }

        @Override
        public int p1() {
            return Probability.clamp(probabilities[node]);
        }

        @Override
        public void update(int bit) {
            probabilities[node] += ((bit << 16) - probabilities[node]) >> 4;
            node = node < 128 ? (node << 1) | bit : 1;
        }

        @Override
        public long parameters() {
            return 255;
        }

        @Override
        public long memoryBytes() {
            return 256 * 4 + 32;
        }
    }

    /** Order-0 byte counts scaled to a total of 2^16 by {@link Cdf#fromFrequencies}. */
    public static final class Order0Symbols implements SymbolPredictor {
        private final long[] counts = new long[256];
        private final int[] cdf = new int[257];

        @Override
        public int[] cdf() {
            Cdf.fromFrequencies(counts, 256, 1 << 16, cdf);
            return cdf;
        }

        @Override
        public void update(int symbol) {
            counts[symbol] += 32;
        }

        @Override
        public long parameters() {
            return 256;
        }

        @Override
        public long memoryBytes() {
            return 256 * 8 + 257 * 4 + 64;
        }
    }
}

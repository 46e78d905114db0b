package io.bitscale.model;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.testing.PredictorContract;
import org.junit.jupiter.api.Nested;

/**
 * The round-trip contract for every shipped model family and every preset, decoded through the
 * standard registry as a real reader would ({@code Models.registry()} rebuilds the model from the
 * header's spec): exact round trips on the edge cases, payload within 0.01% + 64 bits of the
 * ideal code length. Slow models (presets, neural) run the long cases on fewer bytes.
 */
class ModelContractTest {

    abstract static class ShippedModel extends PredictorContract {
        abstract String spec();

        @Override
        protected PredictorFactory factory() {
            return Models.factory(spec());
        }

        @Override
        protected ModelResolver resolver() {
            return Models.registry();
        }
    }

    @Nested
    class Order0 extends ShippedModel {
        @Override
        String spec() {
            return "order0";
        }
    }

    @Nested
    class Order1 extends ShippedModel {
        @Override
        String spec() {
            return "order1";
        }
    }

    @Nested
    class Order2 extends ShippedModel {
        @Override
        String spec() {
            return "order2";
        }
    }

    @Nested
    class Order2FastAdapting extends ShippedModel {
        @Override
        String spec() {
            return "order2(limit=30)";
        }
    }

    @Nested
    class Kt0 extends ShippedModel {
        @Override
        String spec() {
            return "kt0";
        }
    }

    @Nested
    class Kt1 extends ShippedModel {
        @Override
        String spec() {
            return "kt1";
        }
    }

    @Nested
    class BitsOfKt0 extends ShippedModel {
        @Override
        String spec() {
            return "bits(kt0)";
        }
    }

    @Nested
    class BitsOfKt1 extends ShippedModel {
        @Override
        String spec() {
            return "bits(kt1)";
        }
    }

    @Nested
    class HashedOrders extends ShippedModel {
        @Override
        String spec() {
            return "order(1..4,bits=16)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class Match extends ShippedModel {
        @Override
        String spec() {
            return "match(bits=16)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class Word extends ShippedModel {
        @Override
        String spec() {
            return "word(bits=16)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class Sparse extends ShippedModel {
        @Override
        String spec() {
            return "sparse(bits=16)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class LogisticMix extends ShippedModel {
        @Override
        String spec() {
            return "mix(order(1..2,bits=16),match(bits=16),word(bits=16))";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class LinearMixWithoutSse extends ShippedModel {
        @Override
        String spec() {
            return "mix(order(1..2,bits=16),match(bits=16),mixer=linear,sse=off)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class PpmD extends ShippedModel {
        @Override
        String spec() {
            return "ppm(n=4,mem=18)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class PpmC extends ShippedModel {
        @Override
        String spec() {
            return "ppm(n=3,smoother=ppmc,mem=18)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class KneserNey extends ShippedModel {
        @Override
        String spec() {
            return "ppm(n=4,smoother=kn,mem=18)";
        }

        @Override
        protected int longLength() {
            return 30_000;
        }
    }

    @Nested
    class Mlp extends ShippedModel {
        @Override
        String spec() {
            return "mlp(width=16,ctx=2,embed=8,bits=8)";
        }

        @Override
        protected int longLength() {
            return 6000;
        }
    }

    @Nested
    class Gru extends ShippedModel {
        @Override
        String spec() {
            return "gru(width=16,embed=8,bptt=8)";
        }

        @Override
        protected int longLength() {
            return 4000;
        }
    }

    @Nested
    class BitsOfMlpInAMix extends ShippedModel {
        @Override
        String spec() {
            return "mix(order(1..2,bits=16),bits(mlp(width=8,ctx=2,embed=4,orders=0,words=0)))";
        }

        @Override
        protected int longLength() {
            return 4000;
        }
    }

    @Nested
    class CmEngine extends ShippedModel {
        @Override
        String spec() {
            // Every kind of context and input the engine has, with small tables.
            return "cm(orders=12357,words=2,sparse=3,column=1,record=2,direct=2,match=6,bits=20,mbits=18,mixers=413,apm=2)";
        }

        @Override
        protected int longLength() {
            return 20000;
        }
    }

    @Nested
    class FastPreset extends ShippedModel {
        @Override
        String spec() {
            return "fast";
        }

        @Override
        protected int longLength() {
            return 20000;
        }
    }

    @Nested
    class DefaultPreset extends ShippedModel {
        @Override
        String spec() {
            return "default";
        }

        @Override
        protected int longLength() {
            return 20000;
        }
    }

    @Nested
    class StrongPreset extends ShippedModel {
        @Override
        String spec() {
            return "strong";
        }

        @Override
        protected int longLength() {
            return 10000;
        }
    }

    @Nested
    class MaxPreset extends ShippedModel {
        @Override
        String spec() {
            return "max";
        }

        @Override
        protected int longLength() {
            return 3000;
        }
    }
}

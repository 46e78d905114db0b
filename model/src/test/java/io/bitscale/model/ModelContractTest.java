package io.bitscale.model;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.testing.PredictorContract;
import org.junit.jupiter.api.Nested;

/**
 * The round-trip contract for every shipped model, decoded through the standard registry as a
 * real reader would ({@code Models.registry()} rebuilds the model from the header's spec).
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
}

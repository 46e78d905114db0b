/**
 * bitscale-model: the predictors (counters, order-k context models, PPM/Kneser-Ney, neural
 * networks, mixing) and the spec grammar and registry that name them. Depends on bitscale-core only.
 */
module io.bitscale.model {
    requires transitive io.bitscale.core;

    exports io.bitscale.model;
    exports io.bitscale.model.spec;
    exports io.bitscale.model.counter;
    exports io.bitscale.model.context;
    exports io.bitscale.model.frequency;
    exports io.bitscale.model.mix;
    exports io.bitscale.model.cm;
    exports io.bitscale.model.ngram;
    exports io.bitscale.model.neural;
    exports io.bitscale.model.neural.tensor;

    uses io.bitscale.model.spec.ModelProvider;
}

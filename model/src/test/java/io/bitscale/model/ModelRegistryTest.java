package io.bitscale.model;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.core.testing.TestModels;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.spec.Spec;
import io.bitscale.model.spec.SpecSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Names to models: canonical specs, sizes known before building, errors with columns and suggestions. */
class ModelRegistryTest {

    private static SpecSyntaxException specError(String spec) {
        SpecSyntaxException error = catchThrowableOfType(SpecSyntaxException.class, () -> Models.factory(spec));
        assertThat(error).as("'%s' must be refused", spec).isNotNull();
        return error;
    }

    @Test
    void unknownModelPointsAtItsNameAndSuggestsTheClosest() {
        SpecSyntaxException ordr = specError("ordr");
        assertThat(ordr.column()).isEqualTo(1);
        assertThat(ordr).hasMessageContaining("unknown model 'ordr'").hasMessageContaining("did you mean 'order'?");
        assertThat(specError("ordre2")).hasMessageContaining("did you mean 'order2'?");
        assertThat(specError("kt2")).hasMessageContaining("did you mean 'kt0'?");
        SpecSyntaxException nested = specError("bits(kt9)");
        assertThat(nested.column()).as("the nested name").isEqualTo(6);
        assertThat(nested).hasMessageContaining("unknown model 'kt9'");
        SpecSyntaxException far = specError("lstm");
        assertThat(far).hasMessageContaining("unknown model 'lstm'").hasMessageNotContaining("did you mean");
    }

    @Test
    void unknownArgumentPointsAtItsValue() {
        SpecSyntaxException typo = specError("order2(limt=3)");
        assertThat(typo.column()).isEqualTo(13);
        assertThat(typo).hasMessageContaining("no argument 'limt'").hasMessageContaining("[limit]");
        SpecSyntaxException range = specError("order2(limit=2000)");
        assertThat(range.column()).isEqualTo(14);
        assertThat(range).hasMessageContaining("outside 1..1023");
        assertThat(specError("order1(limit=1k)")).hasMessageContaining("1024 outside");
        assertThat(specError("order0(limit=0)").column()).isEqualTo(14);
        assertThat(specError("kt0(3)").column()).isEqualTo(5);
        assertThat(specError("bits()")).hasMessageContaining("needs a model");
        assertThat(specError("bits(3)")).hasMessageContaining("must be a model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order0", "order1", "order2", "kt0", "kt1", "bits(kt0)", "order2(limit=30)",
            "order1(255)", "bits(model=kt1)"})
    void factoriesStateTheSizeOfTheirInstancesAndKeepTheirSpec(String spec) {
        PredictorFactory factory = Models.factory(spec);
        assertThat(factory.spec()).isEqualTo(Spec.parse(spec).toString());
        assertThat(Models.registry().resolve(factory.spec()).spec()).isEqualTo(factory.spec());
        var predictor = factory.create();
        assertThat(predictor.parameters()).isEqualTo(factory.parameters()).isPositive();
        assertThat(predictor.memoryBytes()).isEqualTo(factory.memoryBytes()).isPositive();
        assertThat(factory.snapshotSha256()).isNull();
    }

    @Test
    void sizesGrowWithOrder() {
        assertThat(Models.factory("order0").parameters()).isEqualTo(255);
        assertThat(Models.factory("order1").parameters()).isEqualTo(255 * 256);
        assertThat(Models.factory("order2").parameters()).isEqualTo(255 * 65536);
        assertThat(Models.factory("order2").memoryBytes()).isGreaterThan(64L << 20);
        assertThat(Models.factory("kt0").parameters()).isEqualTo(256);
        assertThat(Models.factory("kt1").parameters()).isEqualTo(65536);
        assertThat(Models.factory("bits(kt1)").parameters()).isEqualTo(65536);
    }

    @Test
    void predictorKindsMatchTheirCoder() {
        assertThat(Models.factory("order1").create()).isInstanceOf(BitPredictor.class);
        assertThat(Models.factory("kt1").create()).isInstanceOf(SymbolPredictor.class);
        assertThat(Models.factory("bits(kt1)").create()).isInstanceOf(BitPredictor.class);
        assertThat(Models.factory("bits(order1)").create()).as("a bit model passes through").isInstanceOf(BitPredictor.class);
    }

    @Test
    void registryIsImmutableAndExtensible() {
        ModelRegistry base = Models.registry();
        ModelRegistry extended = base.with("mine", "a test model",
                (args, registry) -> TestModels.order0Bits());
        assertThat(extended.factory("mine").spec()).isEqualTo("test-order0");
        assertThat(extended.factory("bits(kt0)").spec()).isEqualTo("bits(kt0)");
        assertThatThrownBy(() -> base.factory("mine")).isInstanceOf(SpecSyntaxException.class);
        assertThat(extended.entries()).hasSize(base.entries().size() + 1);
        assertThat(base.entries()).extracting(ModelRegistry.Entry::name)
                .startsWith("order0", "order1", "order2")
                .contains("kt0", "kt1", "bits", "order", "match", "word", "mix", "ppm", "fast", "default", "strong",
                        "max", "mlp", "gru");
        assertThatThrownBy(() -> base.with("9lives", "bad", (args, registry) -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Models.factory(Models.DEFAULT_SPEC).spec()).isEqualTo("default");
    }

    @Test
    void anArgumentTheModelNeverReadsIsAnErrorForCustomModelsToo() {
        ModelRegistry extended = Models.registry().with("mine", "reads rate only", (args, registry) -> {
            args.integer("rate", 4, 1, 16);
            return TestModels.order0Bits();
        });
        assertThat(extended.factory("mine(rate=5)").spec()).isEqualTo("test-order0");
        assertThatThrownBy(() -> extended.factory("mine(rate=5,rat=3)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("has no argument 'rat'").hasMessageContaining("[rate]");
        assertThatThrownBy(() -> extended.factory("mine(5)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("'5' is not used");
        // A model that reads nothing takes nothing.
        ModelRegistry silent = Models.registry().with("plain", "no knobs", (args, registry) -> TestModels.order0Bits());
        assertThatThrownBy(() -> silent.factory("plain(x=1)")).isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining("has no argument 'x'");
    }

    @Test
    void everyStandardModelRefusesAnUnknownKnob() {
        for (ModelRegistry.Entry entry : Models.registry().entries()) {
            String spec = entry.name().equals("bits") ? "bits(kt0,bogus=1)"
                    : entry.name().equals("mix") ? "mix(order2,bogus=1)"
                    : entry.name().equals("order") ? "order(2,bogus=1)"
                    : entry.name() + "(bogus=1)";
            assertThatThrownBy(() -> Models.factory(spec)).as(spec).isInstanceOf(SpecSyntaxException.class)
                    .hasMessageContaining("bogus");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"order0", "order2", "kt1", "bits(kt0)", "order(1..4,bits=16)", "match(bits=16)",
            "mix(order0)", "mix(order(1..3,bits=16),word(bits=16),sse=3,gates=2)", "ppm(n=4,mem=16)", "mlp", "gru",
            "fast", "default", "strong", "max"})
    void everyShippedModelStatesItsWorkAndPartsThatAddUp(String spec) {
        PredictorFactory factory = Models.factory(spec);
        assertThat(factory.operationsPerByte()).as("work of %s", spec).isPositive();
        assertThat(factory.parts()).isNotEmpty();
        assertThat(factory.parts().stream().mapToLong(io.bitscale.core.model.ModelPart::parameters).sum())
                .as("parameters of the parts of %s", spec).isEqualTo(factory.parameters());
        assertThat(factory.parts().stream().mapToLong(io.bitscale.core.model.ModelPart::memoryBytes).sum())
                .as("memory of the parts of %s", spec).isEqualTo(factory.memoryBytes());
        assertThat(factory.parts().stream().mapToLong(io.bitscale.core.model.ModelPart::operationsPerByte).sum())
                .as("work of the parts of %s", spec).isEqualTo(factory.operationsPerByte());
    }

    @org.junit.jupiter.api.Test
    void aSmallMixtureShowsThatItsSizeIsMostlySse() {
        PredictorFactory factory = Models.factory("mix(order0)");
        var parts = factory.parts();
        assertThat(parts).extracting(io.bitscale.core.model.ModelPart::name).containsExactly("order0", "mixer", "sse");
        assertThat(parts.get(2).parameters()).isGreaterThan(parts.get(0).parameters() * 10);
    }
}

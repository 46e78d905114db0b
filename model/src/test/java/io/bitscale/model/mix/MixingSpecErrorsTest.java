package io.bitscale.model.mix;

import io.bitscale.model.Models;
import io.bitscale.model.spec.SpecSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spec errors name the problem and its column. */
class MixingSpecErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mix(ordr(2))|5|unknown model 'ordr' (did you mean 'order'?)",
            "mix(order(1..6),mtch)|17|unknown model 'mtch'",
            "order(1..30)|7|orders must be within 0..24",
            "order(2,2)|9|order 2 given twice",
            "order(bits=40)|12|outside 12..28",
            "order()|1|needs at least one order",
            "order(1,size=3)|14|has no argument 'size'",
            "match(bits=5)|12|outside 12..28",
            "mix(order(1),mixer=cubic)|20|'mixer' must be one of [linear, logistic]",
            "mix(order(1),sse=maybe)|18|'sse' must be one of [off, on]",
            "mix(order(1),gates=4)|20|outside 1..3",
            "mix(3)|5|mix(...) takes models",
            "mix()|1|needs at least one model",
            "fast(bits=3)|11|model 'fast' has no argument 'bits' (it takes [size])",
            "ppm(n=40)|7|outside 1..16",
            "ppm(smoother=good)|14|must be one of"})
    void errorsNameTheColumn(String spec, int column, String message) {
        assertThatThrownBy(() -> Models.factory(spec))
                .isInstanceOf(SpecSyntaxException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("at column " + column)
                .satisfies(e -> assertThat(((SpecSyntaxException) e).column()).isEqualTo(column));
    }

    @Test
    void presetsAreStoredByName() {
        assertThat(Models.factory("default").spec()).isEqualTo("default");
        assertThat(Models.factory("fast").spec()).isEqualTo("fast");
        assertThat(Models.factory("strong").spec()).isEqualTo("strong");
        assertThat(Models.factory("max").spec()).isEqualTo("max");
        assertThat(Models.factory("default").memoryBytes())
                .isEqualTo(Models.factory(Models.PRESETS.get("default")).memoryBytes());
    }

    @Test
    void canonicalSpecHasNoSpaces() {
        assertThat(Models.factory("mix( order(1..3, bits=16) , match(bits=12) )").spec())
                .isEqualTo("mix(order(1..3,bits=16),match(bits=12))");
    }
}

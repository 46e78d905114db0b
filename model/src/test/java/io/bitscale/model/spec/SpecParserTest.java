package io.bitscale.model.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The spec grammar: canonical text, values of every kind, nesting, and errors that point at a column. */
class SpecParserTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "order2                              | order2",
            "  order2  ( )                       | order2",
            "order2(limit = 255)                 | order2(limit=255)",
            "order2( 255 )                       | order2(255)",
            "bits( kt0 )                         | bits(kt0)",
            "bits(model = kt1)                   | bits(model=kt1)",
            "mix(order(1..6,bits=22), ppm(n=5))  | mix(order(1..6,bits=22),ppm(n=5))",
            "a(1k, 2M, 1g, -3, -2k)              | a(1024,2097152,1073741824,-3,-2048)",
            "a(1k..64k)                          | a(1024..65536)",
            "a(x_y-z, b2)                        | a(x_y-z,b2)",
            "outer(mid(inner(k=1)), w)           | outer(mid(inner(k=1)),w)",
    })
    void canonicalTextHasNoSpacesAndExpandsSuffixes(String text, String canonical) {
        Spec spec = Spec.parse(text);
        assertThat(spec.toString()).isEqualTo(canonical);
        assertThat(Spec.parse(canonical)).as("canonical text parses to the same spec").hasToString(canonical);
        assertThat(Spec.parse(canonical).arguments()).hasSameSizeAs(spec.arguments());
    }

    @Test
    void valuesKeepTheirKindsAndColumns() {
        Spec spec = Spec.parse("mix(order(1..6,bits=22),ppm(n=5),logistic,7)");
        assertThat(spec.name()).isEqualTo("mix");
        assertThat(spec.column()).isEqualTo(1);
        List<Spec.Argument> arguments = spec.arguments();
        assertThat(arguments).hasSize(4);
        Spec.Nested order = (Spec.Nested) arguments.get(0).value();
        assertThat(order.column()).isEqualTo(5);
        assertThat(order.spec().name()).isEqualTo("order");
        assertThat(order.spec().column()).isEqualTo(5);
        assertThat(order.spec().arguments().get(0).value()).isEqualTo(new Spec.Range(1, 6, 11));
        assertThat(order.spec().arguments().get(1).key()).isEqualTo("bits");
        assertThat(order.spec().arguments().get(1).value()).isEqualTo(new Spec.Number(22, 21));
        assertThat(order.spec().named("bits")).contains(new Spec.Number(22, 21));
        assertThat(order.spec().positional()).containsExactly(new Spec.Range(1, 6, 11));
        assertThat(((Spec.Nested) arguments.get(1).value()).spec().named("n")).contains(new Spec.Number(5, 31));
        assertThat(arguments.get(2).value()).isEqualTo(new Spec.Word("logistic", 34));
        assertThat(arguments.get(3).value()).isEqualTo(new Spec.Number(7, 43));
        assertThat(spec.positional()).hasSize(4);
        assertThat(spec.named("n")).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' fails at column {1}")
    @CsvSource(delimiter = '|', value = {
            "''                     | 1  | empty model spec",
            "'   '                  | 4  | empty model spec",
            "2order                 | 1  | expected a model name",
            "order2(                | 8  | missing value",
            "order2(limit=3         | 15 | missing ')'",
            "order2(limit=3;        | 15 | expected ',' or ')'",
            "order2)                | 7  | unexpected ')'",
            "order2(limit=)         | 14 | expected a number",
            "order2(,)              | 8  | expected a number",
            "a(3x)                  | 4  | unexpected 'x' in a number",
            "a(-)                   | 4  | expected digits",
            "a(6..1)                | 3  | runs backwards",
            "a(1..)                 | 6  | expected digits",
            "a(99999999999999999999)| 3  | number too large",
            "a(9000000000000000000k)| 3  | number too large",
            "a b                    | 3  | unexpected 'b' after the spec",
    })
    void syntaxErrorsCarryTheirColumn(String text, int column, String message) {
        SpecSyntaxException error = catchThrowableOfType(SpecSyntaxException.class, () -> Spec.parse(text));
        assertThat(error).as("'%s' must not parse", text).isNotNull();
        assertThat(error.column()).isEqualTo(column);
        assertThat(error).hasMessageContaining(message).hasMessageContaining("at column " + column)
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsAnArgumentError() {
        assertThatThrownBy(() -> new SpecParser(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void argumentsAreCheckedAgainstWhatTheModelTakes() {
        Spec spec = Spec.parse("m(3, limit=2k, mode=fast, inner=kt0)");
        Arguments arguments = new Arguments(spec, "order", "limit", "mode", "inner");
        assertThat(arguments.integer("order", 0, 0, 9)).isEqualTo(3);
        assertThat(arguments.integer("limit", 0, 0, 4096)).isEqualTo(2048);
        assertThat(arguments.word("mode", "slow", Set.of("fast", "slow"))).isEqualTo("fast");
        assertThat(arguments.nested("inner")).isEqualTo(new Spec("kt0", List.of(), 33));
        assertThat(new Arguments(Spec.parse("m"), "order").integer("order", 5, 0, 9)).as("default").isEqualTo(5);

        SpecSyntaxException outside = catchThrowableOfType(SpecSyntaxException.class,
                () -> new Arguments(Spec.parse("m(limit=2k)"), "limit").integer("limit", 0, 1, 1023));
        assertThat(outside).hasMessageContaining("'limit' = 2048 outside 1..1023");
        assertThat(outside.column()).isEqualTo(9);
        assertThat(catchThrowableOfType(SpecSyntaxException.class,
                () -> new Arguments(Spec.parse("m(1,2)"), "a")).column()).as("too many positionals").isEqualTo(5);
        assertThat(catchThrowableOfType(SpecSyntaxException.class,
                () -> new Arguments(Spec.parse("m(a=1,a=2)"), "a"))).hasMessageContaining("given twice");
        assertThat(catchThrowableOfType(SpecSyntaxException.class,
                () -> new Arguments(Spec.parse("m(1,a=2)"), "a"))).as("positional then the same key").hasMessageContaining("given twice");
        assertThat(catchThrowableOfType(SpecSyntaxException.class,
                () -> new Arguments(Spec.parse("m(a=x)"), "a").integer("a", 0, 0, 1))).hasMessageContaining("must be a number");
        assertThat(catchThrowableOfType(SpecSyntaxException.class,
                () -> new Arguments(Spec.parse("m(a=3)"), "a").nested("a"))).hasMessageContaining("must be a model");
        assertThat(catchThrowableOfType(SpecSyntaxException.class,
                () -> new Arguments(Spec.parse("m(a=slow)"), "a").word("a", "x", Set.of("fast"))))
                .hasMessageContaining("must be one of");
    }
}

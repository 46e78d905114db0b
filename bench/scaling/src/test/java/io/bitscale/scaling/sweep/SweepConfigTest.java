package io.bitscale.scaling.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepConfigTest {

    @TempDir
    Path dir;

    private static final String YAML = """
            name: demo
            corpora: ["synthetic:text-like:seed={seed}"]
            protocols: [online, heldout]
            models:
              - family: order-k
                spec: "order({k},bits={bits})"
                knobs: {k: [1, 2], bits: [16, 18, 20, 22]}
              - kt1
            sizes: {from: 1e4, to: 1e6, perDecade: 2}
            testBytes: 2e5
            seeds: [1, 2]
            bitsPerParameter: 8
            """;

    @Test
    void yamlAndJsonDescribeTheSameSweep() throws IOException {
        Path yaml = Files.writeString(dir.resolve("s.yaml"), YAML);
        SweepConfig fromYaml = SweepConfig.load(yaml);
        Path json = Files.writeString(dir.resolve("s.json"), fromYaml.toJson().toString());
        SweepConfig fromJson = SweepConfig.load(json);

        assertThat(fromJson).isEqualTo(fromYaml);
        assertThat(fromYaml.sizes()).containsExactly(10_000L, 31_623L, 100_000L, 316_228L, 1_000_000L);
        assertThat(fromYaml.testBytes()).isEqualTo(200_000L);
        assertThat(fromYaml.models().get(1).family()).isEqualTo("kt1");
        assertThat(fromYaml.models().get(0).combinations()).hasSize(8)
                .first().isEqualTo(Map.of("k", "1", "bits", "16"));
    }

    @Test
    void planExpandsEveryCombinationWithDistinctIds() throws IOException {
        SweepPlan plan = SweepPlan.of(SweepConfig.load(Files.writeString(dir.resolve("s.yml"), YAML)));
        // 1 corpus x 2 protocols x (8 + 1) specs x 2 seeds x 5 sizes
        assertThat(plan.cells()).hasSize(2 * 9 * 2 * 5);
        assertThat(plan.cells().stream().map(Cell::id).distinct()).hasSize(plan.cells().size());
        Cell first = plan.cells().get(0);
        assertThat(first.spec()).isEqualTo("order(1,bits=16)");
        assertThat(first.corpus()).isEqualTo("synthetic:text-like:seed=1");
        Cell heldout = plan.cells().stream().filter(c -> c.protocol().equals("heldout")).findFirst().orElseThrow();
        assertThat(heldout.testBytes()).isEqualTo(200_000L);
        assertThat(first.testBytes()).isEqualTo(first.trainBytes());
    }

    @Test
    void cellIdsDependOnTheMeasurementNotOnTheRestOfTheConfig() {
        SweepConfig small = flags(List.of(1000L, 2000L));
        SweepConfig larger = flags(List.of(1000L, 2000L, 4000L));
        List<String> before = SweepPlan.of(small).cells().stream().map(Cell::id).toList();
        List<String> after = SweepPlan.of(larger).cells().stream().map(Cell::id).toList();
        assertThat(after).containsAll(before);
    }

    @Test
    void randomSearchDrawsTheRequestedNumberOfCombinations() {
        SweepConfig config = new SweepConfig("r", List.of("synthetic:text-like"), List.of("online"),
                List.of(new SweepConfig.ModelGrid("o", "order({k},bits={b})",
                        Map.of("k", List.of("1", "2", "3"), "b", List.of("16", "18", "20")))),
                List.of(1000L), 1000, List.of(0L), 16, 4, 7);
        assertThat(SweepPlan.of(config).cells()).hasSize(4);
        assertThat(SweepPlan.of(config).cells()).isEqualTo(SweepPlan.of(config).cells());
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> new SweepConfig.ModelGrid("f", "order({k})", Map.of()))
                .hasMessageContaining("no knob 'k'");
        assertThatThrownBy(() -> new SweepConfig.ModelGrid("f", "order2", Map.of("k", List.of("1"))))
                .hasMessageContaining("knob 'k' is not used");
        assertThatThrownBy(() -> SweepConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"corpora\":[\"x\"],\"models\":[\"order0\"],\"sizes\":[10],\"colour\":1}")))
                .hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> flags(List.of(2000L, 1000L))).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new SweepConfig("s", List.of("synthetic:text-like"), List.of("online"),
                List.of(new SweepConfig.ModelGrid(null, "order0", Map.of())), List.of(10L), 1, List.of(1L, 2L), 16, 0, 1))
                .hasMessageContaining("no corpus or spec template uses {seed}");
        assertThat(SweepConfig.parseSizes("1e3..1e5/1")).containsExactly(1000L, 10_000L, 100_000L);
        assertThat(SweepConfig.parseSizes("1e3,5000")).containsExactly(1000L, 5000L);
        assertThat(Shard.parse("2/3").contains(1)).isTrue();
        assertThatThrownBy(() -> Shard.parse("3/2")).hasMessageContaining("1 <= i <= n");
    }

    static SweepConfig flags(List<Long> sizes) {
        return new SweepConfig("t", List.of("synthetic:text-like"), List.of("online"),
                List.of(new SweepConfig.ModelGrid(null, "order{k}", Map.of("k", List.of("0", "1")))), sizes, 1000,
                List.of(0L), 16, 0, 1);
    }
}

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
        assertThat(fromYaml.testBytes()).containsExactly(200_000L);
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
    void aGrowthPolicySetsEachCellsSpecFromItsDataSize() throws IOException {
        SweepConfig config = SweepConfig.load(Files.writeString(dir.resolve("g.yaml"), """
                corpora: [synthetic:text-like]
                protocols: [online, frozen]
                models:
                  - {family: fixed, spec: "order(3,bits=20)"}
                  - family: growing
                    spec: "order(3,bits=auto)"
                    capacity: {bits: {ratio: 0.5, min: 14, max: 20}}
                  - {family: slow, spec: "ppm(n=5)", maxBytes: 1e5}
                sizes: [1e3, 1e5, 1048576, 1e8]
                testBytes: [1e3, 1e4]
                baselines: [deflate-9, peer:lpaq1-6]
                """));
        assertThat(SweepConfig.fromJson(config.toJson())).isEqualTo(config);
        List<Cell> growing = SweepPlan.of(config).cells().stream()
                .filter(c -> c.family().equals("growing") && c.protocol().equals("online")).toList();
        // ceil(log2(0.5 * D)) clamped to 14..20: 1e3 -> 14 (9 is below the floor), 1e5 -> 16, 2^20 -> 19, 1e8 -> 20.
        assertThat(growing).extracting(Cell::spec).containsExactly("order(3,bits=14)", "order(3,bits=16)",
                "order(3,bits=19)", "order(3,bits=20)");
        assertThat(growing).allSatisfy(c -> {
            assertThat(c.series()).isEqualTo("order(3,bits=auto)");
            assertThat(c.capacity()).isEqualTo("bits=ceil(log2(0.5*D)) in 14..20");
        });
        // The growing cell at 1e8 resolves to the fixed spec but stays a cell of its own.
        Cell fixed = SweepPlan.of(config).cells().stream().filter(c -> c.family().equals("fixed")
                && c.protocol().equals("online") && c.trainBytes() == 100_000_000L).findFirst().orElseThrow();
        assertThat(growing.get(3).spec()).isEqualTo(fixed.spec());
        assertThat(growing.get(3).id()).isNotEqualTo(fixed.id());
        assertThat(fixed.series()).isEqualTo(fixed.spec());
        assertThat(fixed.capacity()).isNull();
        // A grid with maxBytes stops there.
        assertThat(SweepPlan.of(config).cells().stream().filter(c -> c.family().equals("slow")))
                .extracting(Cell::trainBytes).containsOnly(1_000L, 100_000L);
        // Frozen cells: every test size at every D; baselines: online only, one per size.
        assertThat(SweepPlan.of(config).cells().stream().filter(c -> c.protocol().equals("frozen"))).hasSize(2 * 2 * 4 + 2 * 2);
        assertThat(SweepPlan.of(config).cells().stream().filter(c -> c.family().equals("baseline")))
                .hasSize(2 * 4).allSatisfy(c -> assertThat(c.protocol()).isEqualTo("online"));
    }

    @Test
    void capacityAndBaselineMistakesFailWhenTheConfigIsRead() {
        assertThatThrownBy(() -> new SweepConfig.ModelGrid("g", "order(3,bits=auto)", Map.of()))
                .hasMessageContaining("bits=auto without a capacity policy");
        assertThatThrownBy(() -> new SweepConfig.ModelGrid("g", "order(3,bits=20)", Map.of(),
                List.of(new CapacityPolicy("bits", 1, 12, 24)), Long.MAX_VALUE)).hasMessageContaining("has no bits=auto");
        assertThatThrownBy(() -> new CapacityPolicy("bits", 0, 12, 24)).hasMessageContaining("ratio");
        assertThatThrownBy(() -> new CapacityPolicy("bits", 1, 24, 12)).hasMessageContaining("min 24 > max 12");
        assertThatThrownBy(() -> new SweepConfig.ModelGrid("baseline", "order2", Map.of())).hasMessageContaining("reserved");
        assertThatThrownBy(() -> BaselineCells.check("gzip")).hasMessageContaining("deflate-9");
        assertThatThrownBy(() -> BaselineCells.check("peer:winzip")).hasMessageContaining("peer:lpaq1-6");
        assertThat(new CapacityPolicy("mem", 2, 12, 30).resolve("mix(ppm(n=5,mem=auto),order2)", 1 << 20))
                .isEqualTo("mix(ppm(n=5,mem=21),order2)");
        assertThatThrownBy(() -> new CapacityPolicy("width", 1, 3, 6, 0, true)).hasMessageContaining("exponent");
        assertThatThrownBy(() -> new CapacityPolicy("width", 1, 3, 31, 0.5, true)).hasMessageContaining("power of two");
    }

    @Test
    void aWidthGrowsAsAPowerOfTwoOfARootOfTheData() throws IOException {
        // width = 2^ceil(log2(D^(1/3) / 8)) in 8..64: 10^4 -> 8 (clamped from 4), 10^6 -> 16, 10^7 -> 32, 10^8 -> 64.
        CapacityPolicy width = new CapacityPolicy("width", 0.125, 3, 6, 1.0 / 3, true);
        assertThat(width.resolve("mlp(width=auto,bits=12)", 10_000)).isEqualTo("mlp(width=8,bits=12)");
        assertThat(width.resolve("mlp(width=auto,bits=12)", 1_000_000)).isEqualTo("mlp(width=16,bits=12)");
        assertThat(width.resolve("mlp(width=auto,bits=12)", 10_000_000)).isEqualTo("mlp(width=32,bits=12)");
        assertThat(width.resolve("mlp(width=auto,bits=12)", 100_000_000)).isEqualTo("mlp(width=64,bits=12)");
        assertThat(width.describe()).isEqualTo("width=2^ceil(log2(0.125*D^0.3333333333333333)) in 8..64");

        SweepConfig config = SweepConfig.load(Files.writeString(dir.resolve("w.yaml"), """
                name: w
                corpora: [text]
                models:
                  - spec: "mlp(width=auto,bits=auto)"
                    capacity: {width: {ratio: 0.125, exponent: 0.3333333333333333, pow2: true, min: 3, max: 6},
                               bits: {ratio: 0.015625, min: 10, max: 20}}
                sizes: [1e6, 1e8]
                """));
        assertThat(config.models().get(0).resolve(config.models().get(0).spec(), 100_000_000))
                .isEqualTo("mlp(width=64,bits=20)");
        assertThat(SweepConfig.fromJson(config.toJson())).isEqualTo(config);
        assertThat(config.toJson().toString()).contains("\"pow2\":true").contains("\"exponent\":0.3333333333333333");
        // A table-size policy writes neither key, so configs written before the two keys existed read back unchanged.
        assertThat(config.toJson().get("models").get(0).get("capacity").get("bits").has("exponent")).isFalse();
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
                List.of(1000L), List.of(1000L), List.of(0L), 16, 4, 7, List.of());
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
                List.of(new SweepConfig.ModelGrid(null, "order0", Map.of())), List.of(10L), List.of(1L), List.of(1L, 2L), 16, 0, 1, List.of()))
                .hasMessageContaining("no corpus or spec template uses {seed}");
        assertThat(SweepConfig.parseSizes("1e3..1e5/1")).containsExactly(1000L, 10_000L, 100_000L);
        assertThat(SweepConfig.parseSizes("1e3,5000")).containsExactly(1000L, 5000L);
        assertThat(Shard.parse("2/3").contains(1)).isTrue();
        assertThatThrownBy(() -> Shard.parse("3/2")).hasMessageContaining("1 <= i <= n");
    }

    @Test
    void pretrainingOptionsAreReadWithDefaultsRoundTripAndComeOnlyWithTheirProtocol() throws IOException {
        String yaml = """
                corpora: [synthetic:text-like]
                protocols: [pretrained]
                models: ["transformer(layers=1,d=8,heads=2,ctx=16)"]
                sizes: [1e5, 1e6]
                pretraining: {contextBytes: 64, chunkBytes: 1024}
                """;
        SweepConfig config = SweepConfig.load(Files.writeString(dir.resolve("p.yaml"), yaml));
        Pretraining options = config.pretrainingOptions();
        assertThat(options.contextBytes()).isEqualTo(64);
        assertThat(options.chunkBytes()).isEqualTo(1024);
        assertThat(options.batchSequences()).isEqualTo(Pretraining.DEFAULTS.batchSequences());
        assertThat(SweepConfig.load(Files.writeString(dir.resolve("p.json"), config.toJson().toString())))
                .isEqualTo(config);
        assertThat(SweepPlan.of(config).cells()).hasSize(2)
                .allSatisfy(cell -> assertThat(cell.pretraining()).isEqualTo(options));
        // 2 MiB between validations of 64 x 16-byte steps: 2048 steps.
        assertThat(options.options().evaluateEverySteps()).isEqualTo((1L << 21) / (64 * 16));

        assertThatThrownBy(() -> SweepConfig.load(Files.writeString(dir.resolve("q.yaml"),
                yaml.replace("[pretrained]", "[frozen]")))).hasMessageContaining("no protocol is 'pretrained'");
        assertThatThrownBy(() -> SweepConfig.load(Files.writeString(dir.resolve("r.yaml"),
                yaml.replace("chunkBytes: 1024", "chunk: 1024")))).hasMessageContaining("unknown key 'chunk' in 'pretraining'");
        assertThatThrownBy(() -> SweepConfig.load(Files.writeString(dir.resolve("s.yaml"),
                yaml.replace("chunkBytes: 1024", "validationFraction: 0.9")))).hasMessageContaining("outside (0, 0.5]");
    }

    static SweepConfig flags(List<Long> sizes) {
        return new SweepConfig("t", List.of("synthetic:text-like"), List.of("online"),
                List.of(new SweepConfig.ModelGrid(null, "order{k}", Map.of("k", List.of("0", "1")))), sizes, List.of(1000L),
                List.of(0L), 16, 0, 1, List.of());
    }
}

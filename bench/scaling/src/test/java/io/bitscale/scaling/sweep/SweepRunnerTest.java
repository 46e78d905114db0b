package io.bitscale.scaling.sweep;

import io.bitscale.corpora.CorpusData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Resume, shards and merge, and the result schema, on a 4 x 4 grid over a synthetic source. */
class SweepRunnerTest {

    @TempDir
    Path dir;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    /** 4 models x 4 sizes = 16 cells, about a second in all. */
    static SweepConfig grid() {
        return new SweepConfig("grid", List.of("synthetic:text-like"), List.of("online"),
                List.of(new SweepConfig.ModelGrid("order-k", "order{k}", Map.of("k", List.of("0", "1", "2"))),
                        new SweepConfig.ModelGrid("kt", "kt1", Map.of())),
                List.of(4_000L, 8_000L, 16_000L, 32_000L), 4_000, List.of(0L), 16, 0, 1);
    }

    private SweepRunner runner(SweepRunner.Listener listener, boolean verify) {
        CorpusData data = new CorpusData(() -> { throw new AssertionError("no manifest corpus in this test"); });
        return new SweepRunner(new CellRunner(ScaleModels.registry(), data, verify, new Provenance("test-jvm", "test-rev")),
                2, listener, warnings::add);
    }

    private static List<ResultRow> untimed(List<ResultRow> rows) {
        return rows.stream().map(ResultRow::withoutTiming).sorted(ResultRow.ORDER).toList();
    }

    @Test
    void anInterruptedSweepResumesWithoutRecomputingFinishedCells() throws IOException {
        SweepPlan plan = SweepPlan.of(grid());
        assertThat(plan.cells()).hasSize(16);
        Path out = dir.resolve("resumed");

        // First run: interrupted after 6 cells, as a kill half-way would.
        SweepRunner[] first = new SweepRunner[1];
        first[0] = runner(new SweepRunner.Listener() {
            @Override
            public void finished(Cell cell, ResultRow row, SweepRunner.Progress progress) {
                if (progress.done() == 6) {
                    first[0].cancel();
                }
            }
        }, false);
        SweepRunner.Summary interrupted = first[0].run(plan, Shard.ALL, out, null);
        assertThat(interrupted.cancelled()).isTrue();
        List<ResultRow> kept = ResultTable.read(out.resolve(ResultTable.JSONL));
        assertThat(kept.size()).isBetween(6, 15);

        // Second run: only the missing cells are computed.
        List<String> computed = Collections.synchronizedList(new ArrayList<>());
        SweepRunner.Summary resumed = runner(new SweepRunner.Listener() {
            @Override
            public void finished(Cell cell, ResultRow row, SweepRunner.Progress progress) {
                computed.add(cell.id());
            }
        }, false).run(plan, Shard.ALL, out, null);
        assertThat(resumed.skipped()).isEqualTo(kept.size());
        assertThat(resumed.computed()).isEqualTo(16 - kept.size());
        assertThat(computed).doesNotContainAnyElementsOf(kept.stream().map(ResultRow::cellId).toList());
        assertThat(resumed.rows()).hasSize(16);

        // The same table as one uninterrupted run, and the kept rows were not rewritten.
        SweepRunner.Summary whole = runner(SweepRunner.Listener.NONE, false).run(plan, Shard.ALL, dir.resolve("whole"), null);
        assertThat(untimed(resumed.rows())).isEqualTo(untimed(whole.rows()));
        assertThat(ResultTable.read(out.resolve(ResultTable.JSONL)).subList(0, kept.size())).isEqualTo(kept);

        // A third run has nothing to do.
        SweepRunner.Summary again = runner(SweepRunner.Listener.NONE, false).run(plan, Shard.ALL, out, null);
        assertThat(again.computed()).isZero();
        assertThat(again.skipped()).isEqualTo(16);
    }

    @Test
    void onePassSeriesGiveTheRowsOfSeparateRuns() throws IOException {
        byte[] text = io.bitscale.corpora.synthetic.SyntheticSource.textLike().generate(40_000);
        Path file = Files.write(dir.resolve("series.txt"), text);
        SweepConfig config = new SweepConfig("series", List.of("synthetic:text-like", "file:" + file),
                List.of("online", "heldout"),
                List.of(new SweepConfig.ModelGrid(null, "order{k}", Map.of("k", List.of("0", "2"))),
                        new SweepConfig.ModelGrid(null, "kt1", Map.of()),
                        new SweepConfig.ModelGrid(null, "ktm(order=1,m=256)", Map.of()),
                        new SweepConfig.ModelGrid(null, "mix(order(1..3,bits=12),match(bits=12))", Map.of())),
                List.of(3_000L, 10_000L, 20_000L, 29_000L), 5_000, List.of(0L), 16, 0, 1);
        SweepPlan plan = SweepPlan.of(config);
        CorpusData data = new CorpusData(() -> { throw new AssertionError("no manifest corpus in this test"); });
        for (boolean verify : new boolean[] {false, true}) {
            CellRunner cells = new CellRunner(ScaleModels.registry(), data, verify, new Provenance("test-jvm", "test-rev"));
            SweepRunner.Summary separate = new SweepRunner(cells, 2, SweepRunner.Listener.NONE, warnings::add, false)
                    .run(plan, Shard.ALL, dir.resolve("separate-" + verify), null);
            SweepRunner.Summary onePass = new SweepRunner(cells, 2, SweepRunner.Listener.NONE, warnings::add, true)
                    .run(plan, Shard.ALL, dir.resolve("one-pass-" + verify), null);
            assertThat(separate.failed()).isZero();
            assertThat(onePass.computed()).isEqualTo(separate.computed()).isEqualTo(plan.cells().size());
            assertThat(untimed(onePass.rows())).as("verify=%s", verify).isEqualTo(untimed(separate.rows()));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aSeriesMeasuresEveryCellItIsGivenAndRejectsAMixedOne() throws IOException {
        CorpusData data = new CorpusData(() -> { throw new AssertionError("no manifest corpus in this test"); });
        CellRunner cells = new CellRunner(ScaleModels.registry(), data, false, new Provenance("test-jvm", "test-rev"));
        List<Cell> planned = SweepPlan.of(grid()).cells();
        List<Cell> order2 = planned.stream().filter(c -> c.spec().equals("order2")).toList();
        List<Cell> shuffled = new ArrayList<>(order2);
        Collections.reverse(shuffled);
        List<Long> sizes = new ArrayList<>();
        cells.runSeries(shuffled, (cell, row) -> {
            assertThat(row.cellId()).isEqualTo(cell.id());
            sizes.add(row.testBytes());
        }, n -> { }, () -> false);
        assertThat(sizes).containsExactly(4_000L, 8_000L, 16_000L, 32_000L);

        List<Cell> mixed = List.of(order2.get(0), planned.stream().filter(c -> c.spec().equals("kt1")).findFirst().orElseThrow());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cells.runSeries(mixed, (c, r) -> { }, n -> { }, () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one online series");
    }

    @Test
    void twoShardsMergedGiveTheTableOfOneRun() throws IOException {
        SweepPlan plan = SweepPlan.of(grid());
        SweepRunner.Summary one = runner(SweepRunner.Listener.NONE, false).run(plan, Shard.ALL, dir.resolve("one"), null);
        SweepRunner.Summary a = runner(SweepRunner.Listener.NONE, false).run(plan, Shard.parse("1/2"), dir.resolve("a"), null);
        SweepRunner.Summary b = runner(SweepRunner.Listener.NONE, false).run(plan, Shard.parse("2/2"), dir.resolve("b"), null);
        assertThat(a.computed()).isEqualTo(8);
        assertThat(b.computed()).isEqualTo(8);

        List<ResultRow> merged = ResultTable.merge(List.of(dir.resolve("a"), dir.resolve("b")), warnings::add);
        assertThat(untimed(merged)).isEqualTo(untimed(one.rows()));
        assertThat(merged).isSortedAccordingTo(ResultRow.ORDER);
        // Merging a shard with itself or with the whole run adds nothing and warns about nothing.
        assertThat(ResultTable.merge(List.of(dir.resolve("one"), dir.resolve("a")), warnings::add)).hasSize(16);
        assertThat(warnings).isEmpty();
    }

    @Test
    void csvAndJsonLinesFollowTheSchema() throws IOException {
        SweepRunner.Summary summary = runner(SweepRunner.Listener.NONE, true).run(SweepPlan.of(grid()), Shard.ALL,
                dir.resolve("s"), null);
        assertThat(ResultRow.COLUMNS).containsExactly("cellId", "corpus", "sha256", "protocol", "family", "spec", "knobs",
                "parameters", "memoryBytes", "trainBytes", "testBytes", "compressedBytes", "bpb", "idealBpb",
                "bitsPerParameter", "modelBits", "adjustedBpb", "top1Accuracy", "entropyRateBpb", "sourceBpb", "boundBpb",
                "expectedRedundancyBpb", "seconds", "mbPerSecond", "seed", "verified", "jvm", "gitRevision");
        List<String> csv = Files.readAllLines(dir.resolve("s").resolve(ResultTable.CSV));
        assertThat(csv.get(0)).isEqualTo(String.join(",", ResultRow.COLUMNS));
        assertThat(csv).hasSize(17);
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("s").resolve(ResultTable.JSONL))) {
            JsonNode node = mapper.readTree(line);
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            assertThat(names).isEqualTo(ResultRow.COLUMNS);
        }
        // CSV reads back to the same rows.
        assertThat(ResultTable.read(dir.resolve("s").resolve(ResultTable.CSV))).isEqualTo(summary.rows());
        for (ResultRow row : summary.rows()) {
            assertThat(row.verified()).isTrue();
            assertThat(row.bpb()).isEqualTo(8.0 * row.compressedBytes() / row.testBytes());
            // The payload matches the ideal code length to a few bytes (it may end a little short: no trailing zeros).
            assertThat(row.bpb()).isBetween(row.idealBpb() - 40.0 / row.testBytes(), row.idealBpb() + 64.0 / row.testBytes());
            assertThat(row.sha256()).hasSize(64);
            assertThat(row.entropyRateBpb()).isNotNull();
            assertThat(row.top1Accuracy()).isBetween(0.0, 1.0);
            assertThat(row.gitRevision()).isEqualTo("test-rev");
        }
        JsonNode sweep = mapper.readTree(dir.resolve("s").resolve(SweepRunner.SWEEP_JSON).toFile());
        assertThat(SweepConfig.fromJson(sweep.get("config"))).isEqualTo(grid());
    }

    @Test
    void aTornLastLineIsDroppedAndItsCellRecomputed() throws IOException {
        SweepPlan plan = SweepPlan.of(grid());
        Path out = dir.resolve("torn");
        runner(SweepRunner.Listener.NONE, false).run(plan, Shard.ALL, out, null);
        Path log = out.resolve(ResultTable.JSONL);
        List<String> lines = Files.readAllLines(log);
        String last = lines.get(lines.size() - 1);
        Files.write(log, (String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2)).getBytes(StandardCharsets.UTF_8));

        SweepRunner.Summary resumed = runner(SweepRunner.Listener.NONE, false).run(plan, Shard.ALL, out, null);
        assertThat(resumed.computed()).isEqualTo(1);
        assertThat(warnings).anyMatch(w -> w.contains("torn last line"));
        assertThat(ResultTable.read(log)).hasSize(16);
    }

    @Test
    void aFailingCellIsReportedAndTheOthersFinish() throws IOException {
        SweepConfig config = new SweepConfig("bad", List.of("synthetic:text-like"), List.of("online"),
                List.of(new SweepConfig.ModelGrid(null, "order{k}", Map.of("k", List.of("1", "9")))),
                List.of(1_000L), 1_000, List.of(0L), 16, 0, 1);
        AtomicInteger failed = new AtomicInteger();
        SweepRunner.Summary summary = runner(new SweepRunner.Listener() {
            @Override
            public void failed(Cell cell, Throwable error, SweepRunner.Progress progress) {
                failed.incrementAndGet();
            }
        }, false).run(SweepPlan.of(config), Shard.ALL, dir.resolve("bad"), null);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(failed).hasValue(1);
        assertThat(summary.rows()).hasSize(1);
        assertThat(warnings).anyMatch(w -> w.contains("order9"));
    }

    @Test
    void heldoutTrainsOnAPrefixAndCodesTheEndOfAFiniteCorpus() throws IOException {
        byte[] text = io.bitscale.corpora.synthetic.SyntheticSource.textLike().generate(60_000);
        Path file = Files.write(dir.resolve("corpus.txt"), text);
        SweepConfig config = new SweepConfig("h", List.of("file:" + file), List.of("heldout", "online"),
                List.of(new SweepConfig.ModelGrid(null, "order{k}", Map.of("k", List.of("0", "2"))),
                        new SweepConfig.ModelGrid(null, "kt1", Map.of())),
                List.of(1_000L, 10_000L, 50_000L), 10_000, List.of(0L), 16, 0, 1);
        SweepRunner.Summary summary = runner(SweepRunner.Listener.NONE, true).run(SweepPlan.of(config), Shard.ALL,
                dir.resolve("h"), null);
        assertThat(summary.failed()).isZero();
        List<ResultRow> heldout = summary.rows().stream().filter(r -> r.protocol().equals("heldout")).toList();
        assertThat(heldout).hasSize(9).allSatisfy(r -> {
            assertThat(r.testBytes()).isEqualTo(10_000);
            assertThat(r.adjustedBpb()).isEqualTo((8.0 * r.compressedBytes() + r.modelBits()) / r.testBytes());
            assertThat(r.modelBits()).isEqualTo(16.0 * r.parameters());
        });
        // More training helps order-2 on the held-out split.
        List<Double> order2 = heldout.stream().filter(r -> r.spec().equals("order2")).map(ResultRow::bpb).toList();
        assertThat(order2).isSortedAccordingTo(Collections.reverseOrder());
        // 50,000 training bytes + 10,000 test bytes fit in 60,000; more would not.
        CorpusData data = new CorpusData(() -> null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> data.split("file:" + file, 55_000, 10_000))
                .hasMessageContaining("too few");
    }
}

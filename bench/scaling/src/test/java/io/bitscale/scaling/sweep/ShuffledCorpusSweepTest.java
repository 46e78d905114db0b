package io.bitscale.scaling.sweep;

import io.bitscale.corpora.CorpusData;
import io.bitscale.corpora.DocumentShuffle;
import io.bitscale.corpora.DocumentShuffleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sweeps over {@code shuffled(CORPUS,seed=N)}: the row names the shuffle and digests what it saw. */
class ShuffledCorpusSweepTest {

    @TempDir
    Path dir;

    @Test
    void aCellRecordsTheShuffledCorpusAndTheDigestOfItsBytes() throws Exception {
        byte[] data = DocumentShuffleTest.corpus(300, 11);
        Path files = Files.createDirectory(dir.resolve("AA"));
        Files.write(files.resolve("wiki_00"), data);
        String name = "shuffled(file:" + files + ",seed=4)";
        CorpusData corpora = new CorpusData(() -> null);
        byte[] expected = new DocumentShuffle("file:" + files, "wikiextractor-doc", 4).apply(data);

        // A cell on it records the corpus name with its seed and the digest of the shuffled bytes it saw.
        CellRunner runner = new CellRunner(ScaleModels.registry(), corpora, true, new Provenance("jvm", "rev"));
        ResultRow row = runner.run(new Cell(0, name, "online", "f", "order1", Map.of(), 2000, 2000, 0, 16),
                n -> { }, () -> false);
        assertThat(row.corpus()).isEqualTo(name).contains("seed=4");
        assertThat(row.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(expected, 2000))));
        assertThat(row.verified()).isTrue();
    }

    @Test
    void sweepConfigChecksTheModifierBeforeAnyCellRuns() throws IOException {
        String yaml = """
                corpora: ["shuffled(text-enwiki,seed={seed})"]
                models: [order2]
                sizes: [1000]
                seeds: [1, 2]
                """;
        SweepPlan plan = SweepPlan.of(SweepConfig.load(Files.writeString(dir.resolve("ok.yaml"), yaml)));
        assertThat(plan.cells()).extracting(Cell::corpus)
                .containsExactly("shuffled(text-enwiki,seed=1)", "shuffled(text-enwiki,seed=2)");
        assertThat(plan.cells().get(0).id()).isNotEqualTo(plan.cells().get(1).id());

        Path bad = Files.writeString(dir.resolve("bad.yaml"), yaml.replace("seed={seed}", "seed={seed},unit=lines"));
        assertThatThrownBy(() -> SweepConfig.load(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("unknown shuffle unit 'lines'");
    }
}

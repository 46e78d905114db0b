package io.bitscale.scaling.sweep;

import io.bitscale.corpora.CorpusData;

import io.bitscale.corpora.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellRunnerTest {

    private final CellRunner runner = new CellRunner(ScaleModels.registry(), new CorpusData(() -> null), true,
            new Provenance("jvm", "rev"));

    private ResultRow run(String corpus, String spec, String protocol, long train, long test) throws IOException {
        Cell cell = new Cell(0, corpus, protocol, "f", spec, Map.of(), train, test, 0, 16);
        return runner.run(cell, n -> { }, () -> false);
    }

    @Test
    void aConstantStreamIsPredictedAlmostPerfectly() throws IOException {
        String corpus = "synthetic:weights:w=1/0,symbols=bytes";
        for (String spec : new String[] {"order0", "order2", "kt0", "ktm(order=0,m=2)"}) {
            ResultRow row = run(corpus, spec, "online", 20_000, 20_000);
            assertThat(row.top1Accuracy()).as(spec).isGreaterThan(0.99);
            assertThat(row.bpb()).as(spec).isLessThan(0.1);
        }
    }

    @Test
    void ktmCodesOnlyItsAlphabetAndKnowsItsExpectedRedundancy() throws IOException {
        String corpus = "synthetic:markov:m=4,k=1,alpha=1.0,symbols=bytes,seed=3";
        ResultRow row = run(corpus, "ktm(order=1,m=4)", "online", 100_000, 100_000);
        assertThat(row.parameters()).isEqualTo(4 * 3);
        assertThat(row.expectedRedundancyBpb()).isNotNull();
        // 12 parameters: the redundancy is tiny, and the measured bpb sits just above the true code length.
        assertThat(row.pointwiseRedundancyBpb()).isBetween(0.0, 0.01);
        assertThat(row.bpb()).isCloseTo(row.entropyRateBpb(), org.assertj.core.data.Offset.offset(0.02));

        assertThatThrownBy(() -> run("synthetic:text-like", "ktm(order=1,m=4)", "online", 1000, 1000))
                .hasMessageContaining("outside");
    }

    @Test
    void heldoutOnASyntheticSourceCodesFreshSamplesAfterTheTrainingBytes() throws IOException {
        String corpus = "synthetic:text-like";
        ResultRow small = run(corpus, "order2", "heldout", 1_000, 20_000);
        ResultRow large = run(corpus, "order2", "heldout", 200_000, 20_000);
        assertThat(large.bpb()).isLessThan(small.bpb());
        assertThat(large.bpb()).isGreaterThan(SyntheticSource.textLike().entropyRateBits() - 0.05);
        assertThat(large.sourceBpb()).isNotNull();
        assertThat(large.verified()).isTrue();
    }

    /** Small enough for a unit test: windows of 32 bytes, 4 per step, a validation every 2 KiB. */
    private static final Pretraining SMALL = new Pretraining(32, 4, 5, 0.1, 4096, 2048, 3, 512, 1);

    private ResultRow pretrained(String spec, long train, long test, Pretraining options) throws IOException {
        Cell cell = new Cell(0, "synthetic:text-like", SweepConfig.PRETRAINED, "transformer", spec, Map.of(), train,
                test, 0, 16, spec, null, options);
        return runner.run(cell, n -> { }, () -> false);
    }

    @Test
    void pretrainedCellsTrainInBatchesThenCodeChunksThatDecodeAndRepeatBitForBit() throws IOException {
        String spec = "transformer(layers=1,d=8,heads=2,ctx=16)";
        ResultRow untrained = pretrained(spec, 640, 3_000, SMALL);
        ResultRow trained = pretrained(spec, 40_000, 3_000, SMALL);
        // verify=true: every chunk was decoded byte by byte (the per-byte path) and compared with the input.
        assertThat(trained.verified()).isTrue();
        assertThat(trained.protocol()).isEqualTo("pretrained");
        assertThat(trained.parameters()).isPositive();
        // More training data, the same held-out chunks: the frozen model codes them in fewer bits.
        assertThat(trained.bpb()).isLessThan(untrained.bpb());
        // Six independent chunks (512 bytes each, the last 440): each payload ends its own coder.
        assertThat(trained.bpb()).isCloseTo(trained.idealBpb(), org.assertj.core.data.Offset.offset(6 * 64 / 3_000.0 + 1e-3));
        assertThat(trained.adjustedBpb()).isEqualTo((8.0 * trained.compressedBytes() + trained.modelBits()) / 3_000);
        assertThat(pretrained(spec, 40_000, 3_000, SMALL).withoutTiming()).isEqualTo(trained.withoutTiming());
    }

    @Test
    void pretrainingOptionsArePartOfTheCellIdAndOnlyPretrainedCellsTakeThem() {
        Cell a = new Cell(0, "c", SweepConfig.PRETRAINED, "f", "s", Map.of(), 10, 10, 0, 16, "s", null, SMALL);
        Cell b = new Cell(0, "c", SweepConfig.PRETRAINED, "f", "s", Map.of(), 10, 10, 0, 16, "s", null,
                new Pretraining(32, 4, 5, 0.1, 4096, 2048, 3, 1024, 1));
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(new Cell(0, "c", SweepConfig.PRETRAINED, "f", "s", Map.of(), 10, 10, 0, 16).pretraining())
                .isEqualTo(Pretraining.DEFAULTS);
        assertThatThrownBy(() -> new Cell(0, "c", SweepConfig.FROZEN, "f", "s", Map.of(), 10, 10, 0, 16, "s", null, SMALL))
                .hasMessageContaining("pretraining options on a frozen cell");
    }

    @Test
    void aModelWithoutASequenceTrainerIsRefusedByName() {
        assertThatThrownBy(() -> pretrained("order2", 10_000, 1_000, SMALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order2 cannot take the pretrained protocol");
    }
}

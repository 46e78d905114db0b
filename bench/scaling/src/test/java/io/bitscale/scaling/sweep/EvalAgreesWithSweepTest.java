package io.bitscale.scaling.sweep;

import io.bitscale.corpora.CorpusData;
import io.bitscale.scaling.eval.EvalResult;
import io.bitscale.scaling.eval.Evaluator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eval} (through the container) and {@code scale} (a bare payload) measure through the
 * same coding loop and the same meter, so on every cell of a small sweep they must agree: the
 * same ideal code length to the last bit of the double, and the same coder payload whenever the
 * input fits one container frame.
 */
class EvalAgreesWithSweepTest {

    private static final String CORPUS = "synthetic:text-like:seed=5";
    private static final List<String> SPECS = List.of("order0", "order2", "kt1", "bits(kt0)",
            "order(1..3,bits=16)", "mix(order(1..2,bits=16),match(bits=16))", "ppm(n=3,mem=16)",
            "mlp(width=8,ctx=2,embed=4,orders=0,words=0)");

    @Test
    void everyCellOfASmallSweepMeasuresTheSameAsEval() throws IOException {
        SweepConfig config = new SweepConfig("agree", List.of(CORPUS), List.of(SweepConfig.ONLINE),
                SPECS.stream().map(spec -> new SweepConfig.ModelGrid(null, spec, Map.of())).toList(),
                List.of(3_000L, 20_000L), 1000, List.of(0L), 16, 0, 1);
        CorpusData corpora = new CorpusData(() -> null);
        CellRunner runner = new CellRunner(ScaleModels.registry(), corpora, true, new Provenance("jvm", "rev"));
        Evaluator evaluator = new Evaluator(ScaleModels.registry());
        List<Cell> cells = SweepPlan.of(config).cells();
        assertThat(cells).hasSize(SPECS.size() * 2);
        for (Cell cell : cells) {
            ResultRow row = runner.run(cell, n -> { }, () -> false);
            byte[] data = Arrays.copyOf(corpora.prefix(cell.corpus(), cell.trainBytes()), (int) cell.trainBytes());
            EvalResult eval = evaluator.evaluate(cell.label(), ScaleModels.registry().factory(cell.spec()), data);
            assertThat(eval.idealBits() / eval.bytes()).as("idealBpb of %s", cell.label()).isEqualTo(row.idealBpb());
            assertThat(eval.payloadBytes()).as("payload of %s", cell.label()).isEqualTo(row.compressedBytes());
            assertThat(eval.sha256()).isEqualTo(row.sha256());
        }
    }
}

package io.bitscale.scaling.explain;

import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.testing.TestData;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The tables sum to the stream's ideal bits; components sum to each byte's cost. */
class ExplainTsvTest {

    /** A mixture, whose cost splits into its components (the presets run on the cm engine, which does not split). */
    private static final String MIXTURE = "mix(order(1..6,bits=24),word(bits=22),match(bits=22),sparse(bits=20),gates=2)";

    private static final byte[] DATA = TestData.concat(TestData.text(5, 9000), TestData.skewed(6, 1000));

    @Test
    void theBitsColumnSumsToTheStreamsIdealBitsAndTheComponentsToEachRow() throws IOException {
        CodeLengthMeter meter = new CodeLengthMeter();
        try (BitscaleOutputStream out = new BitscaleOutputStream(new ByteArrayOutputStream(), Models.factory(MIXTURE),
                io.bitscale.core.stream.StreamOptions.DEFAULT, meter)) {
            out.write(DATA);
        }
        StringWriter tsv = new StringWriter();
        new Explainer(Models.factory(MIXTURE)).explain(DATA, ExplainTsv.writer(tsv));
        List<String> lines = tsv.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("offset\tbyte\tbits\torder(1..6,bits=24)\tword(bits=22)\tmatch(bits=22)\t"
                + "sparse(bits=20)\tbias\tmixer\tsse\tuniform");
        assertThat(lines).hasSize(DATA.length + 1);
        double bits = 0;
        double components = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            double row = Double.parseDouble(cells[2]);
            double parts = 0;
            for (int i = 3; i < cells.length; i++) {
                parts += Double.parseDouble(cells[i]);
            }
            assertThat(parts).isCloseTo(row, within(1e-9 * (1 + row)));
            bits += row;
            components += parts;
        }
        assertThat(bits).isCloseTo(meter.idealBits(), within(1e-6 * meter.idealBits()));
        assertThat(components).isCloseTo(meter.idealBits(), within(1e-6 * meter.idealBits()));
    }

    @Test
    void thePairTableHasBothModelsAndTheirDifference() throws IOException {
        StringWriter tsv = new StringWriter();
        ExplainTsv.writePair(tsv, new Explainer(Models.factory("order2")), new Explainer(Models.factory("mix(order1,order1)")), DATA);
        List<String> lines = tsv.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("offset\tbyte\tbits_a\tbits_b\tdelta_bits\tb:order1\tb:order1#2\tb:bias\tb:mixer"
                + "\tb:sse\tb:uniform");
        double a = 0;
        double b = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            double x = Double.parseDouble(cells[2]);
            double y = Double.parseDouble(cells[3]);
            assertThat(Double.parseDouble(cells[4])).isCloseTo(y - x, within(1e-12));
            a += x;
            b += y;
        }
        assertThat(a).isCloseTo(new Explainer(Models.factory("order2")).explain(DATA, r -> { }).idealBits(), within(1e-6));
        assertThat(b).isCloseTo(new Explainer(Models.factory("mix(order1,order1)")).explain(DATA, r -> { }).idealBits(),
                within(1e-6));
    }
}

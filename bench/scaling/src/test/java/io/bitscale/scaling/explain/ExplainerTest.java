package io.bitscale.scaling.explain;

import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.testing.TestData;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-byte records: the stream's costs, exact sums, exact alternatives. */
class ExplainerTest {

    /** The mixtures the default and fast presets expanded to before they moved to the cm engine (which does not split its cost). */
    private static final String MIX_DEFAULT = "mix(order(1..6,bits=24),word(bits=22),match(bits=22),sparse(bits=20),gates=2)";
    private static final String MIX_FAST = "mix(order(1..4,6,bits=22),word(bits=20),match(bits=20),sparse(bits=18),gates=1,sse=2)";

    private static final byte[] DATA = TestData.concat(TestData.text(1, 7000), TestData.random(2, 600),
            TestData.text(3, 3000));

    @ParameterizedTest
    @ValueSource(strings = {"order2", "kt0", "fast", "ppm(n=3)", "mix(order1,kt0,gates=1)"})
    void eachBytesCostIsTheStreamsAndTheTotalIsItsIdealBits(String spec) throws IOException {
        PredictorFactory factory = Models.factory(spec);
        // Small frames and blocks, so that the model restarts inside the data as the stream's does.
        StreamOptions options = new StreamOptions(1024, 4096, 1, StreamOptions.AUTO_MEMORY_LIMIT, false,
                StreamOptions.DEFAULT_MAX_OPERATIONS_PER_BYTE, true);
        List<Double> metered = new ArrayList<>();
        CodeLengthMeter meter = new CodeLengthMeter().onByte((offset, bits) -> metered.add(bits));
        try (BitscaleOutputStream out = new BitscaleOutputStream(new ByteArrayOutputStream(), factory, options, meter)) {
            out.write(DATA);
        }
        List<ByteRecord> records = new ArrayList<>();
        Explanation totals = new Explainer(factory).withBlockBytes(4096).explain(new ByteArrayInputStream(DATA), records::add);

        assertThat(records).hasSize(DATA.length);
        for (int i = 0; i < DATA.length; i++) {
            ByteRecord r = records.get(i);
            assertThat(r.offset()).isEqualTo(i);
            assertThat(r.value()).isEqualTo(DATA[i] & 0xFF);
            assertThat(r.bits()).as("byte %d", i).isEqualTo(metered.get(i));
        }
        assertThat(totals.bytes()).isEqualTo(DATA.length);
        assertThat(totals.idealBits()).isEqualTo(meter.idealBits());
    }

    @Test
    void aMixturesContributionsSumToEachBytesCost() {
        List<ByteRecord> records = new ArrayList<>();
        Explanation totals = new Explainer(Models.factory(MIX_DEFAULT)).explain(DATA, records::add);
        assertThat(totals.contributors()).endsWith("bias", "mixer", "sse", "uniform");
        double all = 0;
        for (ByteRecord r : records) {
            double sum = 0;
            for (double c : r.contributions()) {
                sum += c;
            }
            assertThat(sum).as("byte %d", r.offset()).isCloseTo(r.bits(), within(1e-9 * (1 + r.bits())));
            all += sum;
        }
        double totalOfTotals = 0;
        for (double c : totals.contributionTotals()) {
            totalOfTotals += c;
        }
        assertThat(all).isCloseTo(totals.idealBits(), within(1e-6 * totals.idealBits()));
        assertThat(totalOfTotals).isCloseTo(totals.idealBits(), within(1e-6 * totals.idealBits()));
        // the uniform prior is eight bits a byte
        assertThat(totals.contributionTotals()[totals.contributors().size() - 1]).isCloseTo(8.0 * DATA.length, within(1e-6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order2", "kt0", "ppm(n=3)"})
    void aWholeDistributionGivesTheMostProbableOtherBytes(String spec) {
        List<ByteRecord> records = new ArrayList<>();
        Explanation totals = new Explainer(Models.factory(spec)).withAlternatives(255).explain(DATA, records::add);
        assertThat(totals.wholeDistribution()).isTrue();
        for (ByteRecord r : records.subList(0, 2000)) {
            assertThat(r.alternatives()).hasSize(255);
            double sum = r.probability();
            double previous = 1;
            for (Alternative a : r.alternatives()) {
                assertThat(a.isByte()).isTrue();
                assertThat(a.firstByte()).isNotEqualTo(r.value());
                assertThat(a.probability()).isLessThanOrEqualTo(previous);
                previous = a.probability();
                sum += a.probability();
            }
            assertThat(sum).as("the distribution of byte %d", r.offset()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void aBitModelsAlternativesAreTheEightRangesOffItsPath() {
        List<ByteRecord> records = new ArrayList<>();
        Explanation totals = new Explainer(Models.factory("fast")).withAlternatives(8).explain(DATA, records::add);
        assertThat(totals.wholeDistribution()).isFalse();
        for (ByteRecord r : records.subList(0, 3000)) {
            assertThat(r.alternatives()).hasSize(8);
            boolean[] covered = new boolean[256];
            covered[r.value()] = true;
            double sum = r.probability();
            for (Alternative a : r.alternatives()) {
                for (int b = a.firstByte(); b <= a.lastByte(); b++) {
                    assertThat(covered[b]).as("byte %d covered twice", b).isFalse();
                    covered[b] = true;
                }
                sum += a.probability();
            }
            for (boolean c : covered) {
                assertThat(c).isTrue();
            }
            assertThat(sum).isCloseTo(1.0, within(1e-9));
            assertThat(r.alternatives().stream().filter(Alternative::isByte).count()).isEqualTo(1);
        }
    }

    @Test
    void pulledRecordsInLockstepAreThePushedOnes() {
        Explainer a = new Explainer(Models.factory("order1"));
        Explainer b = new Explainer(Models.factory("fast"));
        List<ByteRecord> pushed = new ArrayList<>();
        b.explain(DATA, pushed::add);
        ByteRecords left = a.records(DATA);
        ByteRecords right = b.records(DATA);
        int i = 0;
        while (left.hasNext()) {
            ByteRecord x = left.next();
            ByteRecord y = right.next();
            assertThat(x.offset()).isEqualTo(y.offset()).isEqualTo(i);
            assertThat(y.bits()).isEqualTo(pushed.get(i).bits());
            assertThat(y.contributions()).containsExactly(pushed.get(i).contributions());
            assertThat(y.alternatives()).isEqualTo(pushed.get(i).alternatives());
            i++;
        }
        assertThat(right.hasNext()).isFalse();
        assertThat(right.explanation().idealBits()).isEqualTo(b.explain(DATA, r -> { }).idealBits());
    }

    @Test
    void emptyInputHasNoRecordsButNamesItsContributors() {
        List<String> names = new ArrayList<>();
        Explanation totals = new Explainer(Models.factory(MIX_FAST)).explain(new byte[0], new ByteRecordListener() {
            @Override
            public void started(String spec, List<String> contributors) {
                names.addAll(contributors);
            }

            @Override
            public void byteExplained(ByteRecord record) {
                throw new AssertionError("no bytes");
            }
        });
        assertThat(totals.bytes()).isZero();
        assertThat(totals.idealBitsPerByte()).isZero();
        assertThat(names).contains("uniform");
    }
}

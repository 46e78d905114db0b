package io.bitscale.scaling.sweep;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When two copies of a cell count as the same measurement in {@code merge}. */
class ResultTableTest {

    private static ResultRow row(long compressedBytes, double idealBpb, double seconds) {
        return new ResultRow("0123456789abcdef", "text-enwiki", "00ff", "online", "order-k", "order2", "k=2", 255, 1104,
                100_000_000L, 100_000_000L, compressedBytes, 8.0 * compressedBytes / 1e8, idealBpb, 16, 4080, 3.0,
                0.3, null, null, null, null, seconds, 1.0, 0, false, "jvm", "rev");
    }

    @Test
    void timingAndTheLastDigitsOfTheIdealSumDoNotMatter() {
        ResultRow a = row(37_840_225, 3.0272179557587995, 27.8);
        assertThat(ResultTable.sameMeasurement(a, row(37_840_225, 3.0272179544100233, 205.2))).isTrue();
        assertThat(ResultTable.sameMeasurement(a, a)).isTrue();
    }

    @Test
    void aDifferentPayloadOrIdealCodeLengthIsADifferentMeasurement() {
        ResultRow a = row(37_840_225, 3.0272179557587995, 27.8);
        assertThat(ResultTable.sameMeasurement(a, row(37_840_226, 3.0272179557587995, 27.8))).isFalse();
        assertThat(ResultTable.sameMeasurement(a, row(37_840_225, 3.02722, 27.8))).isFalse();
    }
}

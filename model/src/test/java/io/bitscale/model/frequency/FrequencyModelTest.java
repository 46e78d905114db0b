package io.bitscale.model.frequency;

import io.bitscale.core.model.Cdf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Krichevsky-Trofimov byte model: exact integer tables, per-context counts, halving at 2^24. */
class FrequencyModelTest {

    @Test
    void tableIsTheKtEstimatorExactly() {
        FrequencyModel model = new FrequencyModel(0);
        int[] counts = new int[256];
        byte[] data = "abracadabra, said the arithmetic coder".getBytes(StandardCharsets.US_ASCII);
        for (byte b : data) {
            int[] cdf = model.cdf();
            int n = 0;
            for (int count : counts) {
                n += count;
            }
            assertThat(cdf[256]).isEqualTo(2 * n + 256);
            for (int s = 0; s < 256; s++) {
                assertThat(cdf[s + 1] - cdf[s]).isEqualTo(2 * counts[s] + 1);
            }
            model.update(b & 0xFF);
            counts[b & 0xFF]++;
        }
    }

    @Test
    void orderOneKeepsOneTablePerPreviousByte() {
        FrequencyModel model = new FrequencyModel(1);
        for (int i = 0; i < 100; i++) {
            model.cdf();
            model.update('q');
            model.cdf();
            model.update('u');
        }
        int[] afterU = model.cdf().clone(); // context 'u': always followed by 'q'
        model.update('q');
        int[] afterQ = model.cdf();         // context 'q': always followed by 'u'
        assertThat(afterQ['u' + 1] - afterQ['u']).isEqualTo(2 * 100 + 1);
        assertThat(afterQ['q' + 1] - afterQ['q']).isEqualTo(1);
        assertThat(afterU['q' + 1] - afterU['q']).isEqualTo(2 * 99 + 1);
    }

    @Test
    void halvingKeepsTheTableValidAndAdaptive() {
        FrequencyModel model = new FrequencyModel(0);
        for (int i = 0; i < 9_000_000; i++) {
            model.update(i % 1000 == 0 ? 'b' : 'a');
        }
        int[] cdf = model.cdf();
        Cdf.validate(cdf, 256);
        assertThat(cdf[256]).isLessThanOrEqualTo(1 << 24).isGreaterThan(1 << 22);
        for (int s = 0; s < 256; s++) {
            assertThat((cdf[s + 1] - cdf[s]) & 1).as("weights stay odd (2n + 1)").isEqualTo(1);
        }
        assertThat(cdf['b' + 1] - cdf['b']).isBetween(3000, 20000);
    }

    @Test
    void refusesOrdersItDoesNotHave() {
        assertThatThrownBy(() -> new FrequencyModel(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrequencyModel(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FrequencyModel(1).memoryBytes()).isEqualTo(FrequencyModel.memoryBytes(1));
    }
}

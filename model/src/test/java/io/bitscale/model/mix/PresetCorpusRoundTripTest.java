package io.bitscale.model.mix;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presets and components round-trip real corpus files (small ones, to keep the build quick) and
 * compress them to a sane size. Reported as skipped where the
 * corpora are absent (failed under {@code BITSCALE_REQUIRE_CORPORA=1}).
 */
class PresetCorpusRoundTripTest {

    @ParameterizedTest
    @CsvSource({
            "fast, calgary/paper5, 3.0", "fast, calgary/obj1, 3.6",
            "default, calgary/progc, 2.3", "default, canterbury/grammar.lsp, 3.0",
            "strong, calgary/paper4, 2.9", "strong, canterbury/xargs.1, 3.5",
            "'mix(order(1..3,bits=18),mixer=linear)', calgary/paper5, 4.5",
            "'mix(order(2,bits=16),ppm(n=4,smoother=kn,mem=16))', canterbury/xargs.1, 4.0"})
    void roundTripsCorpusFiles(String spec, String file, double maxBpb) throws Exception {
        byte[] data = TestCorpora.read(file);
        PredictorFactory factory = Models.factory(spec);
        byte[] packed = MixingTestSupport.compress(factory, data);
        assertThat(MixingTestSupport.decompress(packed)).isEqualTo(data);
        assertThat(8.0 * packed.length / data.length).as("%s on %s", spec, file).isLessThan(maxBpb);
    }
}

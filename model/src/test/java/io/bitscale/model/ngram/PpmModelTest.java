package io.bitscale.model.ngram;

import io.bitscale.core.model.Cdf;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.model.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PpmModelTest {

    private static byte[] sample() {
        Random random = new Random(5);
        StringBuilder text = new StringBuilder();
        String[] words = {"the", "cat", "sat", "on", "mat", "and", "then", "slept", "quietly", "."};
        for (int i = 0; i < 3000; i++) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(9) == 0 ? "\n" : " ");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(PpmModel.Smoother.class)
    void cdfsAreValidAndDeterministic(PpmModel.Smoother smoother) {
        PpmModel a = new PpmModel(4, 14, smoother);
        PpmModel b = new PpmModel(4, 14, smoother);
        for (byte value : sample()) {
            int[] cdf = a.cdf();
            Cdf.validate(cdf, 256);
            assertThat(b.cdf()).isEqualTo(cdf);
            a.update(value & 0xFF);
            b.update(value & 0xFF);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppm(n=1)", "ppm(n=3,mem=14)", "ppm(n=5,smoother=kn,mem=16)", "ppm(n=4,smoother=ppmc)",
            "bits(ppm(n=3,mem=14))", "mix(order(1..2,bits=14),ppm(n=3,mem=14))"})
    void roundTrips(String spec) throws Exception {
        PredictorFactory factory = Models.factory(spec);
        byte[] data = sample();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory)) {
            out.write(data);
        }
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(sink.toByteArray()), Models.registry())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(sink.size()).isLessThan(data.length / 2);
    }
}

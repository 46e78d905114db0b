package io.bitscale.model.cm;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.corpora.testing.TestCorpora;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every preset round-trips every file of the tuning set (Calgary, Canterbury, large, the debian
 * set and the 10^7-byte Wikipedia and Gutenberg prefixes), through the container, with the size
 * hint. The files come from the bundled manifest through {@link TestCorpora}: a missing one is
 * reported as skipped, or fails under {@code BITSCALE_REQUIRE_CORPORA=1}.
 *
 * <p>About 97 MB per preset, so the tag {@value #TAG} is excluded from the default test run
 * and CI runs it as a step of its own (about 26 minutes of one core, two test threads):
 * {@code mvn -pl model -am test -Dgroups=tuning-set -Dbitscale.excludedGroups=none -Dtest.heap=4g
 * -Dtest=TuningSetRoundTripTest -Dsurefire.failIfNoSpecifiedTests=false} (a 4 GiB test heap: on the
 * default 2 GiB, two concurrent {@code strong} round trips once failed to allocate a model).
 */
@Tag(TuningSetRoundTripTest.TAG)
@Execution(ExecutionMode.CONCURRENT)
class TuningSetRoundTripTest {

    /** The JUnit tag of this test, excluded from the default run. */
    static final String TAG = "tuning-set";

    /** The sets of the tuning set, in manifest order. */
    static final List<String> SETS = List.of("calgary", "canterbury", "large", "debian", "prefix");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String preset : List.of("fast", "default", "strong")) {
            for (String file : TestCorpora.files(SETS.toArray(new String[0]))) {
                cases.add(Arguments.of(preset, file));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void roundTrips(String preset, String file) throws IOException {
        byte[] data = TestCorpora.read(file);
        PredictorFactory factory = ((CmFactory) Models.factory(preset)).forInputBytes(data.length);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = new BitscaleOutputStream(packed, factory)) {
            out.write(data);
        }
        byte[] decoded;
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(packed.toByteArray()),
                Models.registry())) {
            decoded = in.readAllBytes();
        }
        assertThat(decoded).as("%s round trip of %s", factory.spec(), file).isEqualTo(data);
    }
}

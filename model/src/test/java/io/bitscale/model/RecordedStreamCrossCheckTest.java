package io.bitscale.model;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.testing.CodingEvent;
import io.bitscale.core.testing.EventRecorder;
import io.bitscale.core.testing.ReferenceCoder;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast coder against the exact {@link ReferenceCoder} on probability streams recorded from the
 * shipped models coding real data: the fast payload is within 0.01% + 64 bits of the exact code,
 * and each coder decodes its own output back to the recorded events.
 */
class RecordedStreamCrossCheckTest {

    @ParameterizedTest(name = "{0} on {1} @{2}")
    @CsvSource({
            "order1,    calgary/book1,          100000",
            "order2,    calgary/book1,          300000",
            "order2,    canterbury/kennedy.xls, 500000",
            "order0,    calgary/geo,            50000",
            "kt0,       calgary/obj2,           1000",
            "kt1,       calgary/book1,          300000",
            "kt1,       calgary/obj1,           4000",
            "bits(kt0), canterbury/alice29.txt, 50000",
    })
    void fastCoderAgreesWithExactReference(String spec, String file, int offset) {
        byte[] all = TestCorpora.read(file);
        // Warm the model on what precedes the slice, then record the slice.
        var predictor = Models.factory(spec).create();
        PredictiveCoder.of(predictor).codeBlock(new ArithmeticEncoder(), Arrays.copyOf(all, offset), 0, offset);
        int length = spec.startsWith("kt") ? 2500 : 1000;
        byte[] slice = Arrays.copyOfRange(all, offset, offset + length);
        List<CodingEvent> events = EventRecorder.record(predictor, slice);
        assertThat(events).hasSize(spec.startsWith("kt") ? length : 8 * length);

        byte[] fast = CodingEvent.encodeFast(events);
        assertThat(CodingEvent.decodeFast(fast, events)).isEqualTo(CodingEvent.outcomes(events));
        ReferenceCoder reference = ReferenceCoder.encode(events);
        long referenceBits = reference.codeLengthBits();
        assertThat(ReferenceCoder.decode(reference.code(), events)).isEqualTo(CodingEvent.outcomes(events));
        double ideal = CodingEvent.idealBits(events);
        long fastBits = 8L * fast.length;
        System.out.println(String.format(Locale.ROOT, "cross-check %-9s %-24s %6d events: ideal %10.1f  reference %8d  fast %8d bits",
                spec, file, events.size(), ideal, referenceBits, fastBits));
        assertThat(referenceBits).isLessThanOrEqualTo((long) Math.ceil(reference.idealBits()) + 1);
        assertThat((double) Math.abs(fastBits - referenceBits)).isLessThanOrEqualTo(1e-4 * referenceBits + 64);
        assertThat(8.0 * fast.length).isLessThanOrEqualTo(ideal * (1 + 1e-4) + 64);
    }
}

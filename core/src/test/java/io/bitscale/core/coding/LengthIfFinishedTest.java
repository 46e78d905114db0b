package io.bitscale.core.coding;

import io.bitscale.core.testing.CodingEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ArithmeticEncoder#lengthIfFinished()} is the length a separate encoder finishing after
 * the same prefix returns, and asking it changes nothing about the rest of the block.
 */
class LengthIfFinishedTest {

    @Provide
    Arbitrary<List<CodingEvent>> streams() {
        return Arbitraries.oneOf(CodingStreams.bitEvents(), CodingStreams.symbolEvents()).list().ofMaxSize(3000);
    }

    @Property(tries = 300)
    void everyPrefixLengthMatchesASeparateRun(@ForAll("streams") List<CodingEvent> events) {
        ArithmeticEncoder asked = new ArithmeticEncoder(16);
        int[] projected = new int[events.size() + 1];
        projected[0] = asked.lengthIfFinished();
        for (int i = 0; i < events.size(); i++) {
            events.get(i).codeWith(asked);
            projected[i + 1] = asked.lengthIfFinished();
        }
        byte[] whole = asked.finish();

        assertThat(whole).as("asking leaves the payload as an encoder never asked writes it")
                .isEqualTo(CodingEvent.encodeFast(events));
        int step = Math.max(1, events.size() / 16);
        for (int n = 0; n < events.size(); n += step) {
            assertPrefix(events, n, projected[n]);
        }
        assertPrefix(events, events.size(), projected[events.size()]);
    }

    private static void assertPrefix(List<CodingEvent> events, int n, int projected) {
        assertThat(projected).as("prefix of %d events", n).isEqualTo(CodingEvent.encodeFast(events.subList(0, n)).length);
    }

    @Example
    void carriesAndLongRunsOfFfBytesAreCounted() {
        // Near-certain bits against the odds push low toward carries and pending 0xFF runs, the
        // states where the finished length differs most from the bytes written so far.
        SplittableRandom random = new SplittableRandom(7);
        ArithmeticEncoder asked = new ArithmeticEncoder(16);
        java.util.ArrayList<CodingEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            int p1 = random.nextInt(8) == 0 ? 1 + random.nextInt(65535) : 65535 - random.nextInt(4);
            CodingEvent event = new CodingEvent.Bit(p1, random.nextInt(64) == 0 ? 0 : 1);
            events.add(event);
            event.codeWith(asked);
            if (i % 9973 == 0) {
                assertThat(asked.lengthIfFinished()).as("after %d events", i + 1)
                        .isEqualTo(CodingEvent.encodeFast(events).length);
            }
        }
        assertThat(asked.finish()).isEqualTo(CodingEvent.encodeFast(events));
    }

    @Example
    void aFinishedBlockReportsItsLength() {
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        encoder.codeBit(20000, 1);
        encoder.codeBit(60000, 0);
        int length = encoder.finishBlock();
        assertThat(encoder.lengthIfFinished()).isEqualTo(length);
    }
}

package io.bitscale.core.coding;

import io.bitscale.core.testing.CodingEvent;
import io.bitscale.core.testing.ReferenceCoder;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The exact reference coder is itself checked on hand-computed intervals and random streams. */
class ReferenceCoderTest {

    private static List<CodingEvent> bits(int p1, int... outcomes) {
        List<CodingEvent> events = new ArrayList<>();
        for (int outcome : outcomes) {
            events.add(new CodingEvent.Bit(p1, outcome));
        }
        return events;
    }

    @Example
    void handComputedIntervals() {
        // Bit 0 owns the upper half: eight of them leave [1 - 2^-8, 1), whose shortest fraction is 0.11111111.
        ReferenceCoder upper = ReferenceCoder.encode(bits(32768, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(upper.codeLengthBits()).isEqualTo(8);
        assertThat(upper.code()).containsExactly((byte) 0xFF);
        // Bit 1 owns the lower half: [0, 2^-8) contains 0, the empty code.
        ReferenceCoder lower = ReferenceCoder.encode(bits(32768, 1, 1, 1, 1, 1, 1, 1, 1));
        assertThat(lower.codeLengthBits()).isZero();
        assertThat(lower.code()).isEmpty();
        // 0 then 1: [1/2, 3/4) holds 0.1.
        ReferenceCoder half = ReferenceCoder.encode(bits(32768, 0, 1));
        assertThat(half.codeLengthBits()).isEqualTo(1);
        assertThat(half.code()).containsExactly((byte) 0x80);
        // Thirds: symbol 1 of {1,1,1}/3 is [1/3, 2/3), which holds 1/2; symbol 2 twice is [8/9, 1), needs 0.1111 (15/16).
        int[] thirds = {0, 1, 2, 3};
        assertThat(ReferenceCoder.encode(List.of(new CodingEvent.Symbol(thirds, 3, 1))).codeLengthBits()).isEqualTo(1);
        ReferenceCoder top = ReferenceCoder.encode(List.of(new CodingEvent.Symbol(thirds, 3, 2), new CodingEvent.Symbol(thirds, 3, 2)));
        assertThat(top.codeLengthBits()).isEqualTo(4);
        assertThat(top.code()).containsExactly((byte) 0xF0);
        assertThat(top.idealBits()).isCloseTo(2 * Math.log(3) / Math.log(2), offset(1e-12));
    }

    @Property(tries = 100)
    void codeIsShortAndDecodes(@ForAll long seed, @ForAll @IntRange(min = 0, max = 600) int length) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CodingEvent> events = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            events.add(random.nextInt(3) == 0 ? CodingStreams.symbolEvent(random)
                    : new CodingEvent.Bit(1 + random.nextInt(65535), random.nextInt(2)));
        }
        ReferenceCoder reference = ReferenceCoder.encode(events);
        double ideal = CodingEvent.idealBits(events);
        assertThat(reference.idealBits()).isCloseTo(ideal, offset(1e-6 * ideal + 1e-9));
        assertThat(reference.codeLengthBits()).isLessThanOrEqualTo((long) Math.ceil(reference.idealBits()) + 1);
        assertThat(ReferenceCoder.decode(reference.code(), events)).isEqualTo(CodingEvent.outcomes(events));
    }

    @Example
    void decodingDependsOnEveryCodeBit() {
        List<CodingEvent> events = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 400; i++) {
            events.add(new CodingEvent.Bit(32768, random.nextInt(2)));
        }
        byte[] code = ReferenceCoder.encode(events).code();
        assertThat(code).hasSize(50);
        for (int bit = 0; bit < 8 * code.length; bit += 37) {
            byte[] flipped = code.clone();
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            int[] decoded = decodeOrNull(flipped, events);
            assertThat(decoded).as("flip of code bit %d", bit).isNotEqualTo(CodingEvent.outcomes(events));
        }
    }

    private static int[] decodeOrNull(byte[] code, List<CodingEvent> events) {
        try {
            return ReferenceCoder.decode(code, events);
        } catch (AssertionError e) {
            return null;
        }
    }

    @Example
    void rejectsImpossibleEvents() {
        assertThatThrownBy(() -> new ReferenceCoder().bit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReferenceCoder().symbol(new int[] {0, 2, 2, 4}, 3, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ReferenceCoder.encode(Collections.emptyList()).codeLengthBits()).isZero();
    }
}

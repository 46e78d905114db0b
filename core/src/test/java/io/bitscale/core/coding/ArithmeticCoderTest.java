package io.bitscale.core.coding;

import io.bitscale.core.testing.CodingEvent;
import io.bitscale.core.testing.ReferenceCoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * Properties of the fast coder on generated probability streams: every stream decodes back to
 * its outcomes, the payload stays within 0.01% + 64 bits of {@code Σ -log2 p}, and it agrees
 * with the exact {@link ReferenceCoder}.
 */
class ArithmeticCoderTest {

    static final double RELATIVE = 1e-4;
    static final double ABSOLUTE_BITS = 64;

    /** Round trip, decoder consumption and the one-sided overhead bound; returns the payload. */
    static byte[] assertCodes(List<CodingEvent> events) {
        byte[] payload = CodingEvent.encodeFast(events);
        ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
        int[] decoded = new int[events.size()];
        for (int i = 0; i < decoded.length; i++) {
            decoded[i] = events.get(i).codeWith(decoder);
        }
        assertThat(decoded).as("decoded outcomes").isEqualTo(CodingEvent.outcomes(events));
        assertThat(decoder.validStart()).isTrue();
        assertThat(decoder.bytesRead()).as("the decoder reads the whole payload").isGreaterThanOrEqualTo(payload.length);
        if (payload.length > 0) {
            assertThat(payload[payload.length - 1]).as("trailing zero bytes are dropped").isNotZero();
        }
        double ideal = CodingEvent.idealBits(events);
        assertThat(8.0 * payload.length).as("payload bits vs ideal %.2f", ideal)
                .isLessThanOrEqualTo(ideal * (1 + RELATIVE) + ABSOLUTE_BITS);
        return payload;
    }

    @Provide
    Arbitrary<List<CodingEvent>> bitStreams() {
        return CodingStreams.bitEvents().list().ofMaxSize(4000);
    }

    @Provide
    Arbitrary<List<CodingEvent>> symbolStreams() {
        return CodingStreams.symbolEvents().list().ofMaxSize(1500);
    }

    @Provide
    Arbitrary<List<CodingEvent>> mixedStreams() {
        return Arbitraries.frequencyOf(Tuple.of(3, CodingStreams.bitEvents()), Tuple.of(1, CodingStreams.symbolEvents()))
                .list().ofMaxSize(2000);
    }

    @Property(tries = 300)
    void bitStreamsRoundTripWithinIdeal(@ForAll("bitStreams") List<CodingEvent> events) {
        assertCodes(events);
    }

    @Property(tries = 200)
    void symbolStreamsRoundTripWithinIdeal(@ForAll("symbolStreams") List<CodingEvent> events) {
        assertCodes(events);
    }

    @Property(tries = 200)
    void mixedStreamsRoundTripWithinIdeal(@ForAll("mixedStreams") List<CodingEvent> events) {
        assertCodes(events);
    }

    @Property(tries = 300)
    void extremeProbabilitiesRoundTrip(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20_000) int length) {
        // Long stretches at the very ends of the scale, outcomes mostly the unlikely ones.
        SplittableRandom random = new SplittableRandom(seed);
        List<CodingEvent> events = new ArrayList<>(length);
        int[] extremes = {1, 2, 65534, 65535};
        for (int i = 0; i < length; i++) {
            int p1 = extremes[random.nextInt(4)];
            int unlikely = p1 < 32768 ? 1 : 0;
            events.add(new CodingEvent.Bit(p1, random.nextInt(8) == 0 ? 1 - unlikely : unlikely));
        }
        assertCodes(events);
    }

    @Property(tries = 60)
    void crossCheckWithReferenceCoder(@ForAll("mixedStreams") List<CodingEvent> events) {
        assertAgreesWithReference(events);
    }

    /**
     * The fast payload is within 0.01% + 64 bits of the exact reference code (both ways), and both
     * coders decode their own output back to the same events.
     */
    static void assertAgreesWithReference(List<CodingEvent> events) {
        byte[] fast = assertCodes(events);
        ReferenceCoder reference = ReferenceCoder.encode(events);
        long referenceBits = reference.codeLengthBits();
        double ideal = CodingEvent.idealBits(events);
        assertThat(reference.idealBits()).as("exact ideal vs Σ -log2 p")
                .isCloseTo(ideal, offset(1e-6 * ideal + 1e-6));
        assertThat((double) referenceBits).as("reference code length")
                .isLessThanOrEqualTo(Math.ceil(reference.idealBits()) + 1);
        assertThat(ReferenceCoder.decode(reference.code(), events)).as("reference decodes its own code")
                .isEqualTo(CodingEvent.outcomes(events));
        long fastBits = 8L * fast.length;
        assertThat((double) Math.abs(fastBits - referenceBits))
                .as("fast %d bits vs reference %d bits", fastBits, referenceBits)
                .isLessThanOrEqualTo(RELATIVE * referenceBits + ABSOLUTE_BITS);
    }

    @Property(tries = 40)
    void carriesThroughLongFFRuns(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int exit) {
        List<CodingEvent> events = CodingStreams.steeredAroundOneHalf(seed, 3000, exit, exit == 2 ? 0 : 200);
        byte[] payload = assertCodes(events);
        if (exit == 0) {
            assertThat(payload[0] & 0xFF).isEqualTo(0x7F);
            assertThat(CodingStreams.longestRun(payload, 0xFF)).as("FF run kept below 1/2").isGreaterThan(64);
        } else if (exit == 1) {
            assertThat(payload[0] & 0xFF).as("7F + carry").isEqualTo(0x80);
            assertThat(CodingStreams.longestRun(payload, 0x00)).as("FF run turned to 00 by the carry").isGreaterThan(64);
        } else {
            assertThat(payload).as("the flush picks 1/2 itself: 7F FF FF ... + carry, zeros dropped")
                    .containsExactly((byte) 0x80);
        }
    }

    @Example
    void carriesAgreeWithReferenceCoder() {
        for (int exit = 0; exit < 3; exit++) {
            assertAgreesWithReference(CodingStreams.steeredAroundOneHalf(42 + exit, 1500, exit, 100));
        }
    }

    @Example
    void outcomesOwningTheLowestSubIntervalCostNothing() {
        // Bit 1 owns [0, p1): a run of them keeps low at 0, so every byte is a dropped zero.
        List<CodingEvent> ones = Collections.nCopies(1000, new CodingEvent.Bit(1, 1));
        assertThat(CodingEvent.encodeFast(ones)).isEmpty();
        assertThat(CodingEvent.idealBits(ones)).isEqualTo(16_000.0);
        assertThat(CodingEvent.decodeFast(new byte[0], ones)).containsOnly(1);
        assertThat(ReferenceCoder.encode(ones).codeLengthBits()).isZero();
    }

    @Example
    void likelyOutcomesAtTheTopCostAlmostNothing() {
        List<CodingEvent> zeros = Collections.nCopies(1000, new CodingEvent.Bit(1, 0));
        byte[] payload = assertCodes(zeros);
        assertThat(payload).hasSizeLessThanOrEqualTo(1);
        List<CodingEvent> halves = Collections.nCopies(800, new CodingEvent.Bit(32768, 0));
        assertThat(assertCodes(halves)).as("800 bits at p = 1/2 take 100 bytes").hasSize(100);
    }

    @Example
    void symbolsOfWidthOneOutOfTwoTo24() {
        int[] cdf = {0, 1, (1 << 24) - 1, 1 << 24};
        List<CodingEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(new CodingEvent.Symbol(cdf, 3, i % 3 == 1 ? 1 : i % 2 == 0 ? 0 : 2));
        }
        assertAgreesWithReference(events);
    }

    @Example
    void encoderRejectsImpossibleProbabilities() {
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        assertThatThrownBy(() -> encoder.codeBit(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p1 0");
        assertThatThrownBy(() -> encoder.codeBit(65536, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.codeSymbol(new int[] {0, 5, 5, 10}, 3, 1))
                .as("zero-width symbol").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.codeSymbol(new int[] {0, 1 << 24, (1 << 24) + 1}, 2, 0))
                .as("total above 2^24").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.codeSymbol(new int[] {0, 1}, 1, 0))
                .as("total below 2").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.codeSymbol(new int[] {0, 1, 2}, 2, 2))
                .as("symbol outside the alphabet").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArithmeticDecoder(new byte[4], 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void encoderResetsBetweenBlocks() {
        List<CodingEvent> events = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 5000; i++) {
            events.add(new CodingEvent.Bit(1 + random.nextInt(65535), random.nextInt(2)));
        }
        ArithmeticEncoder encoder = new ArithmeticEncoder(16);
        for (CodingEvent event : events) {
            event.codeWith(encoder);
        }
        byte[] first = encoder.finish();
        assertThat(encoder.finish()).as("finish is idempotent").isEqualTo(first);
        encoder.reset();
        for (CodingEvent event : events) {
            event.codeWith(encoder);
        }
        assertThat(encoder.finish()).isEqualTo(first).isEqualTo(CodingEvent.encodeFast(events));
    }

    @Example
    void decoderFlagsAFirstWordNoEncoderWrites() {
        ArithmeticDecoder decoder = new ArithmeticDecoder(new byte[] {-1, -1, -1, -1, 7}, 0, 5);
        assertThat(decoder.validStart()).isFalse();
        assertThat(new ArithmeticDecoder(new byte[] {-1, -1, -1, -2}, 0, 4).validStart()).isTrue();
        ArithmeticDecoder shortInput = new ArithmeticDecoder(new byte[] {0x12}, 0, 1);
        assertThat(shortInput.overrun()).isEqualTo(3);
        assertThat(shortInput.bytesRead()).isEqualTo(4);
    }
}

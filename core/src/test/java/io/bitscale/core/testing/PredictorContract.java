package io.bitscale.core.testing;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Cdf;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.core.stream.StreamOptions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The round-trip contract every model's test subclasses: the edge cases of arithmetic coding
 * (empty input, one byte, every byte value, long runs that push probabilities to their limits,
 * skewed and random data, data straddling frames), each coded through the real lockstep loop and
 * container and decoded by a fresh model, with the payload within 0.01% + 64 bits of the ideal
 * code length; plus the SPI guarantees: fresh instances are deterministic, {@code p1()} is in
 * {@code [1, 65535]}, every cdf passes {@link Cdf#validate}, and the factory states the sizes of
 * its instances.
 *
 * <pre>{@code
 * class Order2Test extends PredictorContract {
 *     @Override protected PredictorFactory factory() { return Models.factory("order2"); }
 *     @Override protected ModelResolver resolver() { return Models.registry(); }
 * }
 * }</pre>
 */
public abstract class PredictorContract {

    /** The model under test. */
    protected abstract PredictorFactory factory();

    /** The resolver a decoder uses; by default one that knows only {@link #factory()}. */
    protected ModelResolver resolver() {
        return TestModels.resolver(factory());
    }

    /** Bytes for the longer cases; lower it for slow models. */
    protected int longLength() {
        return 100_000;
    }

    private RoundTrip.Result both(String what, byte[] data) {
        RoundTrip.Result block = RoundTrip.block(factory(), data).assertWithinIdeal(what + " (block)")
                .assertNotBelowIdeal(what + " (block)");
        RoundTrip.Result stream = RoundTrip.stream(factory(), resolver(), data, new StreamOptions(1 << 16))
                .assertWithinIdeal(what + " (stream)").assertNotBelowIdeal(what + " (stream)");
        if (data.length <= 1 << 16) {
            boolean expands = block.payloadBytes() > data.length;
            assertThat(stream.storedFrames()).as("a frame is stored exactly when coding would expand it")
                    .isEqualTo(expands ? 1 : 0);
            assertThat(stream.payloadBytes()).as("a single frame codes like a bare block, or is stored raw")
                    .isEqualTo(expands ? data.length : block.payloadBytes());
        }
        return stream;
    }

    @Test
    void emptyInputCostsNothing() {
        RoundTrip.Result result = both("empty", new byte[0]);
        assertThat(result.payloadBytes()).isZero();
        assertThat(result.frames()).isZero();
    }

    @Test
    void oneByteOfEachKind() {
        for (int value : new int[] {0, 1, 0x55, 0x7F, 0x80, 0xAA, 0xFE, 0xFF}) {
            RoundTrip.Result result = both("one byte " + value, new byte[] {(byte) value});
            assertThat(result.payloadBytes()).as("payload of one byte %d", value).isLessThanOrEqualTo(16 + 8);
        }
    }

    @Test
    void everyByteValue() {
        both("0..255", TestData.everyByte(1));
        byte[] descending = TestData.everyByte(4);
        for (int i = 0; i < descending.length; i++) {
            descending[i] = (byte) ~descending[i];
        }
        both("255..0 x4", descending);
    }

    @Test
    void longRunsPushProbabilitiesToTheirLimits() {
        for (int value : new int[] {0x00, 0xFF, 'e'}) {
            RoundTrip.Result result = both("run of " + value, TestData.run(value, longLength()));
            assertThat(result.payloadBits()).as("an adaptive model learns a run of %d", value)
                    .isLessThan(8L * longLength() / 4);
        }
    }

    @Test
    void alternatingExtremes() {
        byte[] data = new byte[longLength() / 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i & 1) == 0 ? 0x00 : 0xFF);
        }
        both("alternating 00/FF", data);
    }

    @Test
    void skewedRandomData() {
        RoundTrip.Result result = both("skewed", TestData.skewed(11, longLength()));
        assertThat(result.bitsPerByte()).as("geometric bytes have ~2.75 bits of entropy").isLessThan(4.0);
    }

    @Test
    void uniformRandomData() {
        RoundTrip.Result result = both("uniform", TestData.random(12, longLength() / 2));
        assertThat(result.bitsPerByte()).as("random bytes cannot compress much below 8 bpb").isGreaterThan(7.9);
    }

    @Test
    void dataStraddlingFrameBoundaries() {
        byte[] data = TestData.text(13, 3 * 1024 + 1);
        for (int length : new int[] {1023, 1024, 1025, 2048, 3 * 1024 + 1}) {
            byte[] prefix = Arrays.copyOf(data, length);
            RoundTrip.Result result = RoundTrip.stream(factory(), resolver(), prefix, new StreamOptions(1024))
                    .assertWithinIdeal(length + " bytes in 1 KiB frames").assertNotBelowIdeal(length + " bytes");
            assertThat(result.frames()).isEqualTo((length + 1023) / 1024);
        }
    }

    @Test
    void freshInstancesAreDeterministicAndStayInRange() {
        byte[] data = TestData.concat(TestData.run(0, 20_000), TestData.run(0xFF, 20_000),
                TestData.skewed(14, 10_000), TestData.random(15, 10_000), TestData.everyByte(8));
        long[] first = trace(factory().create(), data);
        long[] second = trace(factory().create(), data);
        assertThat(second).as("two fresh instances fed the same history").isEqualTo(first);
    }

    @Test
    void factoryStatesTheSizeOfItsInstances() {
        PredictorFactory factory = factory();
        Predictor predictor = factory.create();
        assertThat(predictor.parameters()).as("parameters()").isEqualTo(factory.parameters());
        assertThat(predictor.memoryBytes()).as("memoryBytes()").isEqualTo(factory.memoryBytes());
        assertThat(factory.memoryBytes()).isPositive();
        assertThat(factory.parameters()).isNotNegative();
    }

    @Test
    void resolverRecreatesTheModelFromItsSpec() {
        PredictorFactory factory = factory();
        PredictorFactory resolved = resolver().resolve(factory.spec());
        assertThat(resolved.spec()).isEqualTo(factory.spec());
        byte[] data = TestData.text(16, 5_000);
        assertThat(trace(resolved.create(), data)).isEqualTo(trace(factory.create(), data));
    }

    /**
     * Feeds {@code data} to a predictor following its call protocol and returns what it predicted:
     * every {@code p1} of a bit predictor, or a digest of every cdf of a symbol predictor; fails
     * at the first probability outside the SPI guarantees.
     */
    public static long[] trace(Predictor predictor, byte[] data) {
        if (predictor instanceof BitPredictor bits) {
            long[] trace = new long[8 * data.length];
            int index = 0;
            for (int i = 0; i < data.length; i++) {
                for (int shift = 7; shift >= 0; shift--) {
                    int p1 = bits.p1();
                    if (p1 < 1 || p1 > 65535) {
                        fail("p1 = %d outside [1, 65535] at byte %d bit %d", p1, i, 7 - shift);
                    }
                    trace[index++] = p1;
                    bits.update((data[i] >>> shift) & 1);
                }
            }
            return trace;
        }
        SymbolPredictor symbols = (SymbolPredictor) predictor;
        long[] trace = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            int[] cdf = symbols.cdf();
            try {
                Cdf.validate(cdf, 256);
            } catch (IllegalArgumentException e) {
                fail("invalid cdf at byte " + i + ": " + e.getMessage());
            }
            long digest = 0;
            for (int s = 0; s <= 256; s++) {
                digest = digest * 1_000_003 + cdf[s];
            }
            trace[i] = digest;
            symbols.update(data[i] & 0xFF);
        }
        return trace;
    }
}

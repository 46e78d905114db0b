package io.bitscale.model.cm;

import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.testing.PredictorContract;
import io.bitscale.core.testing.TestData;
import io.bitscale.corpora.testing.TestCorpora;
import io.bitscale.model.Models;
import io.bitscale.model.spec.SpecSyntaxException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The context-mixing engine: the round-trip contract for the presets and every knob, sizes, specs. */
class CmPredictorTest {

    abstract static class Shipped extends PredictorContract {
        abstract String spec();

        @Override
        protected PredictorFactory factory() {
            return Models.factory(spec());
        }

        @Override
        protected ModelResolver resolver() {
            return Models.registry();
        }
    }

    @Nested
    class Fast extends Shipped {
        @Override
        String spec() {
            return "fast(size=17)";
        }
    }

    @Nested
    class Default extends Shipped {
        @Override
        String spec() {
            return "default(size=17)";
        }
    }

    @Nested
    class Strong extends Shipped {
        @Override
        String spec() {
            return "strong(size=17)";
        }
    }

    /** Every knob at once, with tables far smaller than the long inputs (replacement, wrap-around). */
    @Nested
    class EveryKnob extends Shipped {
        @Override
        String spec() {
            return "cm(orders=1234567,words=3,sparse=6,column=1,record=2,direct=2,match=4,bits=16,mbits=16,mixers=124,apm=2)";
        }
    }

    /** No direct order-1 table, no history buffer, no SSE, one mixer. */
    @Nested
    class Bare extends Shipped {
        @Override
        String spec() {
            return "cm(orders=29,words=0,match=0,bits=16,mixers=3,apm=0)";
        }
    }

    /** Only text contexts, one SSE stage. */
    @Nested
    class WordsOnly extends Shipped {
        @Override
        String spec() {
            return "cm(orders=0,words=2,column=1,match=32,bits=16,mbits=16,mixers=2,apm=1)";
        }
    }

    @Property(tries = 40)
    void anyInputRoundTripsWithinTheIdealCodeLength(@ForAll @Size(max = 3000) byte[] data) {
        roundTripsWithinTheIdealCodeLength(
                Models.factory("cm(orders=1236,words=1,sparse=1,direct=2,match=4,bits=16,mbits=16,mixers=43)"), data);
    }

    /** The coder contract: the bytes come back, and the payload is the ideal code length within 0.01% + 64 bits. */
    private static void roundTripsWithinTheIdealCodeLength(PredictorFactory factory, byte[] data) {
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        PredictiveCoder.of(factory.create()).codeBlock(encoder, data.clone(), 0, data.length);
        byte[] payload = encoder.finish();
        byte[] decoded = new byte[data.length];
        PredictiveCoder.of(factory.create()).codeBlock(new ArithmeticDecoder(payload, 0, payload.length), decoded, 0,
                decoded.length);
        assertThat(decoded).isEqualTo(data);
        assertThat(8.0 * payload.length).isLessThanOrEqualTo(idealBits(factory, data, 0) * 1.0001 + 64);
    }

    /** The ideal code length of {@code data} from byte {@code from} on, the model having seen all of it. */
    private static double idealBits(PredictorFactory factory, byte[] data, int from) {
        BitPredictor model = (BitPredictor) factory.create();
        double bits = 0;
        for (int i = 0; i < data.length; i++) {
            for (int shift = 7; shift >= 0; shift--) {
                int bit = (data[i] >>> shift) & 1;
                int p1 = model.p1();
                if (i >= from) {
                    bits -= Math.log((bit == 1 ? p1 : 65536 - p1) / 65536.0) / Math.log(2);
                }
                model.update(bit);
            }
        }
        return bits;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "default", "strong", "fast(size=20)", "default(size=24)",
            "cm(orders=1234567,words=3,sparse=6,column=1,record=2,direct=2,match=4,bits=16,mbits=16,mixers=124,apm=2)",
            "cm(orders=29,words=0,match=0,bits=16,mixers=3,apm=0)"})
    void memoryBytesIsWithinTenPercentOfWhatIsAllocated(String spec) {
        PredictorFactory factory = Models.factory(spec);
        long measured = deepSize(factory.create());
        assertThat((double) factory.memoryBytes()).as(spec).isBetween(0.9 * measured, 1.1 * measured);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "default", "strong", "default(17)",
            "cm(orders=1234567,words=3,sparse=6,column=1,record=2,direct=2,match=4,bits=16,mbits=16,mixers=124,apm=2)",
            "cm(orders=29,words=0,match=0,bits=16,mixers=3,apm=0)"})
    void partsAddUpToTheTotalsAndTheWorkIsWithinTheReadersBound(String spec) {
        PredictorFactory factory = Models.factory(spec);
        long parameters = 0;
        long memory = 0;
        long work = 0;
        for (io.bitscale.core.model.ModelPart part : factory.parts()) {
            assertThat(part.parameters()).as("%s %s", spec, part.name()).isNotNegative();
            assertThat(part.memoryBytes()).as("%s %s", spec, part.name()).isPositive();
            assertThat(part.operationsPerByte()).as("%s %s", spec, part.name()).isPositive();
            parameters += part.parameters();
            memory += part.memoryBytes();
            work += part.operationsPerByte();
        }
        assertThat(parameters).as(spec).isEqualTo(factory.parameters());
        assertThat(memory).as(spec).isEqualTo(factory.memoryBytes());
        assertThat(work).as(spec).isEqualTo(factory.operationsPerByte());
        // Readers refuse streams above 2^20 operations per byte unless slow models are allowed.
        assertThat(factory.operationsPerByte()).as(spec).isBetween(100L, 1L << 20);
    }

    /**
     * A restarted model is a fresh one: after coding text, records (the record detector), binary
     * data and lines (the column model), it gives the probabilities of a new model, bit for bit.
     * The same check on a model that was not restarted must see a difference, so the test fails
     * when restart forgets the tables.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fast(16)", "default(16)", "strong(16)",
            "cm(orders=1234567,words=3,sparse=6,column=1,record=2,direct=2,match=4,bits=16,mbits=16,mixers=124,apm=2)",
            "cm(orders=29,words=0,match=0,bits=16,mixers=3,apm=0)",
            "cm(orders=0,words=2,column=1,match=32,bits=16,mbits=16,mixers=2,apm=1)"})
    void aRestartedModelPredictsLikeANewOne(String spec) {
        PredictorFactory factory = Models.factory(spec);
        byte[] records = new byte[6_000];
        for (int i = 0; i < records.length; i++) {
            records[i] = (byte) (i % 12 < 4 ? i % 12 : (i * 7) % 256);
        }
        byte[] first = TestData.concat(TestData.text(5, 20_000), records, TestData.random(6, 3_000));
        byte[] probe = TestData.concat(TestData.text(7, 4_000), records);
        long[] fresh = probabilities((BitPredictor) factory.create(), probe);

        CmPredictor used = (CmPredictor) factory.create();
        probabilities(used, first);
        assertThat(probabilities(used, probe)).as("without restart").isNotEqualTo(fresh);
        CmPredictor restarted = (CmPredictor) factory.create();
        probabilities(restarted, first);
        restarted.restart();
        assertThat(probabilities(restarted, probe)).as("after restart").isEqualTo(fresh);
        restarted.freeze();
        probabilities(restarted, first);
        restarted.restart();
        assertThat(probabilities(restarted, probe)).as("after freezing and a second restart").isEqualTo(fresh);
    }

    /** The probabilities of every bit of {@code data}, packed with the bit. */
    private static long[] probabilities(BitPredictor model, byte[] data) {
        long[] seen = new long[data.length * 8];
        int k = 0;
        for (byte b : data) {
            for (int shift = 7; shift >= 0; shift--) {
                int bit = (b >>> shift) & 1;
                seen[k++] = (long) model.p1() << 1 | bit;
                model.update(bit);
            }
        }
        return seen;
    }

    /**
     * Blocks reuse one model per thread (restarted between blocks), so the streams of 1, 2 and 3
     * threads must be the same bytes, and decode on any thread count.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fast(15)", "default(15)"})
    void blockStreamsAreTheSameOnEveryThreadCount(String spec) throws java.io.IOException {
        PredictorFactory factory = Models.factory(spec);
        byte[] input = TestData.concat(TestData.text(8, 40_000), TestData.random(9, 5_000), TestData.text(10, 30_000));
        byte[] one = null;
        for (int threads = 1; threads <= 3; threads++) {
            io.bitscale.core.stream.StreamOptions options = io.bitscale.core.stream.StreamOptions.DEFAULT
                    .withFrameBytes(4096).withBlockBytes(8192).withThreads(threads);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.io.OutputStream coder = new io.bitscale.core.stream.BitscaleOutputStream(out, factory, options)) {
                coder.write(input);
            }
            if (one == null) {
                one = out.toByteArray();
            }
            assertThat(out.toByteArray()).as("%d threads", threads).isEqualTo(one);
            try (java.io.InputStream in = new io.bitscale.core.stream.BitscaleInputStream(
                    new java.io.ByteArrayInputStream(one), Models.registry(), options)) {
                assertThat(in.readAllBytes()).as("decoded on %d threads", threads).isEqualTo(input);
            }
        }
    }

    @Test
    void heapStaysFlatWhileCoding() {
        PredictorFactory factory = Models.factory("fast(size=16)");
        BitPredictor model = (BitPredictor) factory.create();
        long before = deepSize(model);
        byte[] data = TestData.concat(TestData.text(3, 300_000), TestData.random(4, 100_000));
        for (byte b : data) {
            for (int shift = 7; shift >= 0; shift--) {
                model.p1();
                model.update((b >>> shift) & 1);
            }
        }
        assertThat(deepSize(model)).isEqualTo(before);
    }

    @Test
    void sizeHintShrinksTablesAndIsWrittenIntoTheSpec() {
        CmFactory full = (CmFactory) Models.factory("default");
        CmFactory small = full.forInputBytes(100_000);
        assertThat(small.spec()).isEqualTo("default(17)");
        assertThat(Models.factory("default(size=17)").spec()).as("canonical form").isEqualTo("default(17)");
        assertThat(small.memoryBytes()).isLessThan(full.memoryBytes() / 10);
        assertThat(Models.factory(small.spec()).memoryBytes()).isEqualTo(small.memoryBytes());
        // a hint at or above what the preset's tables serve keeps the preset as it is
        assertThat(full.forInputBytes(1L << 40).spec()).isEqualTo("default");
        assertThat(small.forInputBytes(1 << 30)).as("an explicit size is kept").isSameAs(small);
        CmFactory custom = (CmFactory) Models.factory("cm(orders=123,bits=24)");
        assertThat(custom.forInputBytes(5000).spec()).isEqualTo("cm(orders=123,bits=24,size=13)");
        assertThat(((CmFactory) Models.factory("cm")).forInputBytes(5000).spec()).isEqualTo("cm(size=13)");
        assertThat(CmSpecs.sizeBits(0)).isEqualTo(10);
        assertThat(CmSpecs.sizeBits(1 << 20)).isEqualTo(20);
        assertThat(CmSpecs.sizeBits((1 << 20) + 1)).isEqualTo(21);
    }

    @Test
    void sizedAndUnsizedModelsCodeTheSameWayWhenTheTablesAreTheSame() {
        byte[] data = TestData.text(5, 20_000);
        PredictorFactory a = Models.factory("cm(orders=1234,bits=18,mbits=18)");
        PredictorFactory b = Models.factory("cm(orders=1234,bits=18,mbits=18,size=30)");
        assertThat(PredictorContract.trace(b.create(), data)).isEqualTo(PredictorContract.trace(a.create(), data));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cm(order=12)", "cm(orders=21)", "cm(orders=1223)", "cm(words=4)", "cm(match=3)",
            "cm(mixers=5)", "cm(mixers=11)", "cm(mixers=1234)", "cm(bits=31)", "cm(apm=3)", "cm(orders=0,words=0)",
            "fast(bits=20)", "fast(size=9)", "cm(direct=3)", "cm(size=41)"})
    void badSpecsAreRejectedWithTheColumn(String spec) {
        assertThatThrownBy(() -> Models.factory(spec)).isInstanceOf(SpecSyntaxException.class);
    }

    @Test
    void presetsNameTheirExpansion() {
        assertThat(Models.PRESETS.get("fast")).isEqualTo(CmSpecs.FAST);
        assertThat(Models.PRESETS.get("default")).isEqualTo(CmSpecs.DEFAULT);
        assertThat(Models.PRESETS.get("strong")).isEqualTo(CmSpecs.STRONG);
        assertThat(((CmFactory) Models.factory("fast")).config())
                .isEqualTo(((CmFactory) Models.factory(CmSpecs.FAST)).config());
    }

    @Test
    void tablesSmallerThanTheInputStillRoundTrip() {
        Random random = new Random(9);
        byte[] data = TestData.concat(TestData.text(6, 200_000), TestData.random(7, 30_000), TestData.run('x', 70_000));
        for (int i = 0; i < 3000; i++) {
            data[random.nextInt(data.length)] = (byte) random.nextInt(256);
        }
        PredictorFactory factory = Models.factory("cm(orders=12346,words=2,direct=2,match=6,bits=16,mbits=16,mixers=413)");
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        PredictiveCoder.of(factory.create()).codeBlock(encoder, data.clone(), 0, data.length);
        byte[] payload = encoder.finish();
        byte[] decoded = new byte[data.length];
        PredictiveCoder.of(factory.create()).codeBlock(new ArithmeticDecoder(payload, 0, payload.length), decoded, 0,
                decoded.length);
        assertThat(decoded).isEqualTo(data);
    }

    @Test
    void aFrozenModelChangesNoLearnedArrayAndStillRoundTripsPastItsHistoryRing() throws ReflectiveOperationException {
        // mbits=16: the 120 KB coded after the freeze wrap the 64 KiB history ring; the first half
        // repeats the training text, so the frozen match model finds and follows matches into it.
        String spec = "cm(orders=12346,words=3,sparse=2,column=1,record=2,direct=2,match=6,bits=18,mbits=16,mixers=413)";
        byte[] training = TestData.text(6, 60_000);
        byte[] test = TestData.concat(training, TestData.text(8, 60_000));
        String[] learned = {"table", "stateMaps", "weights", "finalWeights", "counters", "apm1", "apm2", "matchIndex"};

        CmPredictor model = (CmPredictor) Models.factory(spec).create();
        PredictiveCoder coder = PredictiveCoder.of(model);
        coder.learn(training, 0, training.length);
        model.freeze();
        Object[] before = new Object[learned.length];
        for (int i = 0; i < learned.length; i++) {
            before[i] = copy(field(model, learned[i]));
        }
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        coder.codeBlock(encoder, test.clone(), 0, test.length);
        byte[] payload = encoder.finish();
        for (int i = 0; i < learned.length; i++) {
            assertThat(field(model, learned[i])).as(learned[i]).isEqualTo(before[i]);
        }

        CmPredictor replay = (CmPredictor) Models.factory(spec).create();
        PredictiveCoder decoder = PredictiveCoder.of(replay);
        decoder.learn(training, 0, training.length);
        replay.freeze();
        byte[] decoded = new byte[test.length];
        decoder.codeBlock(new ArithmeticDecoder(payload, 0, payload.length), decoded, 0, decoded.length);
        assertThat(decoded).isEqualTo(test);
        // The repeated training text is cheap through the frozen bit histories and match model.
        assertThat(payload.length).isLessThan(test.length / 4);
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    private static Object copy(Object array) {
        int length = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), length);
        System.arraycopy(array, 0, copy, 0, length);
        return copy;
    }

    /** Heap bytes reachable through instance fields (static tables are shared and not counted). */
    static long deepSize(Object root) {
        return deepSize(root, new IdentityHashMap<>());
    }

    private static long deepSize(Object object, Map<Object, Boolean> seen) {
        if (object == null || seen.put(object, Boolean.TRUE) != null) {
            return 0;
        }
        Class<?> type = object.getClass();
        if (type.isArray()) {
            int length = Array.getLength(object);
            Class<?> component = type.getComponentType();
            if (component.isPrimitive()) {
                int size = component == long.class || component == double.class ? 8
                        : component == int.class || component == float.class ? 4
                        : component == short.class || component == char.class ? 2 : 1;
                return 16 + (long) size * length;
            }
            long total = 16 + 4L * length;
            for (int i = 0; i < length; i++) {
                total += deepSize(Array.get(object, i), seen);
            }
            return total;
        }
        long total = 12;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (field.getType().isPrimitive()) {
                    total += field.getType() == long.class || field.getType() == double.class ? 8 : 4;
                    continue;
                }
                total += 4;
                field.setAccessible(true);
                try {
                    total += deepSize(field.get(object), seen);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return total;
    }

    /**
     * On DNA the match model needs 16 bytes of context, not 8: an 8-symbol context of a 4-letter
     * alphabet recurs by chance, and following the latest chance repeat misses the real one. The
     * same E.coli bytes behind a 17-byte prefix of other values (so the block is no small
     * alphabet) are the control: the DNA itself must cost at least 0.002 bpb less without it
     * (measured: 0.0036; a build without the small-alphabet minimum codes both alike).
     */
    @Test
    void aSmallAlphabetDoublesTheMatchMinimum() {
        byte[] dna = TestCorpora.prefix("large/E.coli", 1 << 20);
        byte[] control = new byte[17 + dna.length];
        for (int i = 0; i < 17; i++) {
            control[i] = (byte) ('A' + i);
        }
        System.arraycopy(dna, 0, control, 17, dna.length);
        PredictorFactory factory = Models.factory("cm(orders=12346,words=0,match=8,bits=22,mbits=20)");
        double small = idealBits(factory, dna, 0) / dna.length;
        double wide = idealBits(factory, control, 17) / dna.length;
        assertThat(wide - small).as("bpb of the DNA with and without the small-alphabet minimum").isGreaterThan(0.002);
    }

    /** Blocks that start in a small alphabet, stay in it or leave it, round-trip within the ideal code length. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5000, 30000})
    void smallAlphabetBlocksRoundTripWhereverTheAlphabetGrows(int growAt) {
        Random random = new Random(growAt + 1);
        byte[] data = new byte[40000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (growAt > 0 && i >= growAt ? 32 + random.nextInt(90) : "acgt".charAt(random.nextInt(4)));
            if (i > 64 && random.nextInt(50) == 0) {        // repeats of 20..60 bytes, for the match model
                int length = 20 + random.nextInt(40);
                int from = random.nextInt(i - 60);
                for (int j = 0; j < length && i < data.length; j++, i++) {
                    data[i] = data[from + j];
                }
                i--;
            }
        }
        roundTripsWithinTheIdealCodeLength(Models.factory("cm(orders=1234,words=1,match=8,bits=18,mbits=18)"), data);
    }
}

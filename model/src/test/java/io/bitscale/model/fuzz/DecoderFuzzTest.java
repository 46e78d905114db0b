package io.bitscale.model.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import io.bitscale.core.stream.BitscaleException;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets for the decoder. Any input must end in a {@link BitscaleException} or in output
 * identical to what was compressed: never another exception, never more than 2 seconds, never
 * memory beyond the decoder's limit (enforced by the limit itself, which also bounds frame sizes
 * and therefore decoding time).
 *
 * <p>With every build the regression inputs in
 * {@code src/test/resources/io/bitscale/model/fuzz/DecoderFuzzTestInputs/} run once. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl model -am test -Dtest=DecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (each target runs for its {@code maxDuration}; findings are written to the inputs directory).
 */
class DecoderFuzzTest {

    /**
     * Enough for the largest spec in {@link #SPECS}, {@code strong} (162 MiB), plus its frames; larger
     * frames are refused, bounding decode time. (At 80 MiB every {@code strong} stream was refused by
     * the memory check before its model was built, so its decoding was never fuzzed.)
     */
    static final long MEMORY_LIMIT = 192L << 20;
    /**
     * Time budget for one input, in CPU time of the decoding thread: wall time on a shared machine
     * (or under the fuzzer's instrumentation, which runs inside the first decode that loads a class)
     * reported healthy inputs as slow. A loop that does not end still burns CPU and is caught.
     * 2 s for the regression inputs; 20 s while fuzzing, because Jazzer's coverage and comparison
     * hooks make model code 10-20 times slower (an {@code mlp(width=8)} input that decodes in
     * 0.12-0.17 s of CPU took 2.0 s under the fuzzer).
     */
    static final long MAX_NANOS = System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty()
            ? 2_000_000_000L : 20_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The presets as written for a small input: with the size hint that scales their tables to it. */
    static final List<String> SPECS = List.of("order0", "order1", "order2", "kt0", "kt1", "bits(kt0)", "fast(16)",
            "default(16)", "strong(16)", "ppm(n=3)", "mlp(width=8)");
    static final byte[] TEXT = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
            + "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity. ")
            .repeat(40).getBytes(StandardCharsets.US_ASCII);
    static final byte[][] STREAMS = new byte[SPECS.size()][];

    static {
        try {
            for (int i = 0; i < SPECS.size(); i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (BitscaleOutputStream compressor = new BitscaleOutputStream(out, Models.factory(SPECS.get(i)),
                        new StreamOptions(1024))) {
                    compressor.write(TEXT);
                }
                STREAMS[i] = out.toByteArray();
            }
            // Load (and, when fuzzing, instrument) every decoding class before the first timed input.
            for (byte[] stream : STREAMS) {
                try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), Models.registry(),
                        MEMORY_LIMIT)) {
                    in.readAllBytes();
                } catch (BitscaleException ignored) {
                    // everyStreamDecodesUnderTheLimit reports this
                }
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Arbitrary bytes as a stream: must be rejected with a typed exception (or decode, if valid). */
    @FuzzTest(maxDuration = "60s")
    void arbitraryInput(byte[] input) throws IOException {
        decode(input, null);
    }

    /** A valid stream with fuzzer-chosen flips, byte changes, truncation and splices. */
    @FuzzTest(maxDuration = "60s")
    void mutatedStream(FuzzedDataProvider data) throws IOException {
        int which = data.consumeInt(0, STREAMS.length - 1);
        byte[] stream = STREAMS[which].clone();
        int edits = data.consumeInt(1, 8);
        for (int e = 0; e < edits && stream.length > 0; e++) {
            int position = data.consumeInt(0, stream.length - 1);
            switch (data.consumeInt(0, 3)) {
                case 0 -> stream[position] ^= (byte) (1 << data.consumeInt(0, 7));
                case 1 -> stream[position] = data.consumeByte();
                case 2 -> stream = Arrays.copyOf(stream, position);
                default -> {
                    byte[] other = STREAMS[data.consumeInt(0, STREAMS.length - 1)];
                    int from = data.consumeInt(0, other.length - 1);
                    int length = Math.min(data.consumeInt(0, 64), Math.min(other.length - from, stream.length - position));
                    System.arraycopy(other, from, stream, position, length);
                }
            }
        }
        decode(stream, TEXT);
    }

    /**
     * A header with a valid CRC around fuzzer-chosen parts — any spec text (deep nesting, control
     * characters, huge or slow models), any frame and block size — then one frame record with
     * fuzzer-chosen declared lengths and body: the checks that run before decoding (spec limits,
     * memory and work bounds, payload lengths) must refuse what they cannot bound.
     */
    @FuzzTest(maxDuration = "60s")
    void craftedHeader(FuzzedDataProvider data) throws IOException {
        String spec = data.consumeBoolean() ? SPECS.get(data.consumeInt(0, SPECS.size() - 1))
                : data.consumeString(300);
        int frameLog2 = data.consumeInt(8, 28);
        int blockLog2 = data.consumeBoolean() ? 0 : data.consumeInt(8, 42);
        byte[] header = CraftedInputs.header(spec.isEmpty() ? "x" : spec, frameLog2, blockLog2);
        byte[] record = CraftedInputs.concat(new byte[] {(byte) data.consumeInt(0xD0, 0xE0)},
                CraftedInputs.varints(data.consumeLong(0, 1L << 40), data.consumeLong(0, 1L << 40)),
                data.consumeBytes(64));
        decode(CraftedInputs.concat(header, record, data.consumeRemainingAsBytes()), null);
    }

    /** Two valid streams concatenated, with edits and trailing bytes: both decode, or a typed error. */
    @FuzzTest(maxDuration = "60s")
    void concatenatedStreams(FuzzedDataProvider data) throws IOException {
        byte[] first = STREAMS[data.consumeInt(0, STREAMS.length - 1)];
        byte[] second = STREAMS[data.consumeInt(0, STREAMS.length - 1)];
        byte[] both = CraftedInputs.concat(first, second);
        int edits = data.consumeInt(0, 3);
        for (int e = 0; e < edits; e++) {
            both[data.consumeInt(0, both.length - 1)] ^= (byte) (1 << data.consumeInt(0, 7));
        }
        byte[] tail = data.consumeRemainingAsBytes();
        byte[] expected = edits == 0 && tail.length == 0 ? CraftedInputs.concat(TEXT, TEXT) : null;
        decode(CraftedInputs.concat(both, tail), expected);
    }

    /**
     * Arbitrary bytes as a model snapshot ({@code .bsm}): loading must end in the typed
     * {@link io.bitscale.model.neural.InvalidSnapshotException} or in a usable model, within 2 s.
     */
    @FuzzTest(maxDuration = "60s")
    void snapshotLoading(byte[] input) throws IOException {
        long start = now();
        try {
            io.bitscale.model.neural.Snapshot snapshot = io.bitscale.model.neural.Snapshot.read(input);
            io.bitscale.model.neural.SnapshotFactory.of(snapshot, false).create();
        } catch (io.bitscale.model.neural.InvalidSnapshotException typed) {
            // the expected outcome for damaged input
        }
        checkTime(start);
    }

    /** Every undamaged stream must decode under {@link #MEMORY_LIMIT}, or its spec is not really fuzzed. */
    @Test
    void everyStreamDecodesUnderTheLimit() throws IOException {
        for (int i = 0; i < STREAMS.length; i++) {
            try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(STREAMS[i]), Models.registry(),
                    MEMORY_LIMIT)) {
                if (!Arrays.equals(in.readAllBytes(), TEXT)) {
                    throw new AssertionError(SPECS.get(i) + ": the undamaged stream decoded to other bytes");
                }
            } catch (BitscaleException e) {
                throw new AssertionError(SPECS.get(i) + ": the undamaged stream was refused: " + e.getMessage(), e);
            }
        }
    }

    static void decode(byte[] input, byte[] expected) throws IOException {
        long start = now();
        byte[] output;
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(input), Models.registry(), MEMORY_LIMIT)) {
            output = in.readAllBytes();
        } catch (BitscaleException typed) {
            checkTime(start);
            return;
        }
        checkTime(start);
        if (expected != null && !Arrays.equals(output, expected)) {
            throw new AssertionError("silent wrong output: " + output.length + " bytes decoded without an exception");
        }
    }

    /** CPU time of this thread if the JVM measures it, else wall time. */
    private static long now() {
        return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()
                ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static void checkTime(long start) {
        long nanos = now() - start;
        if (nanos > MAX_NANOS) {
            throw new AssertionError("one input took " + nanos / 1_000_000 + " ms of CPU");
        }
    }
}

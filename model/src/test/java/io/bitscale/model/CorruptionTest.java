package io.bitscale.model;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleException;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.testing.RoundTrip;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged streams never decode silently wrong: calgary/book1 compressed with {@code order1} in
 * 64 KiB frames is bit-flipped (1000 trials of one to three flips: most anywhere, some aimed at
 * the header, the frame records' lengths and CRCs, and the end record), truncated at 120 random
 * lengths and spliced 180 ways (chunks dropped or repeated, frames dropped, repeated, swapped or
 * taken from another stream).
 * Every trial must end in a {@link BitscaleException} or produce the original bytes exactly
 * (the flip hit something that does not matter); any other exception, different bytes, or a
 * trial that does not finish fails the test. Trials run on two threads; a summary table of what
 * caught each kind of damage is printed.
 */
class CorruptionTest {

    private static final long SEED = 0x5EED_B175_CA1EL;
    private static final PredictorFactory MODEL = Models.factory("order1");
    private static final StreamOptions FRAMES = new StreamOptions(64 * 1024);
    private static final long MEMORY_LIMIT = 256L << 20;

    private static byte[] original;
    private static byte[] compressed;
    private static byte[] other;
    private static Layout layout;
    private static Layout otherLayout;

    /** Where the records of a valid stream are. */
    record Layout(int headerBytes, List<int[]> frames, int endOffset) {
        /** Offsets of frame records as [start, end) pairs, excluding the end record. */
        int frameStart(int k) {
            return frames.get(k)[0];
        }

        int frameEnd(int k) {
            return frames.get(k)[1];
        }
    }

    enum Detection { HEADER, FRAME_CRC, STRUCTURE, END_RECORD, IDENTICAL }

    /** What one trial did, or how it failed the property. */
    record Outcome(String kind, Detection detection, String exception, String failure) {
    }

    /** An exception message with numbers and hex values blanked, to count kinds of detection. */
    private static String shape(String message) {
        return message.replaceAll("\\(at compressed byte \\d+\\)", "").replaceAll("0x[0-9a-f]+|[0-9a-f]{8}|\\d+", "#")
                .replaceAll("'[^']*'", "'#'").trim();
    }

    /** Per test, so that without corpora the test is reported as skipped rather than vanishing. */
    @BeforeEach
    void compress() throws IOException {
        if (layout != null) {
            return;
        }
        original = TestCorpora.read("calgary/book1");
        compressed = RoundTrip.compress(MODEL, original, FRAMES);
        other = RoundTrip.compress(MODEL, TestCorpora.read("calgary/book2"), FRAMES);
        layout = layout(compressed);
        otherLayout = layout(other);
        assertThat(layout.frames()).hasSize((original.length + FRAMES.frameBytes() - 1) / FRAMES.frameBytes());
    }

    private static int varint(byte[] stream, int[] position) {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = stream[position[0]++] & 0xFF;
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static Layout layout(byte[] stream) throws IOException {
        int headerBytes;
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), Models.registry())) {
            headerBytes = in.header().headerBytes();
        }
        List<int[]> frames = new ArrayList<>();
        int[] position = {headerBytes};
        while ((stream[position[0]] & 0xFF) == 0xD1) {
            int start = position[0]++;
            varint(stream, position);
            int payload = varint(stream, position);
            position[0] += payload + 4;
            frames.add(new int[] {start, position[0]});
        }
        assertThat(stream[position[0]] & 0xFF).isEqualTo(0xE0);
        return new Layout(headerBytes, frames, position[0]);
    }

    /** Decodes a damaged stream and classifies what happened. */
    private static Outcome decode(String kind, byte[] damaged) {
        BitscaleInputStream in;
        try {
            in = new BitscaleInputStream(new ByteArrayInputStream(damaged), Models.registry(), MEMORY_LIMIT);
        } catch (BitscaleException e) {
            return new Outcome(kind, Detection.HEADER, e.getClass().getSimpleName() + ": " + shape(e.getMessage()), null);
        } catch (Throwable e) {
            return new Outcome(kind, null, null, "header: " + describe(e));
        }
        byte[] decoded;
        try (in) {
            decoded = in.readAllBytes();
        } catch (BitscaleException e) {
            String message = e.getMessage();
            Detection detection = message.contains("end record") ? Detection.END_RECORD
                    : message.matches("(?s)frame \\d+ checksum mismatch.*") ? Detection.FRAME_CRC
                    : Detection.STRUCTURE;
            return new Outcome(kind, detection, e.getClass().getSimpleName() + ": " + shape(e.getMessage()), null);
        } catch (Throwable e) {
            return new Outcome(kind, null, null, describe(e));
        }
        if (Arrays.equals(decoded, original)) {
            return new Outcome(kind, Detection.IDENTICAL, null, null);
        }
        int mismatch = Arrays.mismatch(decoded, original);
        return new Outcome(kind, null, null, "decoded " + decoded.length + " bytes without an error, first difference at "
                + mismatch);
    }

    private static String describe(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return e + "\n" + trace.toString().lines().limit(8).reduce("", (a, b) -> a + "\n" + b);
    }

    /** A task that damages a copy of the stream and decodes it. */
    private static Supplier<Outcome> flip(String kind, long seed, int from, int to) {
        return () -> {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] damaged = compressed.clone();
            int flips = random.nextInt(8) == 0 ? 2 + random.nextInt(2) : 1;
            StringBuilder where = new StringBuilder();
            for (int i = 0; i < flips; i++) {
                int offset = from + random.nextInt(to - from);
                int bit = random.nextInt(8);
                damaged[offset] ^= (byte) (1 << bit);
                where.append(offset).append('.').append(bit).append(' ');
            }
            Outcome outcome = decode(kind, damaged);
            return outcome.failure() == null ? outcome
                    : new Outcome(kind, null, null, "flips at " + where + ": " + outcome.failure());
        };
    }

    private static Supplier<Outcome> truncate(long seed) {
        return () -> {
            int length = new SplittableRandom(seed).nextInt(compressed.length);
            Outcome outcome = decode("truncation", Arrays.copyOf(compressed, length));
            if (outcome.failure() == null && outcome.detection() == Detection.IDENTICAL) {
                return new Outcome("truncation", null, null, "a stream cut to " + length + " bytes decoded completely");
            }
            return outcome.failure() == null ? outcome
                    : new Outcome("truncation", null, null, "cut to " + length + ": " + outcome.failure());
        };
    }

    private static byte[] concat(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        byte[] result = new byte[(aTo - aFrom) + (bTo - bFrom)];
        System.arraycopy(a, aFrom, result, 0, aTo - aFrom);
        System.arraycopy(b, bFrom, result, aTo - aFrom, bTo - bFrom);
        return result;
    }

    private static Supplier<Outcome> splice(long seed) {
        return () -> {
            SplittableRandom random = new SplittableRandom(seed);
            int n = compressed.length;
            int frames = layout.frames().size();
            byte[] damaged;
            String what;
            switch (random.nextInt(6)) {
                case 0 -> { // drop a random chunk
                    int i = random.nextInt(n);
                    int j = i + 1 + random.nextInt(Math.min(5000, n - i));
                    damaged = concat(compressed, 0, i, compressed, Math.min(j, n), n);
                    what = "drop [" + i + ", " + j + ")";
                }
                case 1 -> { // repeat a random chunk
                    int i = random.nextInt(n);
                    int j = Math.max(0, i - 1 - random.nextInt(5000));
                    damaged = concat(compressed, 0, i, compressed, j, n);
                    what = "repeat [" + j + ", " + i + ")";
                }
                case 2 -> { // prefix of this stream, suffix of another
                    int i = random.nextInt(n);
                    int j = random.nextInt(other.length);
                    damaged = concat(compressed, 0, i, other, j, other.length);
                    what = "this[0, " + i + ") + other[" + j + ", end)";
                }
                case 3 -> { // drop or repeat a whole frame record
                    int k = random.nextInt(frames);
                    boolean drop = random.nextBoolean();
                    damaged = drop
                            ? concat(compressed, 0, layout.frameStart(k), compressed, layout.frameEnd(k), n)
                            : concat(compressed, 0, layout.frameEnd(k), compressed, layout.frameStart(k), n);
                    what = (drop ? "drop" : "repeat") + " frame " + k;
                }
                case 4 -> { // swap two adjacent frame records
                    int k = random.nextInt(frames - 1);
                    byte[] a = Arrays.copyOfRange(compressed, layout.frameStart(k), layout.frameEnd(k));
                    byte[] b = Arrays.copyOfRange(compressed, layout.frameStart(k + 1), layout.frameEnd(k + 1));
                    damaged = compressed.clone();
                    System.arraycopy(b, 0, damaged, layout.frameStart(k), b.length);
                    System.arraycopy(a, 0, damaged, layout.frameStart(k) + b.length, a.length);
                    what = "swap frames " + k + " and " + (k + 1);
                }
                default -> { // this stream's frames up to k, then the other stream's frames from k on
                    int k = 1 + random.nextInt(Math.min(frames, otherLayout.frames().size()) - 1);
                    damaged = concat(compressed, 0, layout.frameStart(k), other, otherLayout.frameStart(k), other.length);
                    what = "frames from another stream from frame " + k;
                }
            }
            Outcome outcome = decode("splice", damaged);
            return outcome.failure() == null ? outcome : new Outcome("splice", null, null, what + ": " + outcome.failure());
        };
    }

    @Test
    void damageIsAlwaysDetectedOrHarmless() throws Exception {
        SplittableRandom seeds = new SplittableRandom(SEED);
        List<Supplier<Outcome>> trials = new ArrayList<>();
        int lastFrameRecord = layout.frameEnd(layout.frames().size() - 1);
        // 1000 flips: anywhere, and aimed at the small structures uniform flips rarely hit.
        for (int i = 0; i < 820; i++) {
            trials.add(flip("flip anywhere", seeds.nextLong(), 0, compressed.length));
        }
        for (int i = 0; i < 60; i++) {
            trials.add(flip("flip header", seeds.nextLong(), 0, layout.headerBytes()));
        }
        for (int i = 0; i < 60; i++) {
            // The record head (tag, lengths) or the CRC of a random frame.
            int k = seeds.nextInt(layout.frames().size());
            int start = layout.frameStart(k);
            int end = layout.frameEnd(k);
            boolean head = seeds.nextBoolean();
            trials.add(flip("flip frame head/CRC", seeds.nextLong(), head ? start : end - 4, head ? start + 5 : end));
        }
        for (int i = 0; i < 60; i++) {
            trials.add(flip("flip end record", seeds.nextLong(), lastFrameRecord, compressed.length));
        }
        for (int i = 0; i < 120; i++) {
            trials.add(truncate(seeds.nextLong()));
        }
        for (int i = 0; i < 180; i++) {
            trials.add(splice(seeds.nextLong()));
        }

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Supplier<Outcome> trial : trials) {
                futures.add(pool.submit(trial::get));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            for (Future<Outcome> future : futures) {
                try {
                    outcomes.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    outcomes.add(new Outcome("?", null, null, "a trial did not finish: hang"));
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, Map<Detection, Integer>> table = new TreeMap<>();
        Map<String, Integer> exceptions = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.failure() != null) {
                failures.add(outcome.kind() + ": " + outcome.failure());
                continue;
            }
            table.computeIfAbsent(outcome.kind(), k -> new EnumMap<>(Detection.class)).merge(outcome.detection(), 1, Integer::sum);
            table.computeIfAbsent("total", k -> new EnumMap<>(Detection.class)).merge(outcome.detection(), 1, Integer::sum);
            if (outcome.exception() != null) {
                exceptions.merge(outcome.exception(), 1, Integer::sum);
            }
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%n=== corruption: calgary/book1, order1, 64 KiB frames, %d compressed bytes, %d trials in %.1f s ===%n",
                compressed.length, outcomes.size(), seconds));
        report.append(String.format(Locale.ROOT, "%-20s %7s %7s %10s %10s %11s %10s%n",
                "damage", "trials", "header", "frame CRC", "structure", "end record", "identical"));
        table.forEach((kind, counts) -> report.append(String.format(Locale.ROOT, "%-20s %7d %7d %10d %10d %11d %10d%n",
                kind, counts.values().stream().mapToInt(Integer::intValue).sum(),
                counts.getOrDefault(Detection.HEADER, 0), counts.getOrDefault(Detection.FRAME_CRC, 0),
                counts.getOrDefault(Detection.STRUCTURE, 0), counts.getOrDefault(Detection.END_RECORD, 0),
                counts.getOrDefault(Detection.IDENTICAL, 0))));
        report.append("detected by:\n");
        exceptions.forEach((message, count) -> report.append(String.format(Locale.ROOT, "%7d  %s%n", count, message)));
        System.out.print(report);

        assertThat(failures).as("trials that decoded wrong bytes, threw outside BitscaleException, or hung").isEmpty();
        assertThat(outcomes).hasSize(trials.size());
        Map<Detection, Integer> total = table.get("total");
        assertThat(total.getOrDefault(Detection.FRAME_CRC, 0)).as("most payload damage is caught by frame CRCs").isGreaterThan(300);
        assertThat(total.getOrDefault(Detection.HEADER, 0)).isGreaterThanOrEqualTo(60);
        assertThat(total.getOrDefault(Detection.END_RECORD, 0)).isPositive();
        assertThat(table.get("truncation").getOrDefault(Detection.IDENTICAL, 0)).isZero();
    }
}

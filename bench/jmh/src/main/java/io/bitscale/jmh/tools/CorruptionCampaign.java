package io.bitscale.jmh.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.stream.BitscaleException;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.CorruptedInputException;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Damages compressed streams on purpose and records which layer catches each damage: bit flips,
 * byte changes, truncations and splices, seeded so every run is reproducible. The one outcome
 * that must never occur is a decode that returns different bytes without an exception
 * ("silent"); an exception outside the {@link BitscaleException} family is equally a failure.
 *
 * <pre>
 * java -cp bench/cli/target/bitscale.jar io.bitscale.jmh.tools.CorruptionCampaign \
 *     --trials 10000 --bytes 16384 --specs order0,order2,kt0 ../shared/corpora/calgary/book1
 * </pre>
 */
@Command(name = "corruption-campaign", mixinStandardHelpOptions = true,
        description = "Damages compressed streams at random and checks every decode fails cleanly or is exact; exit 1 on any silent or foreign failure.")
public final class CorruptionCampaign implements java.util.concurrent.Callable<Integer> {

    /** How a trial ended. */
    public enum Outcome {
        TRUNCATION, HEADER, FRAME_STRUCTURE, PAYLOAD, FRAME_CRC, END_RECORD, TRANSFORM, OTHER_CORRUPTION,
        UNSUPPORTED_FORMAT, MEMORY_LIMIT, MODEL_MISMATCH, IDENTICAL_OUTPUT, SILENT_WRONG_OUTPUT, OTHER_EXCEPTION
    }

    /**
     * The tally for one spec.
     *
     * @param spec     the model spec
     * @param trials   trials run
     * @param outcomes trials per outcome
     */
    public record Tally(String spec, int trials, Map<Outcome, Integer> outcomes) {
        /** Trials that ended with wrong bytes and no exception, or with an untyped exception. */
        public int failures() {
            return outcomes.getOrDefault(Outcome.SILENT_WRONG_OUTPUT, 0) + outcomes.getOrDefault(Outcome.OTHER_EXCEPTION, 0);
        }
    }

    private CorruptionCampaign() {
    }

    /**
     * Runs {@code trials} damaged decodes of {@code original} compressed with {@code spec}.
     *
     * @param frameBytes frame size used for compression (small frames make trials cheaper)
     * @param seed       the campaign seed; trial {@code i} uses {@code seed + i}
     * @param threads    parallel decoders
     * @param transform  the transform the stream is written with ({@code NONE} or {@code WORDS})
     */
    public static Tally run(String spec, byte[] original, int trials, int frameBytes, long seed, int threads,
                            io.bitscale.core.stream.StreamTransform transform) throws IOException, InterruptedException {
        ModelResolver resolver = Models.registry();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StreamOptions options = new StreamOptions(frameBytes).withTransform(transform);
        try (BitscaleOutputStream out = new BitscaleOutputStream(buffer, Models.factory(spec), options)) {
            out.write(original);
        }
        byte[] stream = buffer.toByteArray();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                long trialSeed = seed + i;
                futures.add(pool.submit(() -> trial(stream, original, resolver, new SplittableRandom(trialSeed))));
            }
            Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
            for (Future<Outcome> future : futures) {
                outcomes.merge(future.get(), 1, Integer::sum);
            }
            return new Tally(spec, trials, outcomes);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a trial failed outside the decoder", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static Outcome trial(byte[] stream, byte[] original, ModelResolver resolver, SplittableRandom random) {
        byte[] damaged = damage(stream, random);
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(damaged), resolver, 512L << 20)) {
            byte[] decoded = in.readAllBytes();
            return Arrays.equals(decoded, original) ? Outcome.IDENTICAL_OUTPUT : Outcome.SILENT_WRONG_OUTPUT;
        } catch (CorruptedInputException e) {
            return switch (e.check()) {
                case TRUNCATION -> Outcome.TRUNCATION;
                case HEADER -> Outcome.HEADER;
                case FRAME_STRUCTURE -> Outcome.FRAME_STRUCTURE;
                case PAYLOAD -> Outcome.PAYLOAD;
                case FRAME_CRC -> Outcome.FRAME_CRC;
                case END_RECORD -> Outcome.END_RECORD;
                case TRANSFORM -> Outcome.TRANSFORM;
                case OTHER -> Outcome.OTHER_CORRUPTION;
            };
        } catch (io.bitscale.core.stream.UnsupportedFormatException e) {
            return Outcome.UNSUPPORTED_FORMAT;
        } catch (io.bitscale.core.stream.MemoryLimitException e) {
            return Outcome.MEMORY_LIMIT;
        } catch (io.bitscale.core.stream.ModelMismatchException e) {
            return Outcome.MODEL_MISMATCH;
        } catch (IOException | RuntimeException | Error e) {
            return Outcome.OTHER_EXCEPTION;
        }
    }

    /** One random damage: 1-3 bit flips, a byte change, a truncation, or a splice. */
    static byte[] damage(byte[] stream, SplittableRandom random) {
        byte[] damaged = stream.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    int position = random.nextInt(damaged.length);
                    damaged[position] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                int position = random.nextInt(damaged.length);
                damaged[position] = (byte) (damaged[position] + 1 + random.nextInt(255));
            }
            case 2 -> damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
            default -> {
                int length = 1 + random.nextInt(Math.min(64, damaged.length));
                int from = random.nextInt(damaged.length - length + 1);
                int to = random.nextInt(damaged.length - length + 1);
                System.arraycopy(stream, from, damaged, to, length);
                if (Arrays.equals(damaged, stream)) {
                    damaged[to] ^= 1;
                }
            }
        }
        return damaged;
    }

    /** Markdown table of tallies. */
    public static String markdown(List<Tally> tallies) {
        StringBuilder text = new StringBuilder("| spec | trials |");
        for (Outcome outcome : Outcome.values()) {
            text.append(' ').append(outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |");
        }
        text.append("\n|---|---:|").append("---:|".repeat(Outcome.values().length)).append('\n');
        for (Tally tally : tallies) {
            text.append("| `").append(tally.spec()).append("` | ").append(tally.trials()).append(" |");
            for (Outcome outcome : Outcome.values()) {
                text.append(' ').append(tally.outcomes().getOrDefault(outcome, 0)).append(" |");
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Command line: {@code [--trials N] [--bytes B] [--frame-bytes F] [--specs a,b] [--seed S] [--transform T] FILE}. */
    @Option(names = "--trials", defaultValue = "10000", description = "Damaged streams per spec (default: ${DEFAULT-VALUE}).")
    private int trials;

    @Option(names = "--bytes", defaultValue = "16384", description = "Bytes of FILE to compress (default: ${DEFAULT-VALUE}).")
    private int bytes;

    @Option(names = "--frame-bytes", defaultValue = "4096", description = "Container frame size (default: ${DEFAULT-VALUE}).")
    private int frameBytes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the damage (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--specs", split = ",", defaultValue = "order0,order1,order2,kt0,kt1",
            description = "Model specs, comma-separated (default: ${DEFAULT-VALUE}).")
    private List<String> specs;

    @Option(names = "--transform", defaultValue = "none",
            description = "Transform the streams are written with: none or words (default: ${DEFAULT-VALUE}).")
    private String transform;

    @Parameters(paramLabel = "FILE", description = "The input whose prefix is compressed and damaged.")
    private Path file;

    @Override
    public Integer call() throws Exception {
        io.bitscale.core.stream.StreamTransform applied = io.bitscale.core.stream.StreamTransform.parse(transform);
        byte[] data = Files.readAllBytes(file);
        byte[] sample = Arrays.copyOf(data, Math.min(bytes, data.length));
        List<Tally> tallies = new ArrayList<>();
        int failures = 0;
        for (String spec : specs) {
            long start = System.nanoTime();
            Tally tally = run(spec, sample, trials, frameBytes, seed, Runtime.getRuntime().availableProcessors(), applied);
            tallies.add(tally);
            failures += tally.failures();
            System.err.printf(Locale.ROOT, "%s: %d trials in %.1f s, failures %d%n", spec, trials,
                    (System.nanoTime() - start) / 1e9, tally.failures());
        }
        System.out.printf("Corruption campaign: %s, first %d bytes, %d-byte frames, transform %s, seed %d%n%n", file,
                sample.length, frameBytes, applied.label(), seed);
        System.out.print(markdown(tallies));
        return failures == 0 ? 0 : 1;
    }
}

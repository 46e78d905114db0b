package io.bitscale.model;

import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.testing.RoundTrip;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped spec round-trips every file of canterbury/, calgary/ and large/ byte for byte
 * through the container (default 1 MiB frames), with the coder's payload within 0.01% + 64 bits
 * of the ideal code length the {@code CodeLengthMeter} measured (+16 bits per extra frame).
 * Prints and saves ({@code target/corpus-overhead.tsv}) the overhead of every case: the
 * measured cost of turning probabilities into bits, binary coder (order0/1/2, bits(kt0)) vs
 * multi-symbol coder (kt0, kt1).
 *
 * <p>Overhead can be negative where a frame ends in a run of bytes that own the lowest
 * sub-interval (0x00 for the multi-symbol coder, e.g. the 36 KB of zeros ending calgary/pic):
 * they cost nothing. The {@code freeTail} column is the ideal cost of those runs, and the payload
 * is also checked not to fall below {@code ideal - freeTail} (minus a few bytes).
 *
 * <p>The cases run on two threads: each is independent and CPU-bound. The annotation is on the
 * method, not the class, so the class still finishes before the next test class starts.
 */
class CorpusRoundTripTest {

    static final List<String> SPECS = List.of("order0", "order1", "order2", "kt0", "kt1", "bits(kt0)");
    private static final Map<String, String> ROWS = new ConcurrentSkipListMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String spec : SPECS) {
            for (String file : TestCorpora.standardFiles()) {
                cases.add(Arguments.of(spec, file));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @Execution(ExecutionMode.CONCURRENT)
    void roundTripsWithinIdeal(String spec, String file) {
        byte[] data = TestCorpora.read(file);
        RoundTrip.Result result = RoundTrip.stream(Models.factory(spec), Models.registry(), data, StreamOptions.DEFAULT);
        String coder = spec.startsWith("kt") ? "multi-symbol" : "binary";
        String row = String.format(Locale.ROOT, "%-12s %-9s %-24s %s %5d", coder, spec, file, result.row(), result.frames());
        ROWS.put(coder + " " + spec + " " + file, row);
        System.out.println(row);
        result.assertWithinIdeal(spec + " on " + file).assertNotBelowIdeal(spec + " on " + file);
        assertThat(result.compressedBytes()).isPositive();
    }

    @AfterAll
    static void printSummary() {
        if (ROWS.isEmpty()) {
            return;
        }
        String header = String.format(Locale.ROOT, "%-12s %-9s %-24s %s %5s", "coder", "spec", "file",
                RoundTrip.Result.header(), "frames");
        StringBuilder table = new StringBuilder(header).append('\n');
        ROWS.values().forEach(row -> table.append(row).append('\n'));
        System.out.println("\n=== coder overhead vs CodeLengthMeter ideal, per corpus file ===\n" + table);
        try {
            Path target = Paths.get("target");
            Files.createDirectories(target);
            Files.writeString(target.resolve("corpus-overhead.tsv"),
                    table.toString().replaceAll(" +", "\t").replace("\n\t", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.bitscale.bench.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a user meets it: exit codes, one-line errors, files never clobbered or left half-written. */
class CliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();
    private PrintStream savedOut;

    @BeforeEach
    void captureStdout() {
        savedOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(savedOut);
    }

    private int run(String... args) {
        var commandLine = BitscaleCli.commandLine();
        commandLine.setErr(new PrintWriter(stderr, true));
        return commandLine.execute(args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private Path sample(String name, int size) throws IOException {
        byte[] data = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) ("the quick brown fox ".charAt(random.nextInt(20)));
        }
        return Files.write(dir.resolve(name), data);
    }

    @Test
    void compressThenDecompressRestoresTheFile() throws IOException {
        Path input = sample("text", 50_000);
        assertThat(run("compress", "-m", "order1", input.toString())).isEqualTo(ExitCode.OK);
        Path compressed = dir.resolve("text.bsc");
        assertThat(compressed).exists();
        assertThat(Files.size(compressed)).isLessThan(Files.size(input) / 2);

        Path restored = dir.resolve("restored");
        assertThat(run("decompress", compressed.toString(), "-o", restored.toString())).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(input));
    }

    @Test
    void decompressNeedsNoModelFlagAndDerivesTheName() throws IOException {
        Path input = sample("data", 10_000);
        Path compressed = dir.resolve("packed.bsc");
        assertThat(run("compress", "-m", "kt1", input.toString(), "-o", compressed.toString())).isZero();
        assertThat(run("decompress", compressed.toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("packed"))).isEqualTo(Files.readAllBytes(input));
    }

    @Test
    void neverOverwritesWithoutForce() throws IOException {
        Path input = sample("text", 1000);
        Path existing = Files.writeString(dir.resolve("text.bsc"), "precious");
        assertThat(run("compress", input.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(Files.readString(existing)).isEqualTo("precious");
        assertThat(stderr.toString()).contains("already exists").contains("--force");
        assertThat(run("compress", "--force", input.toString())).isZero();
        assertThat(Files.readString(existing, StandardCharsets.ISO_8859_1)).isNotEqualTo("precious");
    }

    @Test
    void corruptInputExitsThreeWithOneLineAndLeavesNoPartialFile() throws IOException {
        Path input = sample("text", 300_000);
        assertThat(run("compress", "-m", "order1", "--frame-bytes", "65536", input.toString())).isZero();
        Path compressed = dir.resolve("text.bsc");
        byte[] bytes = Files.readAllBytes(compressed);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(compressed, bytes);
        Path target = dir.resolve("out");
        assertThat(run("decompress", compressed.toString(), "-o", target.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(stderr.toString().strip().lines()).hasSize(1);
        assertThat(stderr.toString()).startsWith("bitscale: ").contains("compressed byte");
        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
        }
    }

    @Test
    void notABitscaleStreamExitsThree() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.bsc"), "PK\u0003\u0004 not ours");
        assertThat(run("decompress", bogus.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(stderr.toString()).contains("not a bitscale stream");
    }

    @Test
    void truncatedStreamExitsThree() throws IOException {
        Path input = sample("text", 20_000);
        assertThat(run("compress", input.toString())).isZero();
        Path compressed = dir.resolve("text.bsc");
        byte[] bytes = Files.readAllBytes(compressed);
        Files.write(compressed, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThat(run("decompress", compressed.toString(), "-o", dir.resolve("x").toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(stderr.toString()).contains("truncated");
    }

    @Test
    void memoryLimitIsEnforcedFromTheHeader() throws IOException {
        Path input = sample("text", 5_000);
        assertThat(run("compress", "-m", "order2", input.toString())).isZero();
        assertThat(run("decompress", "--memory-limit", "8", dir.resolve("text.bsc").toString(), "-o",
                dir.resolve("y").toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(stderr.toString()).contains("memory limit");
    }

    @Test
    void unknownModelIsAUsageErrorWithTheColumnAndASuggestion() throws IOException {
        Path input = sample("text", 100);
        assertThat(run("eval", "-m", "ordr2", input.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(stderr.toString()).contains("unknown model 'ordr2'").contains("column 1").contains("order2");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThat(run("compress", dir.resolve("nope").toString())).isEqualTo(ExitCode.IO);
        assertThat(stderr.toString()).contains("nope");
    }

    @Test
    void badOptionIsAUsageError() {
        assertThat(run("compress", "--frame-bytes", "1000", "x")).isEqualTo(ExitCode.USAGE);
        assertThat(run("frobnicate")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void evalJsonHasTheDocumentedFieldsAndHonestNumbers() throws IOException {
        Path input = sample("text", 40_000);
        assertThat(run("eval", "-m", "order1", "--json", input.toString())).isZero();
        JsonNode row = new ObjectMapper().readTree(out().strip());
        for (String field : new String[] {"file", "bytes", "compressedBytes", "bpb", "idealBpb", "overheadBits",
                "parameters", "memoryBytes", "compressMBps", "decompressMBps"}) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        long bytes = row.get("bytes").asLong();
        long compressed = row.get("compressedBytes").asLong();
        assertThat(bytes).isEqualTo(40_000);
        assertThat(row.get("bpb").asDouble()).isEqualTo(8.0 * compressed / bytes);
        assertThat(row.get("overheadBits").asDouble()).isLessThan(64);
        assertThat(row.get("bpb").asDouble()).isGreaterThan(row.get("idealBpb").asDouble());
        assertThat(row.get("parameters").asLong()).isEqualTo(255L * 256);
    }

    @Test
    void evalOfASyntheticSourceReportsItsEntropyRate() {
        assertThat(run("eval", "-m", "order2", "--json", "--synthetic", "text-like", "--synthetic-bytes", "100000"))
                .isZero();
        assertThat(out()).contains("\"entropyRateBpb\"");
    }

    @Test
    void modelsListsTheShippedSpecs() {
        assertThat(run("models")).isZero();
        assertThat(out()).contains("order0").contains("order2").contains("kt0");
    }
}

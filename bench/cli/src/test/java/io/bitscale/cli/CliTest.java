package io.bitscale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
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

    @RegisterExtension
    final CliRun cli = new CliRun();

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
        assertThat(cli.run("compress", "-m", "order1", input.toString())).isEqualTo(ExitCode.OK);
        Path compressed = dir.resolve("text.bsc");
        assertThat(compressed).exists();
        assertThat(Files.size(compressed)).isLessThan(Files.size(input) / 2);

        Path restored = dir.resolve("restored");
        assertThat(cli.run("decompress", compressed.toString(), "-o", restored.toString())).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(input));
    }

    @Test
    void theWordTransformIsAnOptionOfCompressAndDecompressReadsItFromTheHeader() throws IOException {
        Path input = Files.writeString(dir.resolve("text"), "The quick brown fox jumps over the lazy dog.\n"
                .repeat(5000));
        Path plain = dir.resolve("plain.bsc");
        Path words = dir.resolve("words.bsc");
        assertThat(cli.run("compress", "-m", "order1", input.toString(), "-o", plain.toString())).isZero();
        assertThat(cli.run("compress", "-m", "order1", "--transform", "words", input.toString(), "-o",
                words.toString())).isZero();
        assertThat(cli.err()).contains("transform words");
        assertThat(Files.size(words)).isLessThan(Files.size(plain));
        Path restored = dir.resolve("restored");
        assertThat(cli.run("decompress", words.toString(), "-o", restored.toString())).isZero();
        assertThat(cli.err()).contains("transform words");
        assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(input));
        assertThat(cli.run("compress", "--transform", "lzw", input.toString(), "-o", dir.resolve("x").toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("unknown transform 'lzw'");
    }

    @Test
    void decompressNeedsNoModelFlagAndDerivesTheName() throws IOException {
        Path input = sample("data", 10_000);
        Path compressed = dir.resolve("packed.bsc");
        assertThat(cli.run("compress", "-m", "kt1", input.toString(), "-o", compressed.toString())).isZero();
        assertThat(cli.run("decompress", compressed.toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("packed"))).isEqualTo(Files.readAllBytes(input));
    }

    @Test
    void neverOverwritesWithoutForce() throws IOException {
        Path input = sample("text", 1000);
        Path existing = Files.writeString(dir.resolve("text.bsc"), "precious");
        assertThat(cli.run("compress", input.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(Files.readString(existing)).isEqualTo("precious");
        assertThat(cli.err()).contains("already exists").contains("--force");
        assertThat(cli.run("compress", "--force", input.toString())).isZero();
        assertThat(Files.readString(existing, StandardCharsets.ISO_8859_1)).isNotEqualTo("precious");
    }

    @Test
    void corruptInputExitsThreeWithOneLineAndLeavesNoPartialFile() throws IOException {
        Path input = sample("text", 300_000);
        assertThat(cli.run("compress", "-q", "-m", "order1", "--frame-bytes", "65536", input.toString())).isZero();
        Path compressed = dir.resolve("text.bsc");
        byte[] bytes = Files.readAllBytes(compressed);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(compressed, bytes);
        Path target = dir.resolve("out");
        assertThat(cli.run("decompress", compressed.toString(), "-o", target.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).startsWith("bitscale: ").contains("compressed byte");
        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".bitscale-"));
        }
    }

    @Test
    void notABitscaleStreamExitsThree() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.bsc"), "PK\u0003\u0004 not ours");
        assertThat(cli.run("decompress", bogus.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err()).contains("not a bitscale stream");
    }

    @Test
    void truncatedStreamExitsThree() throws IOException {
        Path input = sample("text", 20_000);
        assertThat(cli.run("compress", input.toString())).isZero();
        Path compressed = dir.resolve("text.bsc");
        byte[] bytes = Files.readAllBytes(compressed);
        Files.write(compressed, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThat(cli.run("decompress", compressed.toString(), "-o", dir.resolve("x").toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err()).contains("truncated");
    }

    @Test
    void memoryLimitIsEnforcedFromTheHeader() throws IOException {
        Path input = sample("text", 5_000);
        assertThat(cli.run("compress", "-m", "order2", input.toString())).isZero();
        assertThat(cli.run("decompress", "--memory-limit", "8", dir.resolve("text.bsc").toString(), "-o",
                dir.resolve("y").toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err()).contains("memory limit");
    }

    @Test
    void unknownModelIsAUsageErrorWithTheColumnAndASuggestion() throws IOException {
        Path input = sample("text", 100);
        assertThat(cli.run("eval", "-m", "ordr2", input.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("unknown model 'ordr2'").contains("column 1").contains("order2");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThat(cli.run("compress", dir.resolve("nope").toString())).isEqualTo(ExitCode.IO);
        assertThat(cli.err()).contains("nope");
    }

    @Test
    void badOptionIsAUsageError() {
        assertThat(cli.run("compress", "--frame-bytes", "1000", "x")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("frobnicate")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void evalJsonHasTheDocumentedFieldsAndHonestNumbers() throws IOException {
        Path input = sample("text", 40_000);
        assertThat(cli.run("eval", "-m", "order1", "--json", input.toString())).isZero();
        JsonNode row = new ObjectMapper().readTree(cli.out().strip());
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
    void aCorpusNameNotInTheManifestIsAUsageErrorBeforeAnyFetch() {
        // Whether or not corpora are on this machine: the name is checked first, so nothing is
        // fetched and no generated source stands in for a misspelt name.
        assertThat(cli.run("eval", "-m", "order0", "--corpus", "calgary/bok1")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--corpus calgary/bok1: not a file or set of the corpus manifest")
                .doesNotContain("fetching").doesNotContain("generated source");
    }

    @Test
    void evalOfASyntheticSourceReportsItsEntropyRate() {
        assertThat(cli.run("eval", "-m", "order2", "--json", "--synthetic", "text-like", "--synthetic-bytes", "100000"))
                .isZero();
        assertThat(cli.out()).contains("\"entropyRateBpb\"");
    }

    @Test
    void modelsListsTheShippedSpecs() {
        assertThat(cli.run("models")).isZero();
        assertThat(cli.out()).contains("order0").contains("order2").contains("kt0");
    }
}

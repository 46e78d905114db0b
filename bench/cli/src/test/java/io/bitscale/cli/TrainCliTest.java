package io.bitscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code train}, then {@code compress/decompress/eval --model-file}: the pretrained-model workflow. */
class TrainCliTest {

    private static final String SPEC = "mlp(width=8,ctx=2,embed=4,bits=6)";

    @TempDir
    Path dir;

    @RegisterExtension
    final CliRun cli = new CliRun();

    private Path text(String name, int size, long seed) throws IOException {
        String[] words = "the quick brown fox jumps over a lazy dog and then sleeps".split(" ");
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? ".\n" : " ");
        }
        return Files.writeString(dir.resolve(name), text.substring(0, size));
    }

    @Test
    void trainCompressDecompressEval() throws IOException {
        Path data = text("train.txt", 20_000, 1);
        Path model = dir.resolve("model.bsm");
        assertThat(cli.run("train", "-m", SPEC, "--data", data.toString(), "-o", model.toString(),
                "--quantize", "float32,int8", "--eval-every", "8000")).as(cli.err()).isZero();
        Path int8 = dir.resolve("model-int8.bsm");
        assertThat(model).exists();
        assertThat(int8).exists();
        assertThat(Files.size(int8)).isLessThan(Files.size(model) / 2);
        assertThat(cli.out()).contains("validation").contains("sha256");

        Path input = text("input.txt", 5_000, 2);
        Path packed = dir.resolve("input.bsc");
        assertThat(cli.run("compress", "--model-file", model.toString(), "--adapt", input.toString(), "-o",
                packed.toString())).isZero();
        Path restored = dir.resolve("restored");
        assertThat(cli.run("decompress", packed.toString(), "-o", restored.toString(), "--model-file", model.toString()))
                .isZero();
        assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(input));

        // Without the snapshot, or with another one: a clear error, exit 3, no output file.
        Path wrong = dir.resolve("wrong");
        assertThat(cli.run("decompress", packed.toString(), "-o", wrong.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.run("decompress", packed.toString(), "-o", wrong.toString(), "--model-file", int8.toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err()).contains("snapshot");
        assertThat(wrong).doesNotExist();

        cli.clearOut();
        assertThat(cli.run("eval", "--model-file", int8.toString(), "--chunk-bytes", "2048", "--json", input.toString()))
                .isZero();
        JsonNode row = new ObjectMapper().readTree(cli.out());
        assertThat(row.get("chunkBytes").asInt()).isEqualTo(2048);
        assertThat(row.get("snapshotBytes").asLong()).isEqualTo(Files.size(int8));
        assertThat(row.get("adjustedBpb").asDouble()).isCloseTo(
                8.0 * (row.get("compressedBytes").asLong() + Files.size(int8)) / 5_000, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.get("model").asText()).contains("adapt=0");
    }

    @Test
    void damagedSnapshotAndNonNeuralSpecAreReported() throws IOException {
        Path bad = Files.write(dir.resolve("bad.bsm"), new byte[100]);
        Path input = text("input.txt", 1000, 3);
        assertThat(cli.run("compress", "--model-file", bad.toString(), input.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err()).contains("invalid model snapshot");
        assertThat(cli.run("train", "-m", "order2", "--data", input.toString(), "-o", dir.resolve("x.bsm").toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("train", "-m", "mlp(widht=3)", "--data", input.toString(), "-o", dir.resolve("x.bsm").toString()))
                .isEqualTo(ExitCode.USAGE);
    }
}

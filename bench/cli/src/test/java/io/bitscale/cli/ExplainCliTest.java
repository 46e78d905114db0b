package io.bitscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import io.bitscale.model.neural.Snapshot;
import io.bitscale.model.neural.SnapshotFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code bitscale explain}: pages and tables that add up to the stream, two models, snapshots, mistakes. */
class ExplainCliTest {

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

    private static double streamIdealBits(io.bitscale.core.model.PredictorFactory factory, byte[] data) throws IOException {
        CodeLengthMeter meter = new CodeLengthMeter();
        try (BitscaleOutputStream out = new BitscaleOutputStream(new ByteArrayOutputStream(), factory, StreamOptions.DEFAULT,
                meter)) {
            out.write(data);
        }
        return meter.idealBits();
    }

    private static JsonNode meta(Path page) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"meta\">(.*?)</script>", Pattern.DOTALL)
                .matcher(Files.readString(page));
        assertThat(m.find()).as("the page's data").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    @Test
    void theTableAddsUpToTheStreamsIdealBitsAndThePageToo() throws IOException {
        Path input = text("in.txt", 12_000, 1);
        byte[] data = Files.readAllBytes(input);
        String spec = "mix(order(1..3,bits=16),match(bits=16),gates=2)";
        Path tsv = dir.resolve("in.tsv");
        Path page = dir.resolve("in.html");
        assertThat(cli.run("explain", "-q", "-m", spec, input.toString(), "--tsv", tsv.toString(), "-o", page.toString()))
                .as(cli.err()).isZero();

        List<String> lines = Files.readAllLines(tsv);
        assertThat(lines.get(0)).startsWith("offset\tbyte\tbits\torder(1..3,bits=16)\tmatch(bits=16)\tbias\tmixer\tsse\tuniform");
        assertThat(lines).hasSize(data.length + 1);
        double bits = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            double row = Double.parseDouble(cells[2]);
            double components = 0;
            for (int i = 3; i < cells.length; i++) {
                components += Double.parseDouble(cells[i]);
            }
            assertThat(components).isCloseTo(row, within(1e-9 * (1 + row)));
            bits += row;
        }
        double ideal = streamIdealBits(Models.factory(spec), data);
        assertThat(bits).isCloseTo(ideal, within(1e-6 * ideal));
        JsonNode meta = meta(page);
        assertThat(meta.get("models").get(0).get("idealBits").asDouble()).isCloseTo(ideal, within(1e-6 * ideal));
        assertThat(Files.readString(page)).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void twoModelsAndASnapshotSideBySide() throws IOException {
        Path training = text("train.txt", 20_000, 2);
        Path model = dir.resolve("model.bsm");
        assertThat(cli.run("train", "-m", "mlp(width=8,ctx=2,embed=4,bits=6)", "--data", training.toString(), "-o",
                model.toString(), "--eval-every", "8000")).as(cli.err()).isZero();
        Path input = text("in.txt", 6_000, 3);
        byte[] data = Files.readAllBytes(input);
        Path page = dir.resolve("cmp.html");
        Path tsv = dir.resolve("cmp.tsv");
        cli.clearOut();
        assertThat(cli.run("explain", "-m", "order1", "--model-file", model.toString(), input.toString(), "-o", page.toString(),
                "--tsv", tsv.toString(), "--progress", "never")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("A order1").contains("B mlp").contains("B - A");

        JsonNode meta = meta(page);
        assertThat(meta.get("models")).hasSize(2);
        assertThat(meta.get("models").get(1).get("spec").asText()).startsWith("mlp(");
        List<String> lines = Files.readAllLines(tsv);
        assertThat(lines.get(0)).isEqualTo("offset\tbyte\tbits_a\tbits_b\tdelta_bits");
        double a = 0;
        double b = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            a += Double.parseDouble(cells[2]);
            b += Double.parseDouble(cells[3]);
        }
        double order1 = streamIdealBits(Models.factory("order1"), data);
        double snapshot = streamIdealBits(SnapshotFactory.of(Snapshot.read(model), false), data);
        assertThat(a).isCloseTo(order1, within(1e-6 * order1));
        assertThat(b).isCloseTo(snapshot, within(1e-6 * snapshot));
        assertThat(meta.get("models").get(1).get("idealBits").asDouble()).isCloseTo(snapshot, within(1e-6 * snapshot));
    }

    @Test
    void withoutOutputsThePageIsNamedAfterTheInputAndTablesGoToStandardOutput() throws IOException {
        Path input = text("notes.txt", 3_000, 4);
        Path cwdPage = Path.of("notes.txt.explain.html");
        Files.deleteIfExists(cwdPage);
        try {
            assertThat(cli.run("explain", "-q", "-m", "order0", input.toString())).as(cli.err()).isZero();
            assertThat(cwdPage).isRegularFile();
        } finally {
            Files.deleteIfExists(cwdPage);
        }
        cli.clearOut();
        assertThat(cli.run("explain", "-m", "kt0", input.toString(), "--tsv", "-")).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("offset\tbyte\tbits");
        assertThat(lines).hasSize(3_001);
        assertThat(cli.err()).contains("kt0");
    }

    @Test
    void mistakesAreUsageErrors() throws IOException {
        Path input = text("in.txt", 2_000, 5);
        Path page = dir.resolve("p.html");
        assertThat(cli.run("explain", "-m", "order0", "-m", "order1", "-m", "order2", input.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("explain", "-m", "order0", "--view", "braille", input.toString(), "-o", page.toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("explain", "-m", "order0", "--page-bytes", "1000", input.toString(), "-o", page.toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("explain", "-m", "nonsense(", input.toString(), "-o", page.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(page).doesNotExist();
        Files.writeString(page, "keep me");
        assertThat(cli.run("explain", "-m", "order0", input.toString(), "-o", page.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("already exists");
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).isEqualTo("keep me");
        assertThat(cli.run("explain", "-m", "order0", dir.resolve("missing").toString())).isEqualTo(ExitCode.IO);
    }
}

package io.bitscale.cli;

import io.bitscale.core.random.SplitMix64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded {@code bitscale.jar} as a user runs it, in its own JVM: every command family works
 * from the minimized jar (nothing a library loads by reflection went missing), the jar carries
 * no JMH and no native code, and README command 1 falls back to a generated source when the
 * corpora are switched off.
 */
class CliJarIT {

    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("bitscale.cliJar", "target/bitscale.jar"));
        assertThat(jar).as("the shaded CLI jar (mvn package)").isRegularFile();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run bitscale(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        builder.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("bitscale %s finished", List.of(args)).isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private Run ok(String... args) throws IOException, InterruptedException {
        Run run = bitscale(Map.of(), args);
        assertThat(run.exit()).as("bitscale %s%nstdout: %s%nstderr: %s", List.of(args), run.out(), run.err()).isZero();
        return run;
    }

    @Test
    void theJarCarriesNoJmhAndNoNativeLibraries() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/openjdk/jmh"))).isEmpty();
            assertThat(zip.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib")))
                    .isEmpty();
        }
        assertThat(Files.size(jar)).as("a third of the 21 MB the single bench jar had").isLessThan(7_000_000L);
    }

    @Test
    void readmeCommandOneFallsBackToAGeneratedSourceWithoutCorpora() throws Exception {
        Run run = bitscale(Map.of("BITSCALE_CORPORA", "none"), "eval", "-m", "order2", "--corpus", "calgary",
                "--synthetic-bytes", "200000");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("corpora are switched off").contains("generated source");
        assertThat(run.out()).contains("synthetic:").contains("entropy rate of the source");
    }

    @Test
    void compressDecompressModelsAndHelpWork() throws Exception {
        byte[] data = text(50_000);
        Files.write(dir.resolve("in.txt"), data);
        ok("compress", "-q", "-m", "mix(order(1..3,bits=16),match(bits=16))", "in.txt", "-o", "in.bsc");
        ok("decompress", "-q", "in.bsc", "-o", "back.txt");
        assertThat(Files.readAllBytes(dir.resolve("back.txt"))).isEqualTo(data);
        assertThat(ok("models").out()).contains("order2").contains("mix").contains("mlp");
        assertThat(ok("--help").out()).contains("compress").contains("scale");
        assertThat(ok("eval", "-m", "kt1", "--json", "in.txt").out()).contains("\"bpb\"");
    }

    @Test
    void explainWritesAPageAndATableFromTheJar() throws Exception {
        Files.write(dir.resolve("in.txt"), text(20_000));
        ok("explain", "-q", "-m", "order1", "-m", "fast", "in.txt", "-o", "in.html", "--tsv", "in.tsv");
        String page = Files.readString(dir.resolve("in.html"));
        assertThat(page).contains("<script type=\"application/json\" id=\"meta\">").contains("\"spec\":\"fast\"")
                .doesNotContain("{{");
        assertThat(Files.readAllLines(dir.resolve("in.tsv"))).hasSize(20_001);
    }

    @Test
    void aSweepFitsAndPlotsToPngSvgAndPdf() throws Exception {
        ok("scale", "-q", "--corpus", "synthetic:text-like", "-m", "order{k}", "--knob", "k=0,1,2", "--sizes",
                "1e3..1e5/2", "-o", "sweep");
        ok("fit", "sweep", "-o", "sweep/fits.json");
        ok("plot", "sweep", "-o", "plots", "--report", "--formats", "png,svg,pdf");
        try (var files = Files.list(dir.resolve("plots"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.endsWith(".png")).anyMatch(n -> n.endsWith(".svg"))
                    .anyMatch(n -> n.endsWith(".pdf")).contains("report.md");
        }
        try (var files = Files.list(dir.resolve("plots"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 8);
                if (name.endsWith(".pdf")) {
                    assertThat(new String(head, StandardCharsets.US_ASCII)).startsWith("%PDF");
                } else if (name.endsWith(".svg")) {
                    assertThat(Files.readString(file)).contains("<svg");
                }
            }
        }
        ok("merge", "-o", "merged", "sweep");
        assertThat(dir.resolve("merged/results.csv")).isRegularFile();
    }

    @Test
    void sigtermDuringCompressionLeavesNoPartialFile() throws Exception {
        Files.write(dir.resolve("big.txt"), text(4_000_000));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "compress", "-q", "-m", "strong", "big.txt", "-o", "big.bsc");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaryFiles().isEmpty() && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(temporaryFiles()).as("the temporary output exists while compressing").isNotEmpty();
        process.destroy();   // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(temporaryFiles()).as("removed by the shutdown hook").isEmpty();
        assertThat(dir.resolve("big.bsc")).doesNotExist();
    }

    private List<String> temporaryFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".bitscale-")).toList();
        }
    }

    private static byte[] text(int bytes) {
        String[] words = "the model predicts the next byte and the coder writes its bits".split(" ");
        SplitMix64 random = new SplitMix64(3);
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
        }
        return text.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }
}

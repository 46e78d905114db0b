package io.bitscale.cli;

import io.bitscale.core.random.SplitMix64;
import io.bitscale.model.neural.tensor.Workers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The determinism guard: the {@code bitscale} command compresses here (the build's JDK, 17) and
 * the same command on a different JDK (25), in a subprocess on this test's class path,
 * decompresses the stream and compresses the original again; both directions must give exactly
 * the same bytes. Covers the float models (online MLP and GRU, a pretrained int8 snapshot) whose
 * determinism rests on IEEE-exact arithmetic and {@code StrictMath}, and the batched networks
 * (batched MLP, transformer) coded here on two kernel threads and there on one. Beside the
 * command, the training and kernel bits ({@link CrossJvmTraining}): a transformer trained there
 * on one and on two threads must give the snapshot trained here, the tensor kernels the same
 * outputs, and the Vector API kernel (compiled there by that JDK's javac) the scalar bits.
 *
 * <p>The other JDK is {@code $BITSCALE_OTHER_JDK} or {@code /usr/lib/jvm/temurin-25-jdk-amd64};
 * without it the test is skipped, except on CI ({@code CI=true}), where it fails.
 */
class CrossJvmDeterminismTest {

    /** Enough for every code path (frames, BPTT windows, sparse and dense steps) to run many times. */
    private static final int BYTES = 24_000;
    private static Path otherJava;

    @RegisterExtension
    final CliRun cli = new CliRun();

    @BeforeAll
    static void findOtherJdk() {
        String home = System.getenv().getOrDefault("BITSCALE_OTHER_JDK", "/usr/lib/jvm/temurin-25-jdk-amd64");
        Path java = Path.of(home, "bin", "java");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!Files.isExecutable(java)) {
            if (ci) {
                throw new AssertionError("CI=true but the second JDK for the cross-JVM test is missing: " + java
                        + " (set BITSCALE_OTHER_JDK)");
            }
            Assumptions.abort("cross-JVM determinism test skipped: no second JDK at " + java
                    + " (set BITSCALE_OTHER_JDK to a JDK other than " + System.getProperty("java.version") + ")");
        }
        otherJava = java;
    }

    @Test
    void onlineMlpAndGruCodeIdenticallyOnAnotherJvm(@TempDir Path dir) throws Exception {
        check(dir, "mlp", text(BYTES, 1), List.of());
        check(dir, "gru(width=32,bptt=16)", text(BYTES / 2, 1), List.of());
    }

    @Test
    void pretrainedQuantizedSnapshotCodesIdenticallyOnAnotherJvm(@TempDir Path dir) throws Exception {
        Path training = Files.write(dir.resolve("training.txt"), text(10_000, 11));
        Path model = dir.resolve("model.bsm");
        assertThat(cli.run("train", "-q", "-m", "mlp(width=32,ctx=3,embed=8,bits=8)", "--data", training.toString(),
                "-o", model.toString(), "--quantize", "int8", "--epochs", "3")).as(cli.err()).isZero();
        Path int8 = Files.list(dir).filter(p -> p.getFileName().toString().endsWith("int8.bsm")).findFirst()
                .orElse(model);
        check(dir, "snapshot", text(BYTES / 2, 1), List.of("--model-file", int8.toString()));
    }

    @Test
    void batchedNetworksCodeIdenticallyOnAnotherJvmAndThreadCount(@TempDir Path dir) throws Exception {
        check(dir, "mlp(width=16,opt=adam,impl=batched,segments=8,every=2)", text(BYTES / 2, 2), List.of(),
                List.of("--kernel-threads", "2"), List.of("--kernel-threads", "1"));
        check(dir, "transformer(layers=2,d=16,heads=2,ctx=16,segments=6,every=4,train=8)", text(BYTES / 4, 3),
                List.of(), List.of("--kernel-threads", "2"), List.of("--kernel-threads", "1"));
    }

    @Test
    void trainingAndKernelsGiveTheSameBitsOnAnotherJvm() throws Exception {
        String snapshot;
        String kernels;
        try (Workers two = new Workers(2)) {
            snapshot = CrossJvmTraining.snapshotSha256(two);
            kernels = CrossJvmTraining.kernelSha256(two);
        }
        for (String threads : new String[] {"1", "2"}) {
            String[] lines = runTraining(List.of(), System.getProperty("java.class.path"), threads);
            assertThat(lines[2]).as("the other JVM's version").isNotEqualTo(System.getProperty("java.version"));
            assertThat(lines[0]).as("snapshot trained on %s with %s threads", lines[2], threads).isEqualTo(snapshot);
            assertThat(lines[1]).as("kernel outputs on %s with %s threads", lines[2], threads).isEqualTo(kernels);
        }
    }

    /**
     * The Vector API kernel ({@code model/src/main/java21}), compiled here by the other JDK's javac
     * and run there with {@code jdk.incubator.vector}, must reproduce this JVM's scalar bits.
     */
    @Test
    void vectorKernelGivesTheScalarBitsOnAnotherJvm(@TempDir Path dir) throws Exception {
        Path javac = otherJava.resolveSibling("javac");
        Path source = findUp(Path.of("model", "src", "main", "java21", "io", "bitscale", "model", "neural", "tensor",
                "VectorProducts.java"));
        Assumptions.assumeTrue(Files.isExecutable(javac) && source != null,
                "no javac beside " + otherJava + " or no VectorProducts.java above " + Path.of("").toAbsolutePath());
        Path classes = dir.resolve("java21");
        // Every Vector API class (products, Adam rows, softmax and coder tables), not only the products.
        List<String> command = new ArrayList<>(List.of(javac.toString(), "--release", "21", "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "-d", classes.toString()));
        try (var sources = Files.list(source.getParent())) {
            sources.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> command.add(p.toString()));
        }
        Process compile = new ProcessBuilder(command).redirectErrorStream(true).start();
        String compiled = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compile.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(compile.exitValue()).as(compiled).isZero();
        String snapshot;
        String kernels;
        try (Workers two = new Workers(2)) {
            snapshot = CrossJvmTraining.snapshotSha256(two);
            kernels = CrossJvmTraining.kernelSha256(two);
        }
        String[] lines = runTraining(List.of("--add-modules", "jdk.incubator.vector"),
                classes + File.pathSeparator + System.getProperty("java.class.path"), "2");
        assertThat(lines[3]).as("the product kernel on the other JVM").startsWith("vector-");
        assertThat(lines[0]).as("snapshot trained with the vector kernel").isEqualTo(snapshot);
        assertThat(lines[1]).as("kernel outputs with the vector kernel").isEqualTo(kernels);
    }

    private static String[] runTraining(List<String> jvmOptions, String classPath, String threads) throws Exception {
        List<String> command = new ArrayList<>(List.of(otherJava.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, CrossJvmTraining.class.getName(), threads));
        Process process = new ProcessBuilder(command).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.trim().split("\\R");
    }

    /** {@code relative} resolved against the working directory or one of its parents, or null. */
    private static Path findUp(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return null;
    }

    private void check(Path dir, String spec, byte[] data, List<String> modelFile) throws Exception {
        check(dir, spec, data, modelFile, List.of(), List.of());
    }

    private void check(Path dir, String spec, byte[] data, List<String> modelFile, List<String> hereOptions,
                       List<String> thereOptions) throws Exception {
        Path original = Files.write(dir.resolve("original"), data);
        Path here = dir.resolve("here.bsc");
        Path there = dir.resolve("there.bsc");
        Path decoded = dir.resolve("decoded");
        List<String> compress = new ArrayList<>(List.of("compress", "-q", "--force", "--frame-bytes", "8192"));
        if (modelFile.isEmpty()) {
            compress.addAll(List.of("-m", spec));
        }
        compress.addAll(modelFile);
        List<String> local = new ArrayList<>(compress);
        local.addAll(hereOptions);
        local.addAll(List.of(original.toString(), "-o", here.toString()));
        assertThat(cli.run(local.toArray(new String[0]))).as(cli.err()).isZero();

        List<String> remoteCompress = new ArrayList<>(compress);
        remoteCompress.addAll(thereOptions);
        remoteCompress.addAll(List.of(original.toString(), "-o", there.toString()));
        runThere(remoteCompress);
        List<String> remoteDecompress = new ArrayList<>(List.of("decompress", "-q", "--force"));
        remoteDecompress.addAll(modelFile);
        remoteDecompress.addAll(List.of(here.toString(), "-o", decoded.toString()));
        runThere(remoteDecompress);

        assertThat(Files.readAllBytes(decoded)).as("%s: stream from this JVM decoded on %s", spec, otherJava)
                .isEqualTo(data);
        assertThat(Files.readAllBytes(there)).as("%s: stream written on %s", spec, otherJava)
                .isEqualTo(Files.readAllBytes(here));
    }

    private static void runThere(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(otherJava.toString(), "-cp", System.getProperty("java.class.path"),
                BitscaleCli.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("bitscale %s on %s:%n%s", arguments, otherJava, output).isZero();
    }

    /** English-like word salad, the same on every machine. */
    static byte[] text(int bytes, long seed) {
        String[] words = ("the of and to a in that is was he for it with as his on be at by had not are but from "
                + "or have an they which one you were her all she there would their we him been has when who will")
                .split(" ");
        SplitMix64 random = new SplitMix64(seed);
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes) {
            text.append(words[random.nextInt(words.length)]);
            int r = random.nextInt(20);
            text.append(r == 0 ? ".\n" : r == 1 ? ", " : " ");
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), bytes);
    }
}

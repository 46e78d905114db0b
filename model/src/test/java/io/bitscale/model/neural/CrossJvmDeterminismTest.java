package io.bitscale.model.neural;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The determinism guard: a stream compressed here (the build's JDK, 17) is decompressed by a
 * different JDK (25) in a subprocess, which also compresses the original again; both must give
 * exactly the same bytes. The batched networks code here on two threads and there on one; a
 * transformer trained there (on one and on two threads) must give the snapshot trained here, and
 * the tensor kernels the same outputs. The other JDK is {@code $BITSCALE_OTHER_JDK} or
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64}; without it the test is skipped, except on CI
 * ({@code CI=true}), where it fails.
 */
class CrossJvmDeterminismTest {

    /** Enough for every code path (frames, BPTT windows, sparse and dense steps) to run many times. */
    private static final int BYTES = 24_000;
    private static Path otherJava;

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
            Assumptions.assumeTrue(false, "cross-JVM determinism test skipped: no second JDK at " + java
                    + " (set BITSCALE_OTHER_JDK to a JDK other than " + System.getProperty("java.version") + ")");
        }
        otherJava = java;
    }

    @Test
    void onlineMlpAndGruDecodeIdenticallyOnAnotherJvm(@TempDir Path dir) throws Exception {
        check(dir, "mlp", Models.factory("mlp"), NeuralTestData.text(BYTES), null);
        check(dir, "gru", Models.factory("gru(width=32,bptt=16)"), NeuralTestData.text(BYTES / 2), null);
    }

    @Test
    void batchedNetworksDecodeIdenticallyOnAnotherJvmAndThreadCount(@TempDir Path dir) throws Exception {
        io.bitscale.model.neural.tensor.Workers.setSharedThreads(2);
        check(dir, "batched mlp", Models.factory("mlp(width=16,opt=adam,impl=batched,segments=8,every=2)"),
                NeuralTestData.text(BYTES / 2), null, "-Dbitscale.threads=1");
        check(dir, "transformer", Models.factory("transformer(layers=2,d=16,heads=2,ctx=16,segments=6,every=4,train=8)"),
                NeuralTestData.text(BYTES / 4), null, "-Dbitscale.threads=1");
    }

    @Test
    void trainingAndKernelsGiveTheSameBitsOnAnotherJvm() throws Exception {
        String snapshot;
        String kernels;
        try (io.bitscale.model.neural.tensor.Workers two = new io.bitscale.model.neural.tensor.Workers(2)) {
            snapshot = CrossJvmTraining.snapshotSha256(two);
            kernels = CrossJvmTraining.kernelSha256(two);
        }
        for (String threads : new String[] {"1", "2"}) {
            Process process = new ProcessBuilder(otherJava.toString(), "-cp", classPath(),
                    CrossJvmTraining.class.getName(), threads).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            String[] lines = output.trim().split("\\R");
            assertThat(lines[2]).as("the other JVM's version").isNotEqualTo(System.getProperty("java.version"));
            assertThat(lines[0]).as("snapshot trained on %s with %s threads", lines[2], threads).isEqualTo(snapshot);
            assertThat(lines[1]).as("kernel outputs on %s with %s threads", lines[2], threads).isEqualTo(kernels);
        }
    }

    /**
     * The Vector API kernel (src/main/java21), compiled here by the other JDK's javac and run there
     * with {@code jdk.incubator.vector}, must reproduce this JVM's scalar bits: training snapshot,
     * kernel outputs, and a transformer's stream.
     */
    @Test
    void vectorKernelGivesTheScalarBitsOnAnotherJvm(@TempDir Path dir) throws Exception {
        Path javac = otherJava.resolveSibling("javac");
        Path source = Path.of(System.getProperty("bitscale.projectRoot", "."), "model", "src", "main", "java21", "io",
                "bitscale", "model", "neural", "tensor", "VectorProducts.java");
        Assumptions.assumeTrue(Files.isExecutable(javac) && Files.isRegularFile(source),
                "no javac beside " + otherJava + " or no " + source);
        Path classes = dir.resolve("java21");
        Process compile = new ProcessBuilder(javac.toString(), "--release", "21", "--add-modules", "jdk.incubator.vector",
                "-cp", classPath(), "-d", classes.toString(), source.toString()).redirectErrorStream(true).start();
        String compiled = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compile.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(compile.exitValue()).as(compiled).isZero();
        String snapshot;
        String kernels;
        try (io.bitscale.model.neural.tensor.Workers two = new io.bitscale.model.neural.tensor.Workers(2)) {
            snapshot = CrossJvmTraining.snapshotSha256(two);
            kernels = CrossJvmTraining.kernelSha256(two);
        }
        String vectorClassPath = classes + File.pathSeparator + classPath();
        Process process = new ProcessBuilder(otherJava.toString(), "--add-modules", "jdk.incubator.vector", "-cp",
                vectorClassPath, CrossJvmTraining.class.getName(), "2").redirectErrorStream(false).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String[] lines = output.trim().split("\\R");
        assertThat(lines[3]).as("the product kernel on the other JVM").startsWith("vector-");
        assertThat(lines[0]).as("snapshot trained with the vector kernel").isEqualTo(snapshot);
        assertThat(lines[1]).as("kernel outputs with the vector kernel").isEqualTo(kernels);
    }

    @Test
    void pretrainedQuantizedSnapshotDecodesIdenticallyOnAnotherJvm(@TempDir Path dir) throws Exception {
        byte[] training = NeuralTestData.generatedText(10_000, 11);
        String spec = "mlp(width=32,ctx=3,embed=8,bits=8)";
        Trainer.Result result = Trainer.train(spec, training, new Trainer.Options(0.1, 1 << 20, 1, 1 << 20, 3, 2048),
                Trainer.Listener.NONE);
        Snapshot snapshot = Snapshot.of(spec, result.model(), Snapshot.Quantization.INT8, new byte[32], training.length);
        Path file = dir.resolve("model.bsm");
        snapshot.write(file);
        check(dir, spec, SnapshotFactory.of(snapshot, true), NeuralTestData.text(BYTES / 2), file);
    }

    private static void check(Path dir, String label, PredictorFactory factory, byte[] data, Path snapshot,
                              String... jvmOptions) throws Exception {
        byte[] compressed = NeuralRoundTripTest.compress(factory, data, new StreamOptions(8192));
        Path stream = dir.resolve("stream.bsc");
        Path original = dir.resolve("original");
        Path decoded = dir.resolve("decoded");
        Path encoded = dir.resolve("encoded.bsc");
        Files.write(stream, compressed);
        Files.write(original, data);
        List<String> command = new ArrayList<>(List.of(otherJava.toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath(), CrossJvmCodec.class.getName(), stream.toString(), original.toString(),
                factory.spec(), decoded.toString(), encoded.toString()));
        if (snapshot != null) {
            command.add(snapshot.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("%s on %s:%n%s", label, otherJava, output).isZero();
        assertThat(output.trim()).as("the other JVM's version").isNotEqualTo(System.getProperty("java.version"));
        assertThat(Files.readAllBytes(decoded)).as("%s decompressed on %s", label, output.trim()).isEqualTo(data);
        assertThat(Files.readAllBytes(encoded)).as("%s compressed on %s", label, output.trim()).isEqualTo(compressed);
    }

    /** The directories or jars of core, model and these tests. */
    private static String classPath() throws URISyntaxException, IOException {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : new Class<?>[] {CrossJvmCodec.class, MlpPredictor.class, BitscaleInputStream.class}) {
            String entry = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}

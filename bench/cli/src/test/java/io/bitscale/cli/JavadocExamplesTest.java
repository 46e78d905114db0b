package io.bitscale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ready-to-paste example in the Javadoc of the library modules compiles. Each
 * {@code <pre>{@code ...}</pre>} block of core, corpora, model, scaling and compress is compiled against
 * today's classes, as a method body (or, if it declares members, as a class body), with the
 * packages of bitscale and the usual JDK ones imported and the variables examples assume
 * ({@code factory}, {@code data}, {@code source}, {@code target}, ...) declared as fields. An API
 * change that leaves an example behind fails here, naming the file and the compiler's error.
 */
class JavadocExamplesTest {

    private static final List<String> MODULES = List.of("core", "corpora", "model", "bench/scaling", "bench/compress");
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\s*\\n(.*?)\\n\\s*\\*\\s*}</pre>", Pattern.DOTALL);

    /** What the examples may use without declaring it. */
    private static final String GIVEN = """
            io.bitscale.core.model.PredictorFactory factory;
            io.bitscale.model.spec.ModelRegistry registry;
            io.bitscale.model.spec.ModelRegistry models;
            byte[] data = new byte[0];
            byte[] text = new byte[0];
            byte[] bytes = new byte[0];
            byte[] payload = new byte[0];
            java.nio.file.Path source, target, path, file;
            java.io.InputStream in;
            java.io.OutputStream out, sink;
            io.bitscale.core.coding.ArithmeticEncoder encoder;
            io.bitscale.model.neural.Snapshot snapshot;
            io.bitscale.model.neural.NeuralPredictor trained;
            byte[] dataSha256 = new byte[32];
            long dataBytes;
            io.bitscale.scaling.fit.FitResult fit;
            java.util.List<io.bitscale.scaling.sweep.ResultRow> rows;
            io.bitscale.scaling.plot.Figure figure;
            double[] xs = {}, ys = {}, curveX = {}, curveY = {};
            double[] estimate = new double[0], lower = new double[0], upper = new double[0];
            io.bitscale.scaling.fit.Replicates curve, replicates;
            java.util.List<io.bitscale.scaling.fit.Point> seed0Points, seed1Points;
            java.util.function.Consumer<String> notes;
            io.bitscale.scaling.fit.FitReport fitReport;
            com.fasterxml.jackson.databind.JsonNode sweepJson;
            java.nio.file.Path projectRoot;
            java.util.List<io.bitscale.scaling.fit.Point> means;
            io.bitscale.core.model.BitPredictor model;
            io.bitscale.model.mix.ByteHistory history;
            int bit, symbol, node, state, bitCount, d, zeros, ones, value, partialByte, stretchOfModelA, stretchOfModelB;
            io.bitscale.core.coding.ArithmeticCoder coder;
            io.bitscale.core.coding.ArithmeticDecoder decoder;
            int[] cdf = new int[257];
            int[] cells = new int[256];
            long[] counts = new long[256];
            long[] byteCounts = new long[256];
            byte[] bits = new byte[0];
            byte[] corpusBytes = new byte[0];
            java.util.List<io.bitscale.scaling.fit.Point> points;
            java.util.List<io.bitscale.scaling.fit.FitResult> fits;
            io.bitscale.corpora.CorpusData corpora;
            io.bitscale.scaling.sweep.SweepConfig config;

            /** The model of the examples that register one. */
            static final class MyModel implements io.bitscale.core.model.BitPredictor {
                MyModel() {
                }

                MyModel(int knob) {
                }

                public int p1() {
                    return 32768;
                }

                public void update(int bit) {
                }

                public long parameters() {
                    return 0;
                }

                public long memoryBytes() {
                    return 0;
                }
            }
            """;

    private static final String IMPORTS = """
            import io.bitscale.core.accounting.*;
            import io.bitscale.core.coding.*;
            import io.bitscale.core.huffman.*;
            import io.bitscale.core.io.*;
            import io.bitscale.core.model.*;
            import io.bitscale.core.random.*;
            import io.bitscale.core.stream.*;
            import io.bitscale.core.transform.*;
            import io.bitscale.corpora.*;
            import io.bitscale.corpora.synthetic.*;
            import io.bitscale.model.*;
            import io.bitscale.model.cm.*;
            import io.bitscale.model.context.*;
            import io.bitscale.model.counter.*;
            import io.bitscale.model.frequency.*;
            import io.bitscale.model.ngram.*;
            import io.bitscale.model.mix.*;
            import io.bitscale.model.neural.*;
            import io.bitscale.model.neural.tensor.*;
            import io.bitscale.model.spec.*;
            import io.bitscale.scaling.baseline.*;
            import io.bitscale.scaling.eval.*;
            import io.bitscale.scaling.explain.*;
            import io.bitscale.scaling.fit.*;
            import io.bitscale.scaling.plot.*;
            import io.bitscale.scaling.sweep.*;
            import io.bitscale.scaling.theory.*;
            import io.bitscale.compress.*;
            import org.apache.commons.compress.compressors.*;
            import java.io.*;
            import java.nio.file.*;
            import java.util.*;
            """;

    private record Example(Path file, int index, String code) {
    }

    @TempDir
    Path dir;

    @Test
    void everyJavadocExampleOfTheLibraryModulesCompiles() throws IOException {
        Path root = Path.of(System.getProperty("bitscale.projectRoot", "../.."));
        List<Example> examples = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    Matcher m = EXAMPLE.matcher(Files.readString(file));
                    int index = 0;
                    while (m.find()) {
                        String code = m.group(1).lines().map(l -> l.replaceFirst("^\\s*\\*( |$)", ""))
                                .reduce((a, b) -> a + "\n" + b).orElse("")
                                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#64;", "@");
                        examples.add(new Example(file, index++, code));
                    }
                }
            }
        }
        // YAML in a {@code} block (a config file's shape) is not Java.
        examples.removeIf(e -> e.code().strip().matches("(?s)^[a-z][A-Za-z]*:\\s.*"));
        assertThat(examples).as("examples found").hasSizeGreaterThan(20);
        List<String> failures = new ArrayList<>();
        for (Example example : examples) {
            String error = compile(example, false);
            if (error != null && compile(example, true) != null) {
                failures.add(root.relativize(example.file()) + " example " + (example.index() + 1) + ": " + error);
            }
        }
        assertThat(failures).as("Javadoc examples that do not compile").isEmpty();
    }

    /** Compiles the example as a method body, or as class members; null on success, else the first error. */
    private String compile(Example example, boolean asMembers) throws IOException {
        String name = "Example" + Math.abs((example.file() + "#" + example.index()).hashCode()) + (asMembers ? "m" : "b");
        String body = asMembers ? example.code() : "    void example() throws Exception {\n" + example.code() + "\n    }";
        String source = IMPORTS + "\n@SuppressWarnings(\"all\")\nabstract class " + name + " {\n" + GIVEN + "\n" + body + "\n}\n";
        Path file = Files.writeString(dir.resolve(name + ".java"), source, StandardCharsets.UTF_8);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d",
                    dir.resolve("classes").toString(), "-proc:none", "-nowarn");
            Files.createDirectories(dir.resolve("classes"));
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file)).call();
            if (ok) {
                return null;
            }
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).findFirst()
                .map(d -> d.getMessage(Locale.ROOT).replace('\n', ' ') + " in: " + example.code().lines()
                        .skip(Math.max(0, d.getLineNumber() - GIVEN.lines().count() - IMPORTS.lines().count() - 4))
                        .findFirst().orElse("").strip())
                .orElse("does not compile");
    }
}

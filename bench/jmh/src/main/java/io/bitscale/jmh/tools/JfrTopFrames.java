package io.bitscale.jmh.tools;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Summarizes the CPU samples ({@code jdk.ExecutionSample}) of a Flight Recorder file: the methods
 * on top of the stack (self time, inlined frames counted as their own methods), the methods
 * anywhere on the stack (total time), and self time by part of bitscale: coder
 * ({@code core.coding} arithmetic coder), lockstep loop ({@code PredictiveCoder}), model
 * ({@code io.bitscale.model}), container ({@code core.stream} and the JDK's CRC32C), other.
 *
 * <pre>{@code
 * # after a JMH run with -prof jfr:dir=docs/results/jfr
 * java -cp bench/jmh/target/benchmarks.jar io.bitscale.jmh.tools.JfrTopFrames profile.jfr [STACK_FILTER] [TOP]
 * }</pre>
 *
 * <p>{@code STACK_FILTER} keeps only samples with a frame whose {@code Class.method} contains it
 * (default {@code jmh_generated}: the benchmark thread, without JIT or GC threads). As a JMH
 * {@code postProcessor} ({@code -prof "jfr:postProcessor=io.bitscale.jmh.tools.JfrTopFrames"})
 * it writes {@code top-frames.txt} next to each recording.
 */
public final class JfrTopFrames implements JavaFlightRecorderProfiler.PostProcessor {

    static final String DEFAULT_FILTER = "jmh_generated";

    @Override
    public List<File> postProcess(BenchmarkParams benchmarkParams, File jfrFile) {
        File out = new File(jfrFile.getParentFile(), "top-frames.txt");
        try (PrintStream print = new PrintStream(out, StandardCharsets.UTF_8)) {
            print.println("# " + benchmarkParams.getBenchmark() + " " + benchmarkParams.getParamsKeys().stream()
                    .map(k -> k + "=" + benchmarkParams.getParam(k)).toList());
            summarize(jfrFile.toPath(), DEFAULT_FILTER, 20, print);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of(out);
    }

    /** Prints the summary of one recording. */
    public static void summarize(Path recording, String filter, int top, PrintStream out) throws IOException {
        Map<String, Integer> self = new LinkedHashMap<>();
        Map<String, Integer> total = new LinkedHashMap<>();
        Map<String, Integer> parts = new LinkedHashMap<>();
        for (String part : List.of("coder", "loop", "model", "container", "other")) {
            parts.put(part, 0);
        }
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty() || !matches(stack, filter)) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            String topName = name(frames.get(0));
            self.merge(topName, 1, Integer::sum);
            parts.merge(part(topName), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String n = name(frame);
                if (seen.add(n)) {
                    total.merge(n, 1, Integer::sum);
                }
            }
        }
        out.printf(Locale.ROOT, "%s: %d CPU samples with a frame matching '%s'%n", recording.getFileName(), samples, filter);
        if (samples == 0) {
            return;
        }
        out.println("\nself time by part:");
        int n = samples;
        parts.forEach((part, count) -> out.printf(Locale.ROOT, "  %-10s %6.1f%%%n", part, 100.0 * count / n));
        out.println("\ntop frames (self):");
        print(self, n, top, out);
        out.println("\non the stack (total):");
        print(total, n, top, out);
    }

    private static boolean matches(RecordedStackTrace stack, String filter) {
        for (RecordedFrame frame : stack.getFrames()) {
            if (name(frame).contains(filter)) {
                return true;
            }
        }
        return false;
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    /** Which part of bitscale a method belongs to, for the coder-share figure. */
    static String part(String method) {
        if (method.startsWith("io.bitscale.core.coding.Arithmetic") || method.startsWith("io.bitscale.core.coding.StaticCdf")) {
            return "coder";
        }
        if (method.startsWith("io.bitscale.core.coding.PredictiveCoder")) {
            return "loop";
        }
        if (method.startsWith("io.bitscale.model.")) {
            return "model";
        }
        if (method.startsWith("io.bitscale.core.stream.") || method.startsWith("java.util.zip.CRC32C")) {
            return "container";
        }
        return "other";
    }

    private static void print(Map<String, Integer> counts, int samples, int top, PrintStream out) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> out.printf(Locale.ROOT, "  %6.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }
}

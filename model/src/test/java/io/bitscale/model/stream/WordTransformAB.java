package io.bitscale.model.stream;

import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.stream.StreamTransform;
import io.bitscale.core.transform.WordTransform;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Development A/B measurement of the word transform: {@code WordTransformAB ROUNDS SPECS FILE...}
 * (SPECS comma-separated) compresses every file with every spec without and then with the
 * transform, back to back in one JVM, decompresses both, checks the round trip, and prints one
 * row per file, spec and transform: container bytes, bpb (8 × bytes / input bytes), the minimum
 * over the rounds of compress and decompress CPU seconds of this thread (the machine is shared, so
 * the least disturbed run) and of the wall seconds, and the transformed size ratio (transformed
 * bytes the model codes / input bytes, over the default 1 MiB frames; frames the transform does not
 * shorten by a sixteenth count as they are). Default stream options otherwise (one thread).
 */
public final class WordTransformAB {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private WordTransformAB() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = Integer.parseInt(args[0]);
        String[] specs = args[1].split(",(?![^(]*\\))");   // commas outside parentheses
        System.out.printf(Locale.ROOT, "# %-22s %-8s %-6s %10s %10s %8s %8s %8s %8s %8s %7s%n", "file", "spec",
                "trans", "input", "bytes", "bpb", "cCPU_s", "cWall_s", "dCPU_s", "dWall_s", "tRatio");
        for (int f = 2; f < args.length; f++) {
            Path path = Path.of(args[f]);
            byte[] data = Files.readAllBytes(path);
            double ratio = transformedRatio(data);
            for (String spec : specs) {
                long[][] best = new long[2][];
                long[] bytes = new long[2];
                for (int round = 0; round < rounds; round++) {
                    for (StreamTransform transform : new StreamTransform[] {StreamTransform.NONE, StreamTransform.WORDS}) {
                        int t = transform.ordinal();
                        long[] times = new long[4];
                        StreamOptions options = StreamOptions.DEFAULT.withTransform(transform);
                        long cpu = CPU.getCurrentThreadCpuTime();
                        long wall = System.nanoTime();
                        ByteArrayOutputStream sink = new ByteArrayOutputStream(data.length / 3);
                        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, Models.factory(spec), options)) {
                            out.write(data);
                        }
                        times[0] = CPU.getCurrentThreadCpuTime() - cpu;
                        times[1] = System.nanoTime() - wall;
                        byte[] compressed = sink.toByteArray();
                        cpu = CPU.getCurrentThreadCpuTime();
                        wall = System.nanoTime();
                        byte[] back;
                        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed),
                                Models.registry())) {
                            back = in.readAllBytes();
                        }
                        times[2] = CPU.getCurrentThreadCpuTime() - cpu;
                        times[3] = System.nanoTime() - wall;
                        if (!Arrays.equals(back, data)) {
                            throw new AssertionError(path + " " + spec + " " + transform + ": round trip differs");
                        }
                        bytes[t] = compressed.length;
                        if (best[t] == null) {
                            best[t] = times;
                        } else {
                            for (int i = 0; i < 4; i++) {
                                best[t][i] = Math.min(best[t][i], times[i]);
                            }
                        }
                    }
                }
                for (StreamTransform transform : new StreamTransform[] {StreamTransform.NONE, StreamTransform.WORDS}) {
                    int t = transform.ordinal();
                    System.out.printf(Locale.ROOT, "  %-22s %-8s %-6s %10d %10d %8.4f %8.2f %8.2f %8.2f %8.2f %7.4f%n",
                            path.getFileName(), spec, transform, data.length, bytes[t], 8.0 * bytes[t] / data.length,
                            best[t][0] / 1e9, best[t][1] / 1e9, best[t][2] / 1e9, best[t][3] / 1e9,
                            t == 0 ? 1.0 : ratio);
                }
            }
        }
    }

    /** Bytes the model codes with the transform, over the input bytes, as the writer frames them. */
    private static double transformedRatio(byte[] data) {
        StreamOptions options = StreamOptions.DEFAULT;
        int frame = options.frameBytesInBlock();
        WordTransform words = new WordTransform();
        byte[] target = new byte[WordTransform.maxEncodedLength(frame)];
        long coded = 0;
        for (int at = 0; at < data.length; at += frame) {
            if (at % options.blockBytes() == 0) {
                words.reset();
            }
            int length = Math.min(frame, data.length - at);
            int transformed = words.encode(data, at, length, target, 0);
            coded += transformed <= length - length / 16 ? transformed : length;
        }
        return data.length == 0 ? 1 : (double) coded / data.length;
    }
}

package io.bitscale.model.neural;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import io.bitscale.model.neural.tensor.Workers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Developer tool, not a test: codes a file prefix with each spec through {@link PredictiveCoder}
 * (the container's loop: plain, or interleaved segments for batched networks) in frames, and
 * prints payload bpb, wall-clock speed, the CPU time of the coding threads and the SHA-256 of the payload (equal
 * digests = identical streams, e.g. across thread counts).
 *
 * <pre>java -cp model/target/classes:model/target/test-classes:core/target/classes \
 *     io.bitscale.model.neural.CodingBench 'SPEC;SPEC' FILE [BYTES] [THREADS] [FRAME_BYTES]</pre>
 */
public final class CodingBench {

    private CodingBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[1]));
        int n = args.length > 2 ? Math.min(data.length, Integer.parseInt(args[2])) : data.length;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int frame = args.length > 4 ? Integer.parseInt(args[4]) : 1 << 20;
        Workers.setSharedThreads(threads);
        for (String spec : args[0].split(";")) {
            PredictorFactory factory = Models.factory(spec);
            PredictiveCoder loop = PredictiveCoder.of(factory.create());
            ArithmeticEncoder encoder = new ArithmeticEncoder();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long cpuStart = cpuNanos();
            long start = System.nanoTime();
            long payload = 0;
            byte[] buffer = new byte[frame];
            for (int offset = 0; offset < n; offset += frame) {
                int length = Math.min(frame, n - offset);
                System.arraycopy(data, offset, buffer, 0, length);
                encoder.reset();
                loop.codeBlock(encoder, buffer, 0, length);
                int bytes = encoder.finishBlock();
                payload += bytes;
                byte[] block = encoder.finish();
                digest.update(block, 0, Math.min(block.length, bytes));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpuNanos() - cpuStart) / 1e9;
            String flops = factory instanceof NeuralFactory nf ? String.format(Locale.ROOT, " %.2f MFLOP/byte",
                    nf.flopsPerByte() / 1e6) : "";
            System.out.printf(Locale.ROOT, "%-70s %8d bytes %7.4f bpb %8.1f KB/s wall %6.1f s cpu/%4.1f s wall, %d threads, "
                            + "params %d%s sha256 %s%n", spec, n, 8.0 * payload / n, n / 1e3 / seconds, cpu, seconds,
                    threads, factory.parameters(), flops, HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        }
        System.exit(0);
    }

    /** CPU time of the coding thread and the pool's helpers (not the JIT's or the collector's). */
    static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = mx.getCurrentThreadCpuTime();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("bitscale-neural-")) {
                sum += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }
}

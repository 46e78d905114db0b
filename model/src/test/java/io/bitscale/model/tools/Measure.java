package io.bitscale.model.tools;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Quick measurement: {@code Measure SPEC FILE...} compresses each file through the container
 * stream, decompresses it, checks the round trip and prints bpb (all container bytes counted)
 * and MB/s. Add {@code -nodecode} as the first argument to skip decompression.
 */
public final class Measure {
    public static void main(String[] args) throws Exception {
        int first = 0;
        boolean decode = true;
        if (args[0].equals("-nodecode")) {
            decode = false;
            first = 1;
        }
        String spec = args[first];
        PredictorFactory factory = Models.factory(spec);
        System.out.printf("%s  parameters=%,d memory=%,d%n", factory.spec(), factory.parameters(), factory.memoryBytes());
        long totalIn = 0;
        long totalOut = 0;
        for (int i = first + 1; i < args.length; i++) {
            byte[] data = Files.readAllBytes(Path.of(args[i]));
            long t0 = System.nanoTime();
            long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory)) {
                out.write(data);
            }
            long t1 = System.nanoTime();
            long cpu1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            byte[] packed = sink.toByteArray();
            String check = "";
            double dmbs = 0;
            if (decode) {
                long t2 = System.nanoTime();
                byte[] back;
                try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(packed), Models.registry())) {
                    back = in.readAllBytes();
                }
                long t3 = System.nanoTime();
                dmbs = data.length / 1e6 / ((t3 - t2) / 1e9);
                check = Arrays.equals(back, data) ? "ok" : "MISMATCH";
            }
            totalIn += data.length;
            totalOut += packed.length;
            System.out.printf("%-40s %9d -> %8d  %.4f bpb  c %.2f MB/s (cpu %.2f)  d %.2f MB/s  %s%n", args[i], data.length,
                    packed.length, 8.0 * packed.length / data.length, data.length / 1e6 / ((t1 - t0) / 1e9), data.length / 1e6 / ((cpu1 - cpu0) / 1e9), dmbs, check);
        }
        if (args.length - first > 2) {
            System.out.printf("TOTAL %d -> %d  %.4f bpb%n", totalIn, totalOut, 8.0 * totalOut / totalIn);
        }
    }
}

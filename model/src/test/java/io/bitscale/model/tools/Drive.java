package io.bitscale.model.tools;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.model.Models;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code Drive FILE SPEC...}: runs each model over the file without a coder; prints ideal bpb and MB/s. */
public final class Drive {
    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        double[] cost = new double[65537];
        for (int i = 1; i <= 65536; i++) {
            cost[i] = -Math.log(i / 65536.0) / Math.log(2);
        }
        for (int round = 0; round < Integer.getInteger("rounds", 2); round++) {
            for (int s = 1; s < args.length; s++) {
                BitPredictor p = (BitPredictor) Models.factory(args[s]).create();
                long t0 = System.nanoTime();
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                double bits = 0;
                for (byte b : data) {
                    for (int i = 7; i >= 0; i--) {
                        int bit = (b >> i) & 1;
                        int p1 = p.p1();
                        bits += cost[bit != 0 ? p1 : 65536 - p1];
                        p.update(bit);
                    }
                }
                long t1 = System.nanoTime();
                long cpu1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                System.out.printf("%-50s %.4f bpb %.2f MB/s (cpu %.2f MB/s)%n", args[s], bits / data.length,
                        data.length / 1e6 / ((t1 - t0) / 1e9), data.length / 1e6 / ((cpu1 - cpu0) / 1e9));
            }
        }
    }
}

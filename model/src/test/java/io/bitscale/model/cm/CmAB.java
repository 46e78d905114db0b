package io.bitscale.model.cm;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.model.Models;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Development A/B timing: {@code CmAB FILE ROUNDS SPEC...} runs every spec over the file in turn,
 * ROUNDS times, in one JVM, and prints each spec's minimum CPU ns per byte (the machine is shared,
 * so the minimum is the least disturbed run) and its ideal bpb.
 */
public final class CmAB {
    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        int rounds = Integer.parseInt(args[1]);
        int n = args.length - 2;
        double[] best = new double[n];
        double[] bpb = new double[n];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        double[] cost = new double[65537];
        for (int i = 1; i <= 65536; i++) {
            cost[i] = -Math.log(i / 65536.0) / Math.log(2);
        }
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < n; s++) {
                BitPredictor p = (BitPredictor) Models.factory(args[s + 2]).create();
                long cpu0 = bean.getCurrentThreadCpuTime();
                double bits = 0;
                for (byte b : data) {
                    for (int i = 7; i >= 0; i--) {
                        int bit = (b >> i) & 1;
                        int p1 = p.p1();
                        bits += cost[bit != 0 ? p1 : 65536 - p1];
                        p.update(bit);
                    }
                }
                best[s] = Math.min(best[s], (double) (bean.getCurrentThreadCpuTime() - cpu0) / data.length);
                bpb[s] = bits / data.length;
            }
        }
        for (int s = 0; s < n; s++) {
            System.out.printf("%7.0f ns/B  %.4f bpb  %s%n", best[s], bpb[s], args[s + 2]);
        }
    }
}

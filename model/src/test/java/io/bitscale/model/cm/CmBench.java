package io.bitscale.model.cm;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.model.Models;

import java.nio.file.Files;
import java.nio.file.Path;

/** Development benchmark: {@code CmBench SPEC FILE [ROUNDS]}: steady-state ns per byte (fresh model each round). */
public final class CmBench {
    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            BitPredictor p = (BitPredictor) Models.factory(args[0]).create();
            long cpu0 = bean.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int sum = 0;
            for (byte b : data) {
                for (int i = 7; i >= 0; i--) {
                    int bit = (b >> i) & 1;
                    sum += p.p1();
                    p.update(bit);
                }
            }
            long cpu = bean.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            System.out.printf("round %d: %.0f ns/B cpu, %.0f ns/B wall (%d)%n", r, (double) cpu / data.length,
                    (double) wall / data.length, sum);
        }
    }
}

package io.bitscale.model.cm;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.model.Models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Development driver: {@code CmDrive SPEC[;SPEC...] FILE...} runs each model over each file without
 * a coder (ideal code length, Σ -log2 p) and prints bpb per file, the total, and CPU ns per byte.
 * A spec containing {size} gets the file's size hint.
 */
public final class CmDrive {
    public static void main(String[] args) throws Exception {
        String[] specs = args[0].split(";");
        double[] cost = new double[65537];
        for (int i = 1; i <= 65536; i++) {
            cost[i] = -Math.log(i / 65536.0) / Math.log(2);
        }
        List<byte[]> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Files.readAllBytes(Path.of(args[i])));
            names.add(Path.of(args[i]).getFileName().toString());
        }
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String spec : specs) {
            double totalBits = 0;
            long totalBytes = 0;
            long totalCpu = 0;
            StringBuilder line = new StringBuilder();
            for (int f = 0; f < files.size(); f++) {
                byte[] data = files.get(f);
                String s = spec.replace("{size}", Integer.toString(CmSpecs.sizeBits(data.length)));
                long cpu0 = bean.getCurrentThreadCpuTime();
                BitPredictor p = (BitPredictor) Models.factory(s).create();
                double bits = 0;
                for (byte b : data) {
                    for (int i = 7; i >= 0; i--) {
                        int bit = (b >> i) & 1;
                        int p1 = p.p1();
                        bits += cost[bit != 0 ? p1 : 65536 - p1];
                        p.update(bit);
                    }
                }
                long cpu = bean.getCurrentThreadCpuTime() - cpu0;
                totalBits += bits;
                totalBytes += data.length;
                totalCpu += cpu;
                line.append(String.format("%s %.4f %.0fns  ", names.get(f), bits / data.length, (double) cpu / data.length));
            }
            System.out.printf("%-70s TOTAL %.5f bpb %6.0f ns/B | %s%n", spec, totalBits / totalBytes,
                    (double) totalCpu / totalBytes, line);
        }
    }
}

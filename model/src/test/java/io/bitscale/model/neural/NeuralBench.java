package io.bitscale.model.neural;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.model.Models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Developer tool, not a test: ideal bits per byte and time per byte of a model spec on a file
 * prefix, one pass (compression only), for tuning. {@code java -cp ... NeuralBench SPEC FILE [BYTES]}.
 */
public final class NeuralBench {

    private NeuralBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[1]));
        int n = args.length > 2 ? Math.min(data.length, Integer.parseInt(args[2])) : data.length;
        for (String spec : args[0].split(";")) {
            Predictor predictor = Models.factory(spec).create();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long cpuStart = mx.getCurrentThreadCpuTime();
            double bits = 0;
            for (int i = 0; i < n; i++) {
                int symbol = data[i] & 0xFF;
                if (predictor instanceof SymbolPredictor sp) {
                    int[] cdf = sp.cdf();
                    bits -= Math.log((cdf[symbol + 1] - cdf[symbol]) / (double) cdf[256]);
                    sp.update(symbol);
                } else {
                    BitPredictor bp = (BitPredictor) predictor;
                    for (int b = 7; b >= 0; b--) {
                        int bit = (symbol >>> b) & 1;
                        double p1 = bp.p1() / 65536.0;
                        bits -= Math.log(bit == 1 ? p1 : 1 - p1);
                        bp.update(bit);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "%-60s %9d bytes %7.4f bpb %7.1f us/byte cpu (%5.1f KB/s cpu, %5.1f KB/s wall) params %d%n", spec, n,
                    bits / Math.log(2) / n, cpu * 1e6 / n, n / 1e3 / cpu, n / 1e3 / seconds, predictor.parameters());
        }
    }
}

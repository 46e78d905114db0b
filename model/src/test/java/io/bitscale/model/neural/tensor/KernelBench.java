package io.bitscale.model.neural.tensor;

import java.util.Locale;

/**
 * Developer tool, not a test (the committed figures will come from JMH): the scalar FMA peak of
 * this core and the GFLOP/s of the product and attention kernels on 1 and N threads.
 *
 * <pre>java -cp model/target/classes:model/target/test-classes:core/target/classes \
 *     io.bitscale.model.neural.tensor.KernelBench [THREADS] [SECONDS_PER_CASE]</pre>
 *
 * <p><b>The peak.</b> Twelve independent chains of scalar {@code float} {@link Math#fma}
 * ({@code c_i = fma(c_i, a, b)}): the JIT emits one scalar {@code vfmadd} per call and cannot
 * vectorize across the chains, and twelve chains cover the FMA latency (4 cycles) on two FMA
 * pipes. FLOPs = 2 per FMA; the best of several one-second runs, wall clock.
 */
public final class KernelBench {

    private KernelBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        System.out.printf(Locale.ROOT, "scalar FMA peak, 1 thread: %.2f GFLOP/s%n", peak(seconds));
        int[][] shapes = {{256, 256, 256}, {512, 128, 512}, {4096, 128, 128}, {4096, 128, 512}, {4096, 512, 128},
                {16, 144, 32}, {16, 32, 256}};
        try (Workers single = new Workers(1); Workers many = new Workers(threads)) {
            for (int[] s : shapes) {
                double a = product(single, s[0], s[1], s[2], seconds);
                double b = product(many, s[0], s[1], s[2], seconds);
                System.out.printf(Locale.ROOT, "multiply %4dx%4dx%4d: 1 thread %6.2f GFLOP/s, %d threads %6.2f (x%.2f)%n",
                        s[0], s[1], s[2], a, threads, b, b / a);
                double ta = transposed(single, s[0], s[1], s[2], seconds);
                double tb = transposed(many, s[0], s[1], s[2], seconds);
                System.out.printf(Locale.ROOT, "   aT·b %4dx%4dx%4d: 1 thread %6.2f GFLOP/s, %d threads %6.2f (x%.2f)%n",
                        s[1], s[0], s[2], ta, threads, tb, tb / ta);
            }
            for (int[] s : new int[][] {{32, 128, 128, 4, 128}, {1, 2048, 128, 4, 128}}) {
                double a = attention(single, s[0], s[1], s[2], s[3], s[4], seconds);
                double b = attention(many, s[0], s[1], s[2], s[3], s[4], seconds);
                System.out.printf(Locale.ROOT, "attention fwd+bwd %d x %d, d %d, %d heads, window %d: 1 thread %6.2f "
                        + "GFLOP/s, %d threads %6.2f (x%.2f)%n", s[0], s[1], s[2], s[3], s[4], a, threads, b, b / a);
            }
        }
    }

    static double peak(double seconds) {
        double best = 0;
        float sink = 0;
        for (int rep = 0; rep < 5; rep++) {
            long n = 20_000_000L;
            long start = System.nanoTime();
            long done = 0;
            while (System.nanoTime() - start < seconds * 1e9 / 2) {
                sink += fmaChains(n, 0.999f, 0.001f);
                done += n;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 24.0 * done / elapsed / 1e9);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }

    private static float fmaChains(long n, float a, float b) {
        float c0 = 1, c1 = 2, c2 = 3, c3 = 4, c4 = 5, c5 = 6, c6 = 7, c7 = 8, c8 = 9, c9 = 10, c10 = 11, c11 = 12;
        for (long i = 0; i < n; i++) {
            c0 = Math.fma(c0, a, b);
            c1 = Math.fma(c1, a, b);
            c2 = Math.fma(c2, a, b);
            c3 = Math.fma(c3, a, b);
            c4 = Math.fma(c4, a, b);
            c5 = Math.fma(c5, a, b);
            c6 = Math.fma(c6, a, b);
            c7 = Math.fma(c7, a, b);
            c8 = Math.fma(c8, a, b);
            c9 = Math.fma(c9, a, b);
            c10 = Math.fma(c10, a, b);
            c11 = Math.fma(c11, a, b);
        }
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }

    private static double product(Workers workers, int m, int k, int n, double seconds) {
        float[][] a = KernelsTest.random(m, k, 1);
        float[][] b = KernelsTest.random(k, n, 2);
        float[][] c = new float[m][n];
        return timed(2.0 * m * k * n, seconds, () -> MatMul.multiply(workers, a, m, k, b, n, null, c));
    }

    private static double transposed(Workers workers, int k, int m, int n, double seconds) {
        float[][] a = KernelsTest.random(k, m, 1);
        float[][] b = KernelsTest.random(k, n, 2);
        float[][] c = new float[m][n];
        return timed(2.0 * m * k * n, seconds, () -> MatMul.multiplyTransposedAdd(workers, a, k, m, b, n, c));
    }

    private static double attention(Workers workers, int sequences, int length, int d, int heads, int window,
                                    double seconds) {
        int rows = sequences * length;
        float[][] q = KernelsTest.random(rows, d, 1);
        float[][] k = KernelsTest.random(rows, d, 2);
        float[][] v = KernelsTest.random(rows, d, 3);
        float[][] g = KernelsTest.random(rows, d, 4);
        float[][] out = new float[rows][d];
        float[][] dq = new float[rows][d];
        float[][] dk = new float[rows][d];
        float[][] dv = new float[rows][d];
        Attention attention = new Attention(d, heads, window);
        Attention.Scratch scratch = attention.new Scratch(workers.threads(), length, true);
        float[][][] p = new float[sequences * heads][length][length];
        // Keys per query summed over positions; 2 FLOPs per multiply-add; scores and weighted sum
        // forward, three products backward.
        long keys = 0;
        for (int i = 0; i < length; i++) {
            keys += Math.min(i + 1, window);
        }
        double flops = 2.0 * sequences * keys * d * 5;
        return timed(flops, seconds, () -> {
            attention.forward(workers, q, k, v, sequences, length, out, p, scratch);
            attention.backward(workers, q, k, v, p, g, sequences, length, dq, dk, dv, scratch);
        });
    }

    private static double timed(double flops, double seconds, Runnable body) {
        for (long start = System.nanoTime(); System.nanoTime() - start < 1e9; ) {
            body.run();
        }
        double best = 0;
        for (int rep = 0; rep < 3; rep++) {
            long start = System.nanoTime();
            long runs = 0;
            while (System.nanoTime() - start < seconds * 1e9 / 3) {
                body.run();
                runs++;
            }
            best = Math.max(best, flops * runs / ((System.nanoTime() - start) / 1e9) / 1e9);
        }
        return best;
    }
}

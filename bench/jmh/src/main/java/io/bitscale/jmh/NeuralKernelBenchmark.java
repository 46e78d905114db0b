package io.bitscale.jmh;

import io.bitscale.core.random.SplitMix64;
import io.bitscale.model.neural.tensor.Attention;
import io.bitscale.model.neural.tensor.MatMul;
import io.bitscale.model.neural.tensor.Workers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The neural tensor kernels in GFLOP/s ({@link FlopCounter}: {@code flops} per second, a
 * multiply-add counted as two), on {@code threads} = 1 and 2 of their own pool:
 * <ul>
 *   <li>{@link #multiply}: {@code C = A·B} of {@code shape} = m×k×n, 2·m·k·n FLOPs;</li>
 *   <li>{@link #multiplyTransposed}: {@code W += Aᵀ·G} (the weight gradient of a k→n layer over m
 *       positions), 2·m·k·n FLOPs;</li>
 *   <li>{@link #attentionForward} and {@link #attentionBackward}: causal attention with an ALiBi
 *       window over 32 sequences of 128 positions, d = 128, 4 heads; FLOPs = 2·d per (query, key)
 *       pair per product: two products forward (scores, weighted sum), three backward.</li>
 * </ul>
 * Which product kernel ran (scalar, or the Vector API one on JDK 21+ with
 * {@code --add-modules jdk.incubator.vector}) is {@link MatMul#kernel()}, printed at setup.
 * {@link FmaPeakBenchmark} gives the peak to divide by.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NeuralKernelBenchmark {

    /** Threads of the kernels' pool (the calling thread included). */
    @Param({"1", "2"})
    public int threads;

    /** m x k x n of the products: a training batch of 4096 positions at d = 128 through a 4x feed-forward layer. */
    @Param({"4096x128x512", "256x256x256"})
    public String shape;

    private Workers workers;
    private int m;
    private int k;
    private int n;
    private float[][] a;
    private float[][] b;
    private float[][] c;
    private float[][] g;
    private float[][] weightGradient;

    private static final int SEQUENCES = 32;
    private static final int LENGTH = 128;
    private static final int D = 128;
    private static final int HEADS = 4;
    private static final int WINDOW = 128;
    private Attention attention;
    private Attention.Scratch scratch;
    private float[][] q;
    private float[][] keys;
    private float[][] values;
    private float[][] gradient;
    private float[][] out;
    private float[][] dq;
    private float[][] dk;
    private float[][] dv;
    private float[][][] p;
    private double attentionFlops;

    @Setup(Level.Trial)
    public void setUp() {
        workers = new Workers(threads);
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        a = random(m, k, 1);
        b = random(k, n, 2);
        c = new float[m][n];
        g = random(m, n, 3);
        weightGradient = new float[k][n];
        int rows = SEQUENCES * LENGTH;
        q = random(rows, D, 4);
        keys = random(rows, D, 5);
        values = random(rows, D, 6);
        gradient = random(rows, D, 7);
        out = new float[rows][D];
        dq = new float[rows][D];
        dk = new float[rows][D];
        dv = new float[rows][D];
        attention = new Attention(D, HEADS, WINDOW);
        scratch = attention.new Scratch(threads, LENGTH, true);
        p = new float[SEQUENCES * HEADS][LENGTH][LENGTH];
        attention.forward(workers, q, keys, values, SEQUENCES, LENGTH, out, p, scratch);
        long pairs = 0;
        for (int i = 0; i < LENGTH; i++) {
            pairs += Math.min(i + 1, WINDOW);
        }
        attentionFlops = 2.0 * SEQUENCES * pairs * D;
        System.out.println("# product kernel: " + MatMul.kernel() + ", " + threads + " threads");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public float[][] multiply(FlopCounter counter) {
        MatMul.multiply(workers, a, m, k, b, n, null, c);
        counter.add(2.0 * m * k * n);
        return c;
    }

    @Benchmark
    public float[][] multiplyTransposed(FlopCounter counter) {
        // The weight gradient of a k -> n layer over m positions: weightGradient (k x n) += aᵀ · g.
        MatMul.multiplyTransposedAdd(workers, a, m, k, g, n, weightGradient);
        counter.add(2.0 * m * k * n);
        return weightGradient;
    }

    @Benchmark
    public float[][] attentionForward(FlopCounter counter) {
        attention.forward(workers, q, keys, values, SEQUENCES, LENGTH, out, p, scratch);
        counter.add(2 * attentionFlops);
        return out;
    }

    @Benchmark
    public float[][] attentionBackward(FlopCounter counter) {
        attention.backward(workers, q, keys, values, p, gradient, SEQUENCES, LENGTH, dq, dk, dv, scratch);
        counter.add(3 * attentionFlops);
        return dq;
    }

    static float[][] random(int rows, int columns, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        float[][] matrix = new float[rows][columns];
        for (float[] row : matrix) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return matrix;
    }
}

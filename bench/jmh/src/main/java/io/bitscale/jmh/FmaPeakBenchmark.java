package io.bitscale.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The scalar floating-point peak of one core, the denominator of the kernels' "fraction of
 * peak": twelve independent chains {@code c_i = fma(c_i, a, b)} of {@code float}
 * {@link Math#fma}, {@value #STEPS} steps each per operation. Each chain depends on itself only,
 * so the JIT emits one scalar {@code vfmadd} per call (it cannot vectorize a chain) and twelve
 * chains in flight cover the FMA latency (4 cycles) on two FMA pipes. Reported as
 * {@link FlopCounter} {@code flops} per second, 2 FLOPs per FMA; one thread.
 *
 * <p>The product kernels can exceed this figure: HotSpot vectorizes them across output columns
 * (each output's sum stays one scalar chain), and the Vector API kernel does so explicitly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FmaPeakBenchmark {

    /** Steps of each of the twelve chains per benchmark operation. */
    static final int STEPS = 1 << 20;

    public float a = 0.999f;
    public float b = 0.001f;

    @Benchmark
    public float scalarFma(FlopCounter counter) {
        float x = a;
        float y = b;
        float c0 = 1, c1 = 2, c2 = 3, c3 = 4, c4 = 5, c5 = 6, c6 = 7, c7 = 8, c8 = 9, c9 = 10, c10 = 11, c11 = 12;
        for (int i = 0; i < STEPS; i++) {
            c0 = Math.fma(c0, x, y);
            c1 = Math.fma(c1, x, y);
            c2 = Math.fma(c2, x, y);
            c3 = Math.fma(c3, x, y);
            c4 = Math.fma(c4, x, y);
            c5 = Math.fma(c5, x, y);
            c6 = Math.fma(c6, x, y);
            c7 = Math.fma(c7, x, y);
            c8 = Math.fma(c8, x, y);
            c9 = Math.fma(c9, x, y);
            c10 = Math.fma(c10, x, y);
            c11 = Math.fma(c11, x, y);
        }
        counter.add(2.0 * 12 * STEPS);
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }
}

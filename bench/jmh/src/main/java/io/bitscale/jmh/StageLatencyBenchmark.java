package io.bitscale.jmh;

import io.bitscale.model.mix.Apm;
import io.bitscale.model.mix.Logistic;
import io.bitscale.model.mix.Mixer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The latency of the per-bit stages every context-mixing preset runs in series: a logistic
 * {@link Mixer}'s {@code mix} + {@code update}, an {@link Apm}'s {@code refine} + {@code update},
 * and the two chained as {@code fast} chains them (mixer, then two APM stages, the second fed by
 * the first). Each operation is one binary decision; results are nanoseconds per decision.
 *
 * <p>Why latency and not throughput: a bit model cannot predict bit {@code i + 1} before it has
 * learned from bit {@code i}, so consecutive decisions form one dependency chain through the
 * weights and cells just written (store, then load of the same address). These stage times add
 * up to a floor under any preset's time per bit that no amount of overlap removes; docs/cm-results.md
 * compares that floor with the speed targets. Inputs are seeded random stretch values in
 * [−2047, 2047] and bits with P(1) = 1/4; the weight set and APM context follow the data as in a
 * real model (the mixer's weight set fixed for a byte, the APM context the partial byte).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StageLatencyBenchmark {

    /** Decisions per benchmark invocation. */
    static final int DECISIONS = 4096;

    /** Mixer inputs including the bias ({@code fast} feeds 14, {@code default} 16 per set). */
    @Param({"3", "8", "16"})
    public int inputs;

    private int[] x;
    private Mixer mixer;
    private Apm apm1;
    private Apm apm2;
    private int[] stretches;
    private int[] bits;
    private int[] contexts;
    private int[] weightSets;

    @Setup
    public void prepare() {
        SplittableRandom random = new SplittableRandom(20261129L);
        x = new int[inputs];
        mixer = new Mixer(x, 128, 6, (1 << 17) / inputs);
        apm1 = new Apm(256, 255);
        apm2 = new Apm(1 << 16, 255);
        int n = DECISIONS + inputs;
        stretches = new int[n];
        bits = new int[DECISIONS];
        contexts = new int[DECISIONS];
        weightSets = new int[DECISIONS];
        for (int i = 0; i < n; i++) {
            stretches[i] = random.nextInt(4095) - 2047;
        }
        int partial = 1;
        for (int i = 0; i < DECISIONS; i++) {
            bits[i] = random.nextInt(4) == 0 ? 1 : 0;
            contexts[i] = partial;
            weightSets[i] = (i & 7) == 0 ? random.nextInt(128) : weightSets[i - 1];
            partial = (i & 7) == 7 ? 1 : (partial << 1) | bits[i];
        }
    }

    private void load(int i) {
        int[] v = x;
        for (int k = 0; k < v.length - 1; k++) {
            v[k] = stretches[i + k];
        }
        v[v.length - 1] = 256;
    }

    /** Mixer alone: one weight set per byte, as the presets' first selector picks it. */
    @Benchmark
    @OperationsPerInvocation(DECISIONS)
    public int mixer() {
        int sum = 0;
        for (int i = 0; i < DECISIONS; i++) {
            load(i);
            sum += mixer.mix(weightSets[i]);
            mixer.update(bits[i]);
        }
        return sum;
    }

    /** One APM stage alone, each input depending on the previous output (as chained stages are). */
    @Benchmark
    @OperationsPerInvocation(DECISIONS)
    public int apm() {
        int p = 32768;
        for (int i = 0; i < DECISIONS; i++) {
            int d = (Logistic.stretch(p >>> 4) + stretches[i]) >> 1;
            p = apm1.refine(d, contexts[i]);
            apm1.update(bits[i]);
        }
        return p;
    }

    /** Mixer, then two APM stages: the final stages of {@code fast}, without its models. */
    @Benchmark
    @OperationsPerInvocation(DECISIONS)
    public int mixerThenTwoApms() {
        int sum = 0;
        for (int i = 0; i < DECISIONS; i++) {
            load(i);
            int c0 = contexts[i];
            int d = mixer.mix(weightSets[i]);
            int p = Logistic.squash16(d);
            p = (p + 3 * apm1.refine(d, c0)) >> 2;
            p = (p + 3 * apm2.refine(Logistic.stretch(p >>> 4), c0 | (i & 0xFF00))) >> 2;
            sum += p;
            int bit = bits[i];
            mixer.update(bit);
            apm1.update(bit);
            apm2.update(bit);
        }
        return sum;
    }
}

package io.bitscale.jmh;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.model.Models;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A model's own work, with no coder and no container: the {@code p1()}/{@code update(bit)}
 * loop of a bit model (eight pairs per byte, most significant bit first) or the
 * {@code cdf()}/{@code update(symbol)} loop of a symbol model, over a whole file, starting from
 * a fresh model each operation (built in an untimed per-invocation setup; operations take
 * milliseconds, so that setup's timestamps do not matter).
 *
 * <p>Compared with {@link ModelBenchmark#compress} on the same spec and file, the difference is
 * what the coder and the container cost: {@code 1 - compress / predictUpdate} in bytes per
 * second estimates the coder's share of compress time, next to the profile.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModelLoopBenchmark {

    /** Model spec; named apart from {@link ModelBenchmark#spec} so {@code -p spec=...} leaves this list alone. */
    @Param({"order0", "order1", "order2", "kt0", "kt1"})
    public String model;

    @Param({"calgary/book1"})
    public String corpus;

    private PredictorFactory factory;
    private byte[] data;
    private Predictor predictor;

    @Setup(Level.Trial)
    public void prepare() {
        factory = Models.factory(model);
        data = BenchmarkCorpus.load(corpus);
    }

    @Setup(Level.Invocation)
    public void freshModel() {
        predictor = factory.create();
    }

    @Benchmark
    public long predictUpdate(ByteCounter counter) {
        long checksum = predictor instanceof BitPredictor bits
                ? bitLoop(bits, data) : symbolLoop((SymbolPredictor) predictor, data);
        counter.add(data.length, 0);
        return checksum;
    }

    /** The lockstep loop of {@code PredictiveCoder}, with the coder call replaced by a sum of p1. */
    private static long bitLoop(BitPredictor model, byte[] data) {
        long sum = 0;
        for (byte b : data) {
            int value = b;
            for (int shift = 7; shift >= 0; shift--) {
                sum += model.p1();
                model.update((value >>> shift) & 1);
            }
        }
        return sum;
    }

    private static long symbolLoop(SymbolPredictor model, byte[] data) {
        long sum = 0;
        for (byte b : data) {
            int symbol = b & 0xFF;
            int[] cdf = model.cdf();
            sum += cdf[symbol + 1] - cdf[symbol];
            model.update(symbol);
        }
        return sum;
    }
}

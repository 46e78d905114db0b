package io.bitscale.jmh;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Bytes per second of online neural coding ({@link ByteCounter} {@code bytes} per second; with
 * {@code compressedBytes} the bpb of the same run): {@code neuralModel} coding the first
 * {@code bytes} of {@code corpus} (64 KiB unless given; {@code -p bytes=768771} codes all of book1)
 * while it learns (arithmetic coder, no container), from a fresh model each operation, on
 * {@code threads} = 1 and 2 of the kernels' pool. The legacy and the batched {@code mlp} side by
 * side show what batching B = 16 interleaved segments buys (updated every step, and every fourth
 * step: the spec of the speed target in docs/neural.md); {@link NeuralTrainingBenchmark} measures
 * pretraining and frozen coding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class NeuralCodingBenchmark {

    /** Threads of the kernels' pool. */
    @Param({"1", "2"})
    public int threads;

    /** The online model of {@link #codeOnline}. */
    @Param({"mlp(opt=adam)", "mlp(opt=adam,impl=batched,segments=16,lr=40)",
            "mlp(opt=adam,impl=batched,segments=16,every=4,lr=60)",
            "transformer(layers=2,d=64,heads=4,ctx=64,segments=16,every=16)"})
    public String neuralModel;

    @Param({"calgary/book1"})
    public String corpus;

    /** Bytes coded per operation: the first {@code bytes} of {@link #corpus} (all of it if shorter). */
    @Param({"65536"})
    public int bytes;

    private byte[] data;
    private PredictorFactory online;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] all = BenchmarkCorpus.load(corpus);
        data = Arrays.copyOf(all, Math.min(all.length, bytes));
        Workers.setSharedThreads(threads);
        online = Models.factory(neuralModel);
    }

    @Benchmark
    public int codeOnline(ByteCounter counter) {
        ArithmeticEncoder encoder = new ArithmeticEncoder(data.length);
        PredictiveCoder.of(online.create()).codeBlock(encoder, data.clone(), 0, data.length);
        int length = encoder.finishBlock();
        counter.add(data.length, length);
        return length;
    }
}

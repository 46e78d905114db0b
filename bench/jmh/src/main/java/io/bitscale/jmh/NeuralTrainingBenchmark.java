package io.bitscale.jmh;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import io.bitscale.model.neural.ChunkPredictor;
import io.bitscale.model.neural.SequenceTrainer;
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

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Bytes per second of pretraining and of frozen coding ({@link ByteCounter} {@code bytes}
 * per second), on {@code threads} = 1 and 2 of the kernels' pool, over the first 64 KiB of
 * {@code corpus}:
 * <ul>
 *   <li>{@link #train}: {@link SequenceTrainer} on {@link #TRAIN_SPEC}, 4 AdamW steps of 16
 *       windows of 64 bytes (positions trained per second; includes one validation of 2 KiB);</li>
 *   <li>{@link #codeFrozen}: a frozen one-segment transformer ({@link #FROZEN_SPEC}, untrained
 *       weights: speed does not depend on them) coding independent 2 KiB chunks, each chunk's
 *       tables computed in one causal pass ({@link ChunkPredictor#prepare}).</li>
 * </ul>
 * {@link NeuralCodingBenchmark} measures online coding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class NeuralTrainingBenchmark {

    /** The transformer trained by {@link #train}: 2 layers, d = 64, 4 heads, 64-byte window. */
    public static final String TRAIN_SPEC = "transformer(layers=2,d=64,heads=4,ctx=64,lr=30,clip=10000)";
    /** The frozen model of {@link #codeFrozen}. */
    public static final String FROZEN_SPEC = "transformer(layers=2,d=64,heads=4,ctx=64,segments=1,adapt=0)";
    private static final int BYTES = 1 << 16;
    private static final int CHUNK = 2048;

    /** Threads of the kernels' pool. */
    @Param({"1", "2"})
    public int threads;

    @Param({"calgary/book1"})
    public String corpus;

    private byte[] data;
    private PredictorFactory frozen;
    private Workers workers;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] all = BenchmarkCorpus.load(corpus);
        data = Arrays.copyOf(all, Math.min(all.length, BYTES));
        Workers.setSharedThreads(threads);
        workers = new Workers(threads);
        frozen = Models.factory(FROZEN_SPEC);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public double train(ByteCounter counter) {
        SequenceTrainer.Options options = new SequenceTrainer.Options(64, 16, 1, 1, 4, 1, 2048.0 / data.length, 2048,
                2048, 4, 1, 1);
        SequenceTrainer.Result result = SequenceTrainer.train(TRAIN_SPEC, data, options, SequenceTrainer.Listener.NONE,
                workers);
        counter.add(result.trainedBytes(), 0);
        return result.validationBpb();
    }

    @Benchmark
    public long codeFrozen(ByteCounter counter) {
        long total = 0;
        for (int offset = 0; offset < data.length; offset += CHUNK) {
            int length = Math.min(CHUNK, data.length - offset);
            byte[] chunk = Arrays.copyOfRange(data, offset, offset + length);
            Predictor model = frozen.create();
            if (model instanceof ChunkPredictor prepared && prepared.canPrepare()) {
                prepared.prepare(chunk, 0, length);
            }
            ArithmeticEncoder encoder = new ArithmeticEncoder(length);
            PredictiveCoder.of(model).codeBlock(encoder, chunk, 0, length);
            total += encoder.finishBlock();
        }
        counter.add(data.length, total);
        return total;
    }
}

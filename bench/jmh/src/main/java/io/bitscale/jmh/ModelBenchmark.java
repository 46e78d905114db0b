package io.bitscale.jmh;

import io.bitscale.scaling.baseline.ByteSink;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Whole {@code compress} and {@code decompress} through the real container
 * ({@link BitscaleOutputStream} / {@link BitscaleInputStream}, default 1 MiB frames, CRC32C),
 * in memory, as {@code bitscale compress} runs them minus the file system: a fresh model per
 * operation, every container byte counted. Model spec × corpus file are crossed parameters;
 * the peers are measured the same way in {@link PeerBenchmark}.
 *
 * <p>The decompress benchmark's setup checks the round trip; the compress benchmark's setup does
 * not decode at all, so its JVM, like {@code bitscale compress}, only ever sees the encoder (the
 * decompress JVM has compressed once in setup, so its coder call site has seen both coders).
 *
 * <p>Read the {@code bytes} counter (uncompressed bytes per second) for speed and
 * {@code 8 · compressedBytes / bytes} for bpb. The {@code spec} values are model specs as
 * {@code Models.factory} takes them; the presets ({@code fast}, {@code default},
 * {@code strong}) join with {@code -p spec=fast,default,strong} once they are registered.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModelBenchmark {

    @Param({"order0", "order1", "order2", "kt0", "kt1"})
    public String spec;

    @Param({"calgary/book1", "canterbury/alice29.txt", "canterbury/kennedy.xls", BenchmarkCorpus.ENWIKI_10MB})
    public String corpus;

    private PredictorFactory factory;
    private byte[] data;
    private byte[] compressed;

    /** Buffers reused between operations, one set per benchmark thread. */
    @State(Scope.Thread)
    public static class Buffers {
        ByteSink sink;
        byte[] restored;

        @Setup(Level.Trial)
        public void allocate(ModelBenchmark benchmark) {
            sink = new ByteSink(benchmark.data.length / 2 + 1024);
            restored = new byte[benchmark.data.length];
        }
    }

    @Setup(Level.Trial)
    public void prepare(BenchmarkParams params) throws IOException {
        factory = Models.factory(spec);
        data = BenchmarkCorpus.load(corpus);
        ByteSink sink = new ByteSink(data.length / 2 + 1024);
        compress(factory, data, sink);
        compressed = sink.toByteArray();
        // Only the decompress benchmark decodes in setup: decoding here would make the coder call
        // in the lockstep loop bimorphic for the JIT, which `bitscale compress` never sees.
        if (params.getBenchmark().endsWith(".decompress")) {
            byte[] restored = new byte[data.length];
            decompress(compressed, restored);
            if (!Arrays.equals(restored, data)) {
                throw new IllegalStateException(spec + " does not round-trip " + corpus);
            }
        }
    }

    @Benchmark
    public int compress(Buffers buffers, ByteCounter counter) throws IOException {
        int size = compress(factory, data, buffers.sink);
        counter.add(data.length, size);
        return size;
    }

    @Benchmark
    public int decompress(Buffers buffers, ByteCounter counter) throws IOException {
        int size = decompress(compressed, buffers.restored);
        counter.add(size, compressed.length);
        return buffers.restored[size - 1];
    }

    static int compress(PredictorFactory factory, byte[] data, ByteSink sink) throws IOException {
        sink.reset();
        BitscaleOutputStream out = new BitscaleOutputStream(sink, factory);
        out.write(data, 0, data.length);
        out.finish();
        return sink.size();
    }

    static int decompress(byte[] compressed, byte[] target) throws IOException {
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), Models.registry())) {
            int n = in.readNBytes(target, 0, target.length);
            if (n != target.length || in.read() >= 0) {
                throw new IOException("stream does not decode to " + target.length + " bytes");
            }
            return n;
        }
    }
}

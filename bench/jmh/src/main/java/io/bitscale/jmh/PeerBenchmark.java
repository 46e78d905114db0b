package io.bitscale.jmh;

import io.bitscale.scaling.baseline.ByteSink;
import io.bitscale.scaling.baseline.Codec;
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

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The general-purpose compressors ({@link Peers}) on the same bytes as {@link ModelBenchmark},
 * counted the same way: {@code bytes} per second for speed, {@code 8 · compressedBytes / bytes}
 * for bpb (each peer's whole stream: zlib, .xz, .bz2 and zstd frame headers and checksums
 * included). Each input is compressed once in the trial setup, and round-tripped there by the
 * decompress benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PeerBenchmark {

    @Param({"deflate-6", "deflate-9", "xz-6", "xz-9e", "bzip2-9", "zstd-3", "zstd-19"})
    public String peer;

    @Param({"calgary/book1", "canterbury/alice29.txt", "canterbury/kennedy.xls", BenchmarkCorpus.ENWIKI_10MB})
    public String corpus;

    private Codec codec;
    private byte[] data;
    private byte[] compressed;

    @State(Scope.Thread)
    public static class Buffers {
        ByteSink sink;
        byte[] restored;

        @Setup(Level.Trial)
        public void allocate(PeerBenchmark benchmark) {
            sink = new ByteSink(benchmark.data.length + 1024);
            restored = new byte[benchmark.data.length];
        }
    }

    @Setup(Level.Trial)
    public void prepare(BenchmarkParams params) throws IOException {
        codec = Peers.byName(peer);
        data = BenchmarkCorpus.load(corpus);
        ByteSink sink = new ByteSink(data.length + 1024);
        codec.compress(data, sink);
        compressed = sink.toByteArray();
        // As in ModelBenchmark: only the decompress benchmark decodes in setup.
        if (params.getBenchmark().endsWith(".decompress")) {
            byte[] restored = new byte[data.length];
            codec.decompress(compressed, restored);
            if (!Arrays.equals(restored, data)) {
                throw new IllegalStateException(peer + " does not round-trip " + corpus);
            }
        }
    }

    @Benchmark
    public int compress(Buffers buffers, ByteCounter counter) throws IOException {
        int size = codec.compress(data, buffers.sink);
        counter.add(data.length, size);
        return size;
    }

    @Benchmark
    public int decompress(Buffers buffers, ByteCounter counter) throws IOException {
        int size = codec.decompress(compressed, buffers.restored);
        counter.add(size, compressed.length);
        return buffers.restored[size - 1];
    }
}

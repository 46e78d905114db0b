package io.bitscale.jmh.tools;

import io.bitscale.jmh.BenchmarkCorpus;
import io.bitscale.jmh.Peers;
import io.bitscale.scaling.baseline.Baseline;
import io.bitscale.scaling.baseline.ByteSink;
import io.bitscale.scaling.baseline.Codec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A quick side-by-side table without JMH: every peer and every bitscale spec compresses each
 * corpus file, round-trips it, and reports bpb (exact) and MB/s (the best of a few timed runs
 * after one untimed run: rough, for orientation only; JMH's {@code PeerBenchmark} and
 * {@code ModelBenchmark} give the numbers to publish).
 *
 * <pre>{@code
 * java -cp bench/jmh/target/benchmarks.jar io.bitscale.jmh.tools.DevTools peers-table \
 *     [--spec order0,order2] [--runs 3] [calgary/book1 canterbury/alice29.txt ...]
 * }</pre>
 *
 * <p>Corpus names are those of {@code BenchmarkCorpus} (manifest file names and
 * {@code enwiki-10MB}); the default is book1, alice29.txt, kennedy.xls and enwiki-10MB.
 */
@Command(name = "peers-table", mixinStandardHelpOptions = true,
        description = "A quick side-by-side table without JMH: bitscale specs and in-JVM peers, bpb and rough MB/s.")
public final class PeersTable implements java.util.concurrent.Callable<Integer> {

    private static final List<String> DEFAULT_CORPORA = List.of("calgary/book1", "canterbury/alice29.txt",
            "canterbury/kennedy.xls", BenchmarkCorpus.ENWIKI_10MB);

    @Option(names = "--spec", split = ",", defaultValue = "order0,order1,order2",
            description = "bitscale specs, comma-separated (default: ${DEFAULT-VALUE}).")
    private List<String> specs;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs after one untimed run (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Parameters(paramLabel = "CORPUS", arity = "0..*",
            description = "Manifest file names or enwiki-10MB (default: book1, alice29.txt, kennedy.xls, enwiki-10MB).")
    private List<String> corpora = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (corpora.isEmpty()) {
            corpora = DEFAULT_CORPORA;
        }
        System.out.println("| file | codec | bytes | compressed | bpb | compress MB/s | decompress MB/s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (String corpus : corpora) {
            byte[] data = BenchmarkCorpus.load(corpus);
            for (String spec : specs) {
                row(corpus, "bitscale " + spec, bitscale(Models.factory(spec)), data, runs);
            }
            for (String name : Peers.NAMES) {
                row(corpus, name, Peers.byName(name), data, runs);
            }
        }
        return 0;
    }

    private static Codec bitscale(PredictorFactory factory) {
        return new Codec() {
            @Override
            public String peerName() {
                return "bitscale " + factory.spec();
            }

            @Override
            public int compress(byte[] data, ByteSink sink) throws IOException {
                sink.reset();
                BitscaleOutputStream out = new BitscaleOutputStream(sink, factory);
                out.write(data);
                out.finish();
                return sink.size();
            }

            @Override
            public int decompress(byte[] compressed, byte[] target) throws IOException {
                try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed),
                        Models.registry())) {
                    return Baseline.readFully(in, target);
                }
            }
        };
    }

    private static void row(String corpus, String name, Codec codec, byte[] data, int runs) throws IOException {
        ByteSink sink = new ByteSink(data.length + 1024);
        byte[] restored = new byte[data.length];
        long bestCompress = Long.MAX_VALUE;
        long bestDecompress = Long.MAX_VALUE;
        int size = 0;
        for (int run = 0; run <= runs; run++) {
            long start = System.nanoTime();
            size = codec.compress(data, sink);
            long compressed = System.nanoTime();
            byte[] stream = sink.toByteArray();
            long copied = System.nanoTime();
            codec.decompress(stream, restored);
            long end = System.nanoTime();
            if (!Arrays.equals(restored, data)) {
                throw new IllegalStateException(name + " does not round-trip " + corpus);
            }
            if (run > 0) {
                bestCompress = Math.min(bestCompress, compressed - start);
                bestDecompress = Math.min(bestDecompress, end - copied);
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.4f | %.2f | %.2f |%n", corpus, name, data.length, size,
                8.0 * size / data.length, data.length * 1e3 / bestCompress, data.length * 1e3 / bestDecompress);
    }
}

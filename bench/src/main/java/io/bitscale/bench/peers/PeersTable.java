package io.bitscale.bench.peers;

import io.bitscale.bench.jmh.BenchmarkCorpus;
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
 * java -cp bench/target/benchmarks.jar io.bitscale.bench.peers.PeersTable \
 *     [--spec order0,order2] [--runs 3] [calgary/book1 canterbury/alice29.txt ...]
 * }</pre>
 *
 * <p>Corpus names are those of {@code BenchmarkCorpus} (manifest file names and
 * {@code enwiki-10MB}); the default is book1, alice29.txt, kennedy.xls and enwiki-10MB.
 */
public final class PeersTable {

    private static final List<String> DEFAULT_CORPORA = List.of("calgary/book1", "canterbury/alice29.txt",
            "canterbury/kennedy.xls", BenchmarkCorpus.ENWIKI_10MB);

    /** One way to compress and decompress whole inputs. */
    private interface Codec {
        int compress(byte[] data, ByteSink sink) throws IOException;

        void decompress(byte[] compressed, byte[] target) throws IOException;
    }

    private PeersTable() {
    }

    public static void main(String[] args) throws IOException {
        List<String> specs = List.of("order0", "order1", "order2");
        int runs = 3;
        List<String> corpora = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec" -> specs = Arrays.asList(args[++i].split(","));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> corpora.add(args[i]);
            }
        }
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
            for (Peer peer : Peer.values()) {
                row(corpus, peer.peerName(), new Codec() {
                    @Override
                    public int compress(byte[] d, ByteSink sink) throws IOException {
                        return peer.compress(d, sink);
                    }

                    @Override
                    public void decompress(byte[] compressed, byte[] target) throws IOException {
                        peer.decompress(compressed, target);
                    }
                }, data, runs);
            }
        }
    }

    private static Codec bitscale(PredictorFactory factory) {
        return new Codec() {
            @Override
            public int compress(byte[] data, ByteSink sink) throws IOException {
                sink.reset();
                BitscaleOutputStream out = new BitscaleOutputStream(sink, factory);
                out.write(data);
                out.finish();
                return sink.size();
            }

            @Override
            public void decompress(byte[] compressed, byte[] target) throws IOException {
                try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed),
                        Models.registry())) {
                    if (in.readNBytes(target, 0, target.length) != target.length || in.read() >= 0) {
                        throw new IOException("stream does not decode to " + target.length + " bytes");
                    }
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

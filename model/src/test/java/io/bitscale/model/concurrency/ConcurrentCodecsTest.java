package io.bitscale.model.concurrency;

import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codecs on separate threads share nothing mutable: eight threads compress and decompress
 * different inputs with different models at the same time — counters, hashed context mixtures,
 * a preset, PPM and the float neural models — and every result must equal what a single thread
 * produces.
 */
class ConcurrentCodecsTest {

    private static final List<String> SPECS = List.of("order2", "kt1", "bits(kt0)", "order1(limit=30)",
            "mix(order(1..3,bits=16),match(bits=16),word(bits=16))", "fast", "ppm(n=4,smoother=kn,mem=18)",
            "mix(order(1..2,bits=16),bits(mlp(width=8,ctx=2,embed=4,orders=0,words=0)),bits(gru(width=8,embed=4,bptt=4)))");

    /** Slower models get shorter inputs; all are long enough to span several frames. */
    private static final List<Integer> LENGTHS = List.of(150_000, 150_000, 150_000, 150_000, 80_000, 60_000, 80_000,
            40_000);

    private static byte[] input(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[LENGTHS.get(seed) + seed * 7_919];
        String words = "alpha beta gamma delta epsilon zeta eta theta iota kappa ";
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : (byte) words.charAt((i * (seed + 3)) % words.length());
        }
        return data;
    }

    private static byte[] compress(String spec, byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BitscaleOutputStream compressor = new BitscaleOutputStream(out, Models.factory(spec), new StreamOptions(16384))) {
            for (int offset = 0; offset < data.length; offset += 1000) {
                compressor.write(data, offset, Math.min(1000, data.length - offset));
            }
        }
        return out.toByteArray();
    }

    @Test
    void eightThreadsCodingAtOnceGetTheSingleThreadedResults() throws Exception {
        int threads = 8;
        List<byte[]> inputs = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            inputs.add(input(i));
            expected.add(compress(SPECS.get(i), inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<byte[][]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < threads; i++) {
                    int index = i;
                    Callable<byte[][]> job = () -> {
                        start.await();
                        byte[] compressed = compress(SPECS.get(index), inputs.get(index));
                        byte[] restored;
                        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), Models.registry())) {
                            restored = in.readAllBytes();
                        }
                        return new byte[][] {compressed, restored};
                    };
                    futures.add(pool.submit(job));
                }
            }
            start.countDown();
            for (int f = 0; f < futures.size(); f++) {
                byte[][] result = futures.get(f).get();
                int index = f % threads;
                assertThat(result[0]).as("stream of %s on thread job %d", SPECS.get(index), f).isEqualTo(expected.get(index));
                assertThat(result[1]).as("round trip of %s on thread job %d", SPECS.get(index), f).isEqualTo(inputs.get(index));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.bitscale.model.stream;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams far longer than any buffer round-trip in constant memory: compress on one thread into a
 * pipe, decompress on another, never holding more than a frame. CI runs 64 MiB; set
 * {@code -Dbitscale.hugeBytes=5000000000} (over 4 GiB, about 15 minutes on 2 cores) for the full check:
 * {@code mvn -pl model -am test -Dtest=HugeStreamTest -Dbitscale.hugeBytes=5000000000 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class HugeStreamTest {

    private static final long DEFAULT_BYTES = 64L << 20;

    @Test
    void generatedStreamRoundTripsThroughAPipeInConstantMemory() throws Exception {
        long length = Long.getLong("bitscale.hugeBytes", DEFAULT_BYTES);
        PredictorFactory factory = Models.factory("order0");
        PipedInputStream pipeIn = new PipedInputStream(1 << 16);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Long> expectedCrc = writer.submit(() -> {
                try (OutputStream out = new BitscaleOutputStream(pipeOut, factory, StreamOptions.DEFAULT)) {
                    return copy(new GeneratedText(length), out);
                }
            });
            long peak = 0;
            long read = 0;
            CRC32C crc = new CRC32C();
            try (InputStream in = new BitscaleInputStream(pipeIn, Models.registry(), 64L << 20)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    crc.update(buffer, 0, n);
                    read += n;
                    if ((read & ((32L << 20) - 1)) < n) {
                        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - baseline);
                    }
                }
            }
            assertThat(read).isEqualTo(length);
            assertThat(crc.getValue()).isEqualTo(expectedCrc.get());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "huge stream: %d bytes round-tripped in %.1f s, heap growth sampled "
                    + "every 32 MiB peaked at %.1f MiB%n", length, seconds, peak / 1048576.0);
            // Two frames' buffers, the coder's payload and the model (about 4 MiB): the streams
            // reuse their buffers, so even without a GC the heap must not grow with the length.
            assertThat(peak).isLessThan(128L << 20);
        } finally {
            writer.shutdownNow();
        }
    }

    private static long copy(InputStream in, OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return crc.getValue();
    }

    /** Deterministic text-like bytes of any length, generated on the fly (xorshift over a small alphabet). */
    private static final class GeneratedText extends InputStream {
        private static final byte[] ALPHABET = "etaoin shrdlu,.\nETAOINSHRDLUcmfwyp".getBytes();
        private final long length;
        private long position;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedText(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                int r = (int) (state >>> 58);
                buffer[offset + i] = ALPHABET[r < ALPHABET.length ? r : r & 15];
            }
            position += n;
            return n;
        }
    }
}

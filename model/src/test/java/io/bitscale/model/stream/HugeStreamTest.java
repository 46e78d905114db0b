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
 * pipe, decompress on another, never holding more than a frame. The retained heap is measured
 * after a full collection every 32 MiB and must stay below 16 MiB — an eighth of the 128 MiB the
 * build streams — so a stream that kept its input, its output or a growing list of frames fails.
 * Set {@code -Dbitscale.hugeBytes=5000000000} (over 4 GiB, about 15 minutes on 2 cores) for the
 * full check:
 * {@code mvn -pl model -am test -Dtest=HugeStreamTest -Dbitscale.hugeBytes=5000000000 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class HugeStreamTest {

    private static final long DEFAULT_BYTES = 128L << 20;
    private static final long SAMPLE_EVERY = 32L << 20;
    private static final long RETAINED_BOUND = 16L << 20;

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
                    if ((read & (SAMPLE_EVERY - 1)) < n) {
                        // The writer blocks on the full pipe meanwhile: this is the live set of both codecs.
                        System.gc();
                        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - baseline);
                    }
                }
            }
            assertThat(read).isEqualTo(length);
            assertThat(crc.getValue()).isEqualTo(expectedCrc.get());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "huge stream: %d bytes round-tripped in %.1f s, retained heap after GC "
                    + "every 32 MiB peaked at %.1f MiB%n", length, seconds, peak / 1048576.0);
            // Two frames' buffers, the coder's payload, the pipe and the model (a few MiB).
            assertThat(peak).as("retained heap while streaming %d bytes", length).isLessThan(RETAINED_BOUND)
                    .isLessThan(length / 8);
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

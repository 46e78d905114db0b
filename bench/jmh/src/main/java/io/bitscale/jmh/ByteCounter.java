package io.bitscale.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes processed by a compression benchmark, reported by JMH as rates beside the primary
 * score: {@code bytes} (uncompressed, per second: divide by 10^6 for MB/s) and
 * {@code compressedBytes} (the whole compressed stream, container included, per second).
 * Both count the same operations, so {@code 8 · compressedBytes / bytes} is the bpb of the
 * benchmarked stream, read from the same JMH result as its speed.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ByteCounter {

    /** Uncompressed bytes compressed or produced. */
    public long bytes;
    /** Compressed bytes written or read, every container byte counted. */
    public long compressedBytes;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
        compressedBytes = 0;
    }

    /** Counts one operation over {@code uncompressed} bytes and their {@code compressed} form. */
    public void add(long uncompressed, long compressed) {
        bytes += uncompressed;
        compressedBytes += compressed;
    }
}

package io.bitscale.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point operations done by a kernel benchmark, reported by JMH as a rate beside the
 * primary score: {@code flops} per second (divide by 10^9 for GFLOP/s). A multiply-add counts
 * two; each benchmark states what it counts.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class FlopCounter {

    /** Floating-point operations done. */
    public double flops;

    @Setup(Level.Iteration)
    public void reset() {
        flops = 0;
    }

    /** Counts one operation of {@code operations} FLOPs. */
    public void add(double operations) {
        flops += operations;
    }
}

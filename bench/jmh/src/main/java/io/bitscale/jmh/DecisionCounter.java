package io.bitscale.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Binary decisions coded, reported by JMH as rates: {@code decisions} per second (so
 * {@code 10^9 / decisions} is ns per decision) and {@code bytes} per second, where a byte is
 * counted as eight binary decisions, the work a bit-level model does per input byte.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class DecisionCounter {

    /** Binary decisions coded. */
    public long decisions;
    /** {@code decisions / 8}. */
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        decisions = 0;
        bytes = 0;
    }

    /** Counts one operation of {@code count} decisions. */
    public void add(long count) {
        decisions += count;
        bytes += count >>> 3;
    }
}

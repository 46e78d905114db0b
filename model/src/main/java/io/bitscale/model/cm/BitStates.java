package io.bitscale.model.cm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bit-history state machine of {@link CmPredictor}: one byte per context and bit position
 * that summarizes the bits seen there.
 *
 * <p>A state is either an <em>exact</em> history, the whole sequence of up to
 * {@value #EXACT_BITS} bits seen so far (31 states, so "0110" and "1001" stay apart), or, once
 * more bits have been seen, a pair of bounded counts {@code (n0, n1)} plus the last bit while the
 * total is below {@value #LAST_BIT_BELOW}. Observing bit {@code y} in a count state increments
 * {@code n_y} and, if the other count exceeds 2, roughly halves it ({@code n -> n/2 + 1}), so
 * histories favour recent behaviour; counts stay within {@code max(n0, n1) <= B(min(n0, n1))},
 * {@code B = 40, 20, 12, 8, 6, 5}. 253 states in all.
 *
 * <p>States are numbered by total count (exact histories by length), so a larger number means a
 * better-established context: the hash table replaces the slot with the smallest one. State 0 is
 * the empty history. Everything is generated at class load from these integer rules and never
 * changes afterwards.
 */
final class BitStates {

    /** Longest history kept exactly. */
    static final int EXACT_BITS = 4;
    /** The last bit is remembered while n0 + n1 is below this. */
    static final int LAST_BIT_BELOW = 16;
    private static final int[] BOUND = {40, 20, 12, 8, 6, 5};

    /** Number of states. */
    static final int COUNT;
    /** NEXT[state * 2 + bit]: the state after observing bit. */
    static final byte[] NEXT = new byte[512];
    /** A starting estimate of P(1) per state, 22 bits: (n1 + 1/2) / (n + 1). */
    static final int[] INITIAL_P22 = new int[256];
    /** n0 + n1 per state (exact histories: their length). */
    static final int[] TOTAL = new int[256];

    private record State(int n0, int n1, int kind, int bits, int length) {
        // kind 0: exact history (bits, length); 1: counts with last bit `bits`; 2: counts, no last bit
        int total() {
            return n0 + n1;
        }
    }

    static {
        List<State> states = new ArrayList<>();
        for (int length = 0; length <= EXACT_BITS; length++) {
            for (int bits = 0; bits < 1 << length; bits++) {
                int ones = Integer.bitCount(bits);
                states.add(new State(length - ones, ones, 0, bits, length));
            }
        }
        for (int n0 = 0; n0 <= BOUND[0]; n0++) {
            for (int n1 = 0; n1 <= BOUND[0]; n1++) {
                if (n0 + n1 == 0 || !allowed(n0, n1)) {
                    continue;
                }
                if (n0 > 0 && n1 > 0 && n0 + n1 < LAST_BIT_BELOW) {
                    states.add(new State(n0, n1, 1, 0, 0));
                    states.add(new State(n0, n1, 1, 1, 0));
                } else {
                    states.add(new State(n0, n1, 2, 0, 0));
                }
            }
        }
        // Number by total count; within a total, exact histories first, then by n1, kind, bits.
        states.sort((a, b) -> a.total() != b.total() ? Integer.compare(a.total(), b.total())
                : a.kind() != b.kind() ? Integer.compare(a.kind(), b.kind())
                : a.n1() != b.n1() ? Integer.compare(a.n1(), b.n1())
                : Integer.compare(a.bits(), b.bits()));
        COUNT = states.size();
        if (COUNT > 256) {
            throw new AssertionError("too many bit-history states: " + COUNT);
        }
        Map<State, Integer> index = new HashMap<>();
        for (int i = 0; i < COUNT; i++) {
            index.put(states.get(i), i);
        }
        for (int i = 0; i < COUNT; i++) {
            State s = states.get(i);
            TOTAL[i] = s.total();
            INITIAL_P22[i] = (int) (((2L * s.n1() + 1) << 22) / (2L * s.total() + 2));
            for (int bit = 0; bit < 2; bit++) {
                State next;
                if (s.kind() == 0 && s.length() < EXACT_BITS) {
                    int bits = (s.bits() << 1) | bit;
                    int length = s.length() + 1;
                    int ones = Integer.bitCount(bits);
                    next = new State(length - ones, ones, 0, bits, length);
                } else {
                    next = counted(s.n0(), s.n1(), bit);
                }
                Integer target = index.get(next);
                if (target == null) {
                    throw new AssertionError("no state for " + next);
                }
                NEXT[i * 2 + bit] = (byte) (int) target;
            }
        }
        for (int i = COUNT; i < 256; i++) {
            INITIAL_P22[i] = 1 << 21;
        }
    }

    private BitStates() {
    }

    private static boolean allowed(int n0, int n1) {
        int low = Math.min(n0, n1);
        int high = Math.max(n0, n1);
        return low < BOUND.length && high <= BOUND[low];
    }

    /** The count state after observing {@code bit} with counts (n0, n1). */
    private static State counted(int n0, int n1, int bit) {
        int[] counts = {n0, n1};
        counts[bit]++;
        int other = counts[1 - bit];
        if (other > 2) {
            counts[1 - bit] = other / 2 + 1;
        }
        while (!allowed(counts[0], counts[1])) {
            if (counts[1 - bit] > counts[bit]) {
                counts[1 - bit]--;
            } else {
                counts[bit]--;
            }
        }
        if (counts[0] > 0 && counts[1] > 0 && counts[0] + counts[1] < LAST_BIT_BELOW) {
            return new State(counts[0], counts[1], 1, bit, 0);
        }
        return new State(counts[0], counts[1], 2, 0, 0);
    }
}

package io.bitscale.model.counter;

import java.util.ArrayList;
import java.util.List;

/**
 * A bit-history state machine: one byte summarizes what a context has seen as a pair of bounded
 * counts {@code (n0, n1)} plus, once both bits have occurred, which bit came last. States are
 * numbered by total count, so a larger state number means a better-established context (hash
 * tables use it as the replacement priority). State 0 is the empty history.
 *
 * <p>Transitions: observing bit {@code y} increments {@code n_y}; if the other count exceeds 2 it
 * is roughly halved ({@code n → n/2 + 1}), so a history favours recent behaviour. Counts are kept
 * inside the bound {@code max(n0, n1) ≤ B(min(n0, n1))} with {@code B = 40, 24, 12, 8, 6, 5}:
 * 251 states, fitting in a byte. The machine is generated at class load from these integer rules
 * (no floating point) and never changes afterwards.
 *
 * <p>A state does not give a probability by itself: an adaptive {@link StateMap} learns what each
 * state predicts in each use, which is what makes the histories robust.
 *
 * <pre>{@code
 * int state = 0;
 * state = BitHistory.next(state, 1);
 * int n1 = BitHistory.ones(state);   // 1
 * }</pre>
 */
public final class BitHistory {

    private static final int[] BOUND = {40, 24, 12, 8, 6, 5};

    /** Number of states (at most 256). */
    public static final int STATES;

    private static final byte[] NEXT;
    private static final byte[] ZEROS;
    private static final byte[] ONES;

    static {
        // Enumerate (n0, n1, last) in order of total count.
        List<int[]> states = new ArrayList<>();
        int[][][] index = new int[41][41][3];
        for (int total = 0; total <= 45; total++) {
            for (int n1 = 0; n1 <= total; n1++) {
                int n0 = total - n1;
                if (!allowed(n0, n1)) {
                    continue;
                }
                if (n0 > 0 && n1 > 0) {
                    index[n0][n1][0] = states.size();
                    states.add(new int[] {n0, n1, 0});
                    index[n0][n1][1] = states.size();
                    states.add(new int[] {n0, n1, 1});
                } else {
                    index[n0][n1][2] = states.size();
                    states.add(new int[] {n0, n1, 2});
                }
            }
        }
        STATES = states.size();
        if (STATES > 256) {
            throw new AssertionError("too many bit-history states: " + STATES);
        }
        NEXT = new byte[STATES * 2];
        ZEROS = new byte[STATES];
        ONES = new byte[STATES];
        for (int s = 0; s < STATES; s++) {
            int[] state = states.get(s);
            ZEROS[s] = (byte) state[0];
            ONES[s] = (byte) state[1];
            for (int bit = 0; bit < 2; bit++) {
                int[] counts = {state[0], state[1]};
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
                int last = counts[0] > 0 && counts[1] > 0 ? bit : 2;
                NEXT[s * 2 + bit] = (byte) index[counts[0]][counts[1]][last];
            }
        }
    }

    private BitHistory() {
    }

    private static boolean allowed(int n0, int n1) {
        int low = Math.min(n0, n1);
        int high = Math.max(n0, n1);
        return low < BOUND.length && high <= BOUND[low];
    }

    /** The state after observing {@code bit} in {@code state}. */
    public static int next(int state, int bit) {
        return NEXT[(state << 1) | bit] & 0xFF;
    }

    /** Zeros counted in a state (bounded, discounted). */
    public static int zeros(int state) {
        return ZEROS[state];
    }

    /** Ones counted in a state (bounded, discounted). */
    public static int ones(int state) {
        return ONES[state];
    }

    /**
     * A starting estimate of P(1) for a state, 22-bit fixed point: {@code (n1 + 1/2) / (n + 1)}
     * (the KT estimate of the counts), which the adaptive map then refines.
     */
    public static int initialP22(int state) {
        int n0 = ZEROS[state];
        int n1 = ONES[state];
        return (int) (((2L * n1 + 1) << 22) / (2L * (n0 + n1) + 2));
    }
}

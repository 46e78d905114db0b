package io.bitscale.core.coding;

import io.bitscale.core.testing.CodingEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generators of probability streams for the coder properties: binary events with p1 near 0 and
 * 1, symbol events with random tables (totals power of two or not, up to 2^24, tiny widths,
 * zero-width unused symbols), and streams steered to keep the coder's low end just below a byte
 * boundary so that long runs of 0xFF wait for a carry.
 */
final class CodingStreams {

    static final int[] EXTREME_P1 = {1, 2, 3, 255, 256, 32768, 65280, 65533, 65534, 65535};

    private CodingStreams() {
    }

    /** p1 values: extremes, uniform, and near one half. */
    static Arbitrary<Integer> p1s() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(1, 2, 65534, 65535)),
                Tuple.of(1, Arbitraries.of(3, 255, 256, 65280, 65533)),
                Tuple.of(4, Arbitraries.integers().between(1, 65535)),
                Tuple.of(1, Arbitraries.integers().between(32000, 33500)));
    }

    /** A binary event whose bit is either drawn from its probability or arbitrary. */
    static Arbitrary<CodingEvent> bitEvents() {
        Arbitrary<CodingEvent> likely = Combinators.combine(p1s(), Arbitraries.integers().between(0, 65535))
                .as((p1, u) -> new CodingEvent.Bit(p1, u < p1 ? 1 : 0));
        Arbitrary<CodingEvent> any = Combinators.combine(p1s(), Arbitraries.integers().between(0, 1))
                .as(CodingEvent.Bit::new);
        return Arbitraries.frequencyOf(Tuple.of(3, likely), Tuple.of(1, any));
    }

    /** A symbol event over a random table (see {@link #randomTable}). */
    static Arbitrary<CodingEvent> symbolEvents() {
        return Arbitraries.longs().map(seed -> symbolEvent(new SplittableRandom(seed)));
    }

    /** Builds one symbol event from a random source. */
    static CodingEvent.Symbol symbolEvent(SplittableRandom random) {
        int[] cdf = randomTable(random);
        int n = cdf.length - 1;
        int symbol;
        if (random.nextInt(3) == 0) {
            // Sample by probability.
            int u = random.nextInt(cdf[n]);
            symbol = 0;
            while (cdf[symbol + 1] <= u) {
                symbol++;
            }
        } else {
            // Any codable symbol, often one of the tiniest.
            do {
                symbol = random.nextInt(n);
            } while (cdf[symbol + 1] == cdf[symbol]);
        }
        return new CodingEvent.Symbol(cdf, n, symbol);
    }

    /**
     * A cumulative table of 2..300 symbols (often 256) whose total is a power of two or any value
     * up to 2^24; shapes: random cut points, one dominant symbol with width-1 others, or sparse
     * with zero-width symbols that are never coded.
     */
    static int[] randomTable(SplittableRandom random) {
        int n = switch (random.nextInt(4)) {
            case 0 -> 2;
            case 1 -> 256;
            default -> 2 + random.nextInt(299);
        };
        int total;
        if (random.nextBoolean()) {
            int minBits = 32 - Integer.numberOfLeadingZeros(n - 1);
            total = 1 << (minBits + random.nextInt(25 - minBits));
        } else {
            total = random.nextBoolean() ? (1 << 24) - random.nextInt(1000) : n + random.nextInt((1 << 24) - n + 1);
        }
        int[] widths = new int[n];
        switch (random.nextInt(3)) {
            case 0 -> { // random cut points
                int spare = total - n;
                for (int s = 0; s < n; s++) {
                    widths[s] = 1;
                }
                for (int i = 0; i < 8 && spare > 0; i++) {
                    int share = random.nextInt(spare + 1);
                    widths[random.nextInt(n)] += share;
                    spare -= share;
                }
                widths[random.nextInt(n)] += spare;
            }
            case 1 -> { // one dominant symbol, the rest width 1
                for (int s = 0; s < n; s++) {
                    widths[s] = 1;
                }
                widths[random.nextInt(n)] += total - n;
            }
            default -> { // sparse: some symbols have zero width and are never coded
                int live = 0;
                for (int s = 0; s < n; s++) {
                    if (random.nextInt(3) != 0) {
                        widths[s] = 1;
                        live++;
                    }
                }
                if (live == 0) {
                    widths[0] = 1;
                    live = 1;
                }
                int spare = total - live;
                int target;
                do {
                    target = random.nextInt(n);
                } while (widths[target] == 0);
                widths[target] += spare;
            }
        }
        int[] cdf = new int[n + 1];
        for (int s = 0; s < n; s++) {
            cdf[s + 1] = cdf[s] + widths[s];
        }
        if (cdf[n] != total) {
            throw new AssertionError("table total " + cdf[n] + " != " + total);
        }
        return cdf;
    }

    /**
     * A stream steered so that the point 1/2 stays strictly inside the coder's interval for
     * {@code steps} events: the low end is then 0x7F FF FF ..., every byte shifted out is 0xFF and
     * waits for a possible carry. It then leaves the point below ({@code exit = 0}: no carry, the
     * run is written as 0xFF), above ({@code exit = 1}: the carry turns the run into 0x00 and 0x7F
     * into 0x80) or not at all ({@code exit = 2}: the flush itself picks 1/2 and carries), followed
     * by {@code tail} random events.
     *
     * <p>White-box: mirrors the encoder's split {@code bound = (range · p1) >>> 16} and its
     * renormalization to track {@code d = 1/2 - low} in the coder's window. If the encoder's
     * arithmetic changes, the stream still round-trips but the run assertion of the test fails,
     * telling us to update this mirror.
     */
    static List<CodingEvent> steeredAroundOneHalf(long seed, int steps, int exit, int tail) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CodingEvent> events = new ArrayList<>();
        long[] state = {ArithmeticCoder.RANGE_INITIAL, 1L << 31}; // range, d
        for (int i = 0; i < steps; i++) {
            int p1 = random.nextInt(3) == 0 ? 1 + random.nextInt(65535) : EXTREME_P1[random.nextInt(EXTREME_P1.length)];
            steer(events, state, p1);
        }
        if (exit == 0) {
            while (true) {
                long range = state[0];
                long d = state[1];
                long p1 = (d << 16) / range;
                if (p1 >= 1) {
                    events.add(new CodingEvent.Bit((int) p1, 1)); // [low, low + bound) with bound <= d
                    break;
                }
                if (!steer(events, state, 1)) {
                    steer(events, state, 2);
                }
            }
        } else if (exit == 1) {
            while (true) {
                long range = state[0];
                long d = state[1];
                long p1 = (d << 16) / range + 1;
                if (p1 <= 65535 && ((range * p1) >>> 16) >= d) {
                    events.add(new CodingEvent.Bit((int) p1, 0)); // low + bound >= 1/2
                    break;
                }
                if (!steer(events, state, 65535)) {
                    steer(events, state, 65534);
                }
            }
        }
        for (int i = 0; i < tail; i++) {
            events.add(random.nextInt(4) == 0 ? symbolEvent(random)
                    : new CodingEvent.Bit(1 + random.nextInt(65535), random.nextInt(2)));
        }
        return events;
    }

    /** Codes the outcome that keeps 1/2 strictly inside the interval; false if p1 splits at 1/2. */
    private static boolean steer(List<CodingEvent> events, long[] state, int p1) {
        long range = state[0];
        long d = state[1];
        long bound = (range * p1) >>> 16;
        if (d < bound) {
            events.add(new CodingEvent.Bit(p1, 1));
            range = bound;
        } else if (d > bound) {
            events.add(new CodingEvent.Bit(p1, 0));
            d -= bound;
            range -= bound;
        } else {
            return false; // 1/2 would sit on the split; skip this p1
        }
        while (range < ArithmeticCoder.RANGE_FLOOR) {
            range <<= 8;
            d <<= 8;
        }
        state[0] = range;
        state[1] = d;
        return true;
    }

    /** Length of the longest run of {@code value} in {@code bytes}. */
    static int longestRun(byte[] bytes, int value) {
        int best = 0;
        int current = 0;
        for (byte b : bytes) {
            current = (b & 0xFF) == value ? current + 1 : 0;
            best = Math.max(best, current);
        }
        return best;
    }
}

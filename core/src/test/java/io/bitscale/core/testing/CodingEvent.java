package io.bitscale.core.testing;

import io.bitscale.core.coding.ArithmeticCoder;
import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One coding decision with the distribution it was coded under: a binary event
 * ({@code p1 / 2^16}, bit) or a symbol event (cumulative table, symbol). Lists of events are what
 * the coder tests generate or record from real models, then code with the fast coder and with
 * {@link ReferenceCoder}.
 *
 * <pre>{@code
 * List<CodingEvent> events = List.of(new CodingEvent.Bit(1, 1), new CodingEvent.Symbol(cdf, 3, 2));
 * byte[] payload = CodingEvent.encodeFast(events);
 * int[] outcomes = CodingEvent.decodeFast(payload, events);   // equals CodingEvent.outcomes(events)
 * }</pre>
 */
public sealed interface CodingEvent permits CodingEvent.Bit, CodingEvent.Symbol {

    /** The bit or symbol coded. */
    int outcome();

    /** The same distribution with another outcome (for decoding). */
    CodingEvent withOutcome(int outcome);

    /** {@code -log2 P(outcome)}, exact up to double rounding. */
    double idealBits();

    /** Codes this event with a fast coder; returns the coded (or decoded) outcome. */
    int codeWith(ArithmeticCoder coder);

    /**
     * A binary decision: bit 1 has probability {@code p1 / 2^16} and owns the lower part of the
     * interval in both coders.
     */
    record Bit(int p1, int bit) implements CodingEvent {
        /** @throws IllegalArgumentException for p1 outside [1, 65535] or a bit not 0/1 */
        public Bit {
            if (p1 < 1 || p1 > 65535 || (bit & ~1) != 0) {
                throw new IllegalArgumentException("bit event p1=" + p1 + " bit=" + bit);
            }
        }

        @Override
        public int outcome() {
            return bit;
        }

        @Override
        public CodingEvent withOutcome(int outcome) {
            return new Bit(p1, outcome);
        }

        @Override
        public double idealBits() {
            int frequency = bit != 0 ? p1 : 65536 - p1;
            return 16 - Math.log(frequency) / Math.log(2);
        }

        @Override
        public int codeWith(ArithmeticCoder coder) {
            return coder.codeBit(p1, bit);
        }
    }

    /**
     * A symbol of an alphabet of {@code symbolCount} symbols; symbol s owns
     * {@code [cdf[s], cdf[s+1])} of {@code cdf[symbolCount]}. The table is copied.
     */
    record Symbol(int[] cdf, int symbolCount, int symbol) implements CodingEvent {
        /** @throws IllegalArgumentException if the table is not valid for the symbol */
        public Symbol {
            if (symbolCount < 2 || cdf.length < symbolCount + 1 || symbol < 0 || symbol >= symbolCount) {
                throw new IllegalArgumentException("symbol event " + symbol + " of " + symbolCount);
            }
            cdf = Arrays.copyOf(cdf, symbolCount + 1);
            if (cdf[0] != 0 || cdf[symbol + 1] <= cdf[symbol] || cdf[symbolCount] > ArithmeticCoder.MAX_TOTAL) {
                throw new IllegalArgumentException("symbol " + symbol + " has no width in " + Arrays.toString(cdf));
            }
            for (int s = 0; s < symbolCount; s++) {
                if (cdf[s + 1] < cdf[s]) {
                    throw new IllegalArgumentException("cdf decreases at " + s);
                }
            }
        }

        /** The total of the table. */
        public int total() {
            return cdf[symbolCount];
        }

        @Override
        public int outcome() {
            return symbol;
        }

        @Override
        public CodingEvent withOutcome(int outcome) {
            return new Symbol(cdf, symbolCount, outcome);
        }

        @Override
        public double idealBits() {
            return (Math.log(total()) - Math.log(cdf[symbol + 1] - cdf[symbol])) / Math.log(2);
        }

        @Override
        public int codeWith(ArithmeticCoder coder) {
            return coder.codeSymbol(cdf, symbolCount, symbol);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Symbol s && s.symbol == symbol && s.symbolCount == symbolCount
                    && Arrays.equals(s.cdf, cdf);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cdf) * 31 + symbol;
        }

        @Override
        public String toString() {
            return "Symbol[" + symbol + " of " + symbolCount + ", width " + (cdf[symbol + 1] - cdf[symbol])
                    + "/" + total() + "]";
        }
    }

    /** {@code Σ -log2 p} of the events, in bits. */
    static double idealBits(List<? extends CodingEvent> events) {
        double sum = 0;
        for (CodingEvent event : events) {
            sum += event.idealBits();
        }
        return sum;
    }

    /** The outcomes in order. */
    static int[] outcomes(List<? extends CodingEvent> events) {
        int[] outcomes = new int[events.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = events.get(i).outcome();
        }
        return outcomes;
    }

    /** Codes the events with {@link ArithmeticEncoder} and returns the payload. */
    static byte[] encodeFast(List<? extends CodingEvent> events) {
        ArithmeticEncoder encoder = new ArithmeticEncoder();
        for (CodingEvent event : events) {
            event.codeWith(encoder);
        }
        return encoder.finish();
    }

    /** Decodes a payload with {@link ArithmeticDecoder} under the events' distributions. */
    static int[] decodeFast(byte[] payload, List<? extends CodingEvent> events) {
        ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
        int[] outcomes = new int[events.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = events.get(i).codeWith(decoder);
        }
        return outcomes;
    }

    /** The events with outcomes replaced, for comparing decoded streams. */
    static List<CodingEvent> withOutcomes(List<? extends CodingEvent> events, int[] outcomes) {
        List<CodingEvent> result = new ArrayList<>(events.size());
        for (int i = 0; i < outcomes.length; i++) {
            result.add(events.get(i).withOutcome(outcomes[i]));
        }
        return result;
    }
}

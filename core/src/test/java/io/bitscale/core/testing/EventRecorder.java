package io.bitscale.core.testing;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SymbolPredictor;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the probability stream a real model produces while coding: every {@code p1}/bit or
 * cdf/symbol pair becomes a {@link CodingEvent}, ready to be coded again by
 * {@link ReferenceCoder} and by the fast coder in isolation.
 *
 * <pre>{@code
 * List<CodingEvent> events = EventRecorder.record(factory.create(), data);
 * }</pre>
 */
public final class EventRecorder {

    private EventRecorder() {
    }

    /** Encodes {@code data} with {@code predictor} (through the real lockstep loop) and returns its events. */
    public static List<CodingEvent> record(Predictor predictor, byte[] data) {
        List<CodingEvent> events = new ArrayList<>();
        Predictor recording = wrap(predictor, events);
        PredictiveCoder.of(recording).codeBlock(new ArithmeticEncoder(), data.clone(), 0, data.length);
        return events;
    }

    /** A predictor that behaves like {@code predictor} and appends every decision to {@code events}. */
    public static Predictor wrap(Predictor predictor, List<CodingEvent> events) {
        if (predictor instanceof BitPredictor bits) {
            return new BitPredictor() {
                private int lastP1;

                @Override
                public int p1() {
                    lastP1 = bits.p1();
                    return lastP1;
                }

                @Override
                public void update(int bit) {
                    events.add(new CodingEvent.Bit(lastP1, bit));
                    bits.update(bit);
                }

                @Override
                public long parameters() {
                    return bits.parameters();
                }

                @Override
                public long memoryBytes() {
                    return bits.memoryBytes();
                }
            };
        }
        SymbolPredictor symbols = (SymbolPredictor) predictor;
        return new SymbolPredictor() {
            private int[] lastCdf;

            @Override
            public int[] cdf() {
                lastCdf = symbols.cdf();
                return lastCdf;
            }

            @Override
            public void update(int symbol) {
                events.add(new CodingEvent.Symbol(lastCdf, 256, symbol));
                symbols.update(symbol);
            }

            @Override
            public long parameters() {
                return symbols.parameters();
            }

            @Override
            public long memoryBytes() {
                return symbols.memoryBytes();
            }
        };
    }
}

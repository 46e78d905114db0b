package io.bitscale.core.coding;

import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SegmentedPredictor;

/**
 * The lockstep loop for a {@link SegmentedPredictor}: codes a block in the interleaved order that
 * interface defines (round by round, one byte of every active segment per round, segments in
 * increasing order). Like the other loops it encodes or decodes with the same calls; the bytes
 * of the buffer are read (encoding) or written (decoding) at their own positions, so the stream's
 * bytes come out in their original order. An observer ({@link #observedBy}) sees the decisions in
 * coding order, which is the interleaved order, not the byte order: totals are the same, but a
 * per-byte report must map them back with {@link SegmentedPredictor#start}.
 */
final class SegmentedLoop extends PredictiveCoder {

    private final SegmentedPredictor model;
    private final CodingObserver observer;

    SegmentedLoop(SegmentedPredictor model) {
        this(model, null);
    }

    private SegmentedLoop(SegmentedPredictor model, CodingObserver observer) {
        this.model = model;
        this.observer = observer;
    }

    @Override
    public void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length) {
        if (length == 0) {
            return;
        }
        SegmentedPredictor m = model;
        CodingObserver o = observer;
        int segments = m.segments();
        m.beginBlock(length);
        int rounds = SegmentedPredictor.rounds(length, segments);
        int[] starts = new int[segments];
        for (int s = 0; s < segments; s++) {
            starts[s] = offset + SegmentedPredictor.start(length, segments, s);
        }
        for (int round = 0; round < rounds; round++) {
            int active = SegmentedPredictor.active(length, segments, round);
            for (int s = 0; s < active; s++) {
                int i = starts[s] + round;
                int[] cdf = m.cdf();
                int symbol = coder.codeSymbol(cdf, 256, buffer[i] & 0xFF);
                if (o != null) {
                    o.symbolCoded(cdf, 256, symbol);
                }
                m.update(symbol);
                buffer[i] = (byte) symbol;
                if (o != null) {
                    o.byteCoded(symbol);
                }
            }
        }
    }

    @Override
    public PredictiveCoder observedBy(CodingObserver other) {
        return new SegmentedLoop(model, other);
    }

    @Override
    public Predictor predictor() {
        return model;
    }
}

package io.bitscale.core.coding;

import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SegmentedPredictor;

/**
 * The lockstep loop for a {@link SegmentedPredictor}: codes a block in the interleaved order that
 * interface defines (round by round, one byte of every active segment per round, segments in
 * increasing order). Like the other loops it encodes or decodes with the same calls; the bytes
 * of the buffer are read (encoding) or written (decoding) at their own positions, so the stream's
 * bytes come out in their original order.
 */
final class SegmentedLoop extends PredictiveCoder {

    private final SegmentedPredictor model;

    SegmentedLoop(SegmentedPredictor model) {
        this.model = model;
    }

    @Override
    public void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length) {
        if (length == 0) {
            return;
        }
        SegmentedPredictor m = model;
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
                int symbol = coder.codeSymbol(m.cdf(), 256, buffer[i] & 0xFF);
                m.update(symbol);
                buffer[i] = (byte) symbol;
            }
        }
    }

    @Override
    public Predictor predictor() {
        return model;
    }
}

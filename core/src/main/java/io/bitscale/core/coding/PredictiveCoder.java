package io.bitscale.core.coding;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SegmentedPredictor;
import io.bitscale.core.model.SymbolPredictor;

/**
 * The lockstep loop that joins a model and a coder. Compression and decompression are the same
 * call: with an {@link ArithmeticEncoder} it codes the bytes in the buffer, with an
 * {@link ArithmeticDecoder} it overwrites them with the decoded bytes. The model sees exactly
 * the same calls either way, so the decoder's probabilities are the encoder's, bit for bit.
 *
 * <pre>{@code
 * PredictiveCoder loop = PredictiveCoder.of(factory.create());
 * ArithmeticEncoder encoder = new ArithmeticEncoder();
 * loop.codeBlock(encoder, data, 0, data.length);
 * byte[] payload = encoder.finish();
 *
 * PredictiveCoder replay = PredictiveCoder.of(factory.create());
 * byte[] decoded = new byte[data.length];
 * replay.codeBlock(new ArithmeticDecoder(payload, 0, payload.length), decoded, 0, decoded.length);
 * }</pre>
 */
public abstract class PredictiveCoder {

    PredictiveCoder() {
    }

    /**
     * The loop for a predictor: bit-level for a {@link BitPredictor}, multi-symbol for a
     * {@link SymbolPredictor}, interleaved segments for a {@link SegmentedPredictor}.
     *
     * @throws IllegalArgumentException for a predictor that is neither
     */
    public static PredictiveCoder of(Predictor predictor) {
        if (predictor instanceof BitPredictor) {
            return new BitLoop((BitPredictor) predictor);
        }
        if (predictor instanceof SegmentedPredictor segmented) {
            return new SegmentedLoop(segmented);
        }
        if (predictor instanceof SymbolPredictor) {
            return new SymbolLoop((SymbolPredictor) predictor);
        }
        throw new IllegalArgumentException(predictor.getClass().getName()
                + " implements neither BitPredictor nor SymbolPredictor");
    }

    /**
     * Codes {@code length} bytes of {@code buffer} from {@code offset}: encodes them, or
     * replaces them with decoded bytes.
     */
    public abstract void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length);

    /** The predictor this loop drives. */
    public abstract Predictor predictor();

    private static final class BitLoop extends PredictiveCoder {
        private final BitPredictor model;

        BitLoop(BitPredictor model) {
            this.model = model;
        }

        @Override
        public void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length) {
            BitPredictor m = model;
            for (int i = offset, end = offset + length; i < end; i++) {
                int value = buffer[i];
                int coded = 0;
                for (int shift = 7; shift >= 0; shift--) {
                    int bit = coder.codeBit(m.p1(), (value >>> shift) & 1);
                    m.update(bit);
                    coded = (coded << 1) | bit;
                }
                buffer[i] = (byte) coded;
            }
        }

        @Override
        public Predictor predictor() {
            return model;
        }
    }

    private static final class SymbolLoop extends PredictiveCoder {
        private final SymbolPredictor model;

        SymbolLoop(SymbolPredictor model) {
            this.model = model;
        }

        @Override
        public void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length) {
            SymbolPredictor m = model;
            for (int i = offset, end = offset + length; i < end; i++) {
                int symbol = coder.codeSymbol(m.cdf(), 256, buffer[i] & 0xFF);
                m.update(symbol);
                buffer[i] = (byte) symbol;
            }
        }

        @Override
        public Predictor predictor() {
            return model;
        }
    }
}

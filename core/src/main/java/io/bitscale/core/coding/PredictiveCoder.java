package io.bitscale.core.coding;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SymbolPredictor;

/**
 * The lockstep loop that joins a model and a coder — the only one in bitscale: the container
 * streams, {@code eval} and the scaling sweeps all code through it. Compression and
 * decompression are the same call: with an {@link ArithmeticEncoder} it codes the bytes in the
 * buffer, with an {@link ArithmeticDecoder} it overwrites them with the decoded bytes. The model
 * sees exactly the same calls either way, so the decoder's probabilities are the encoder's, bit
 * for bit.
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
 *
 * <p><b>Measuring.</b> {@link #observedBy(CodingObserver)} gives a loop over the same predictor
 * that also reports every decision to an observer (ideal code length, per-byte cost, top-1
 * accuracy). The plain loop has no observer check in its hot path. {@link #learn} runs the
 * model over bytes without coding them (training before a held-out split).
 *
 * <p>An encoder never writes to the buffer, so read-only inputs may be shared between threads.
 *
 * <p><b>Alphabets.</b> A {@link SymbolPredictor} codes bytes below its
 * {@link SymbolPredictor#alphabetSize()} (256 for byte models); encoding a byte outside it is an
 * {@link IllegalArgumentException} naming the offset.
 *
 * <p>Not thread-safe: one loop per predictor, one thread at a time.
 */
public abstract class PredictiveCoder {

    PredictiveCoder() {
    }

    /**
     * The loop for a predictor: bit-level for a {@link BitPredictor}, multi-symbol for a
     * {@link SymbolPredictor}.
     *
     * @throws IllegalArgumentException for a predictor that is neither
     */
    public static PredictiveCoder of(Predictor predictor) {
        if (predictor instanceof BitPredictor) {
            return new BitLoop((BitPredictor) predictor);
        }
        if (predictor instanceof SymbolPredictor) {
            return new SymbolLoop((SymbolPredictor) predictor, null);
        }
        throw new IllegalArgumentException(predictor.getClass().getName()
                + " implements neither BitPredictor nor SymbolPredictor");
    }

    /**
     * Codes {@code length} bytes of {@code buffer} from {@code offset}: encodes them, or
     * replaces them with decoded bytes.
     */
    public abstract void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length);

    /**
     * Runs the model over {@code length} bytes without coding them: the model sees the same
     * calls as when encoding, so it ends in the state an encoder would have reached.
     */
    public final void learn(byte[] buffer, int offset, int length) {
        codeBlock(Learner.INSTANCE, buffer, offset, length);
    }

    /** A loop over the same predictor that reports every decision to {@code observer}. */
    public abstract PredictiveCoder observedBy(CodingObserver observer);

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
                if ((byte) coded != (byte) value) {
                    buffer[i] = (byte) coded;   // decoding; an encoder never writes, so inputs may be shared
                }
            }
        }

        @Override
        public PredictiveCoder observedBy(CodingObserver observer) {
            return new ObservedBitLoop(model, observer);
        }

        @Override
        public Predictor predictor() {
            return model;
        }
    }

    /** The bit loop plus the observer calls; a separate class so the plain loop stays as it is. */
    private static final class ObservedBitLoop extends PredictiveCoder {
        private final BitPredictor model;
        private final CodingObserver observer;

        ObservedBitLoop(BitPredictor model, CodingObserver observer) {
            this.model = model;
            this.observer = observer;
        }

        @Override
        public void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length) {
            BitPredictor m = model;
            CodingObserver o = observer;
            for (int i = offset, end = offset + length; i < end; i++) {
                int value = buffer[i];
                int coded = 0;
                for (int shift = 7; shift >= 0; shift--) {
                    int p1 = m.p1();
                    int bit = coder.codeBit(p1, (value >>> shift) & 1);
                    o.bitCoded(p1, bit);
                    m.update(bit);
                    coded = (coded << 1) | bit;
                }
                if ((byte) coded != (byte) value) {
                    buffer[i] = (byte) coded;
                }
                o.byteCoded(coded);
            }
        }

        @Override
        public PredictiveCoder observedBy(CodingObserver other) {
            return new ObservedBitLoop(model, other);
        }

        @Override
        public Predictor predictor() {
            return model;
        }
    }

    private static final class SymbolLoop extends PredictiveCoder {
        private final SymbolPredictor model;
        private final CodingObserver observer;

        SymbolLoop(SymbolPredictor model, CodingObserver observer) {
            this.model = model;
            this.observer = observer;
        }

        @Override
        public void codeBlock(ArithmeticCoder coder, byte[] buffer, int offset, int length) {
            SymbolPredictor m = model;
            CodingObserver o = observer;
            int n = m.alphabetSize();
            boolean encoding = !(coder instanceof ArithmeticDecoder);
            for (int i = offset, end = offset + length; i < end; i++) {
                int value = buffer[i] & 0xFF;
                if (encoding && value >= n) {
                    throw new IllegalArgumentException("byte " + value + " at offset " + i
                            + " is outside the model's " + n + "-symbol alphabet");
                }
                int[] cdf = m.cdf();
                int symbol = coder.codeSymbol(cdf, n, value);
                if (o != null) {
                    o.symbolCoded(cdf, n, symbol);
                }
                m.update(symbol);
                if (symbol != value) {
                    buffer[i] = (byte) symbol;
                }
                if (o != null) {
                    o.byteCoded(symbol);
                }
            }
        }

        @Override
        public PredictiveCoder observedBy(CodingObserver other) {
            return new SymbolLoop(model, other);
        }

        @Override
        public Predictor predictor() {
            return model;
        }
    }

    /** Codes nothing: returns the decision it is given, so the model learns the input. */
    private static final class Learner extends ArithmeticCoder {
        static final Learner INSTANCE = new Learner();

        @Override
        public int codeBit(int p1, int bit) {
            return bit;
        }

        @Override
        public int codeSymbol(int[] cdf, int symbolCount, int symbol) {
            return symbol;
        }

        @Override
        public int codeSymbol(StaticCdf table, int symbol) {
            return symbol;
        }
    }
}

package io.bitscale.core.accounting;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;

/**
 * Sums the ideal code length {@code Σ -log2 p(x_i | x_<i)} of everything a predictor was asked
 * to code, by decorating the predictor: the coder sees the same probabilities, the meter only
 * listens. Comparing {@link #idealBits()} with the payload size measures the coder's overhead;
 * a {@link ByteCostListener} receives the cost of each byte for surprise maps.
 *
 * <pre>{@code
 * CodeLengthMeter meter = new CodeLengthMeter();
 * PredictorFactory metered = meter.meter(factory);
 * // ... compress with `metered` ...
 * double bitsPerByte = meter.idealBits() / meter.bytes();
 * }</pre>
 *
 * <p>Not thread-safe: one meter per coding stream.
 */
public final class CodeLengthMeter {

    private double idealBits;
    private long bytes;
    private ByteCostListener listener;

    /** Sets the listener that receives each byte's cost, or {@code null} for none. */
    public CodeLengthMeter onByte(ByteCostListener byteListener) {
        this.listener = byteListener;
        return this;
    }

    /** Ideal code length so far, in bits. */
    public double idealBits() {
        return idealBits;
    }

    /** Bytes coded so far. */
    public long bytes() {
        return bytes;
    }

    /** Ideal bits per byte so far; 0 before any byte. */
    public double idealBitsPerByte() {
        return bytes == 0 ? 0 : idealBits / bytes;
    }

    /** Forgets everything counted so far. */
    public void reset() {
        idealBits = 0;
        bytes = 0;
    }

    /** A factory whose predictors report to this meter. */
    public PredictorFactory meter(PredictorFactory factory) {
        CodeLengthMeter self = this;
        return new PredictorFactory() {
            @Override
            public String spec() {
                return factory.spec();
            }

            @Override
            public long parameters() {
                return factory.parameters();
            }

            @Override
            public long memoryBytes() {
                return factory.memoryBytes();
            }

            @Override
            public Predictor create() {
                return self.meter(factory.create());
            }

            @Override
            public byte[] snapshotSha256() {
                return factory.snapshotSha256();
            }
        };
    }

    /** Wraps one predictor so that it reports to this meter. */
    public Predictor meter(Predictor predictor) {
        if (predictor instanceof BitPredictor) {
            return new MeteredBits((BitPredictor) predictor);
        }
        if (predictor instanceof SymbolPredictor) {
            return new MeteredSymbols((SymbolPredictor) predictor);
        }
        throw new IllegalArgumentException(predictor.getClass().getName()
                + " implements neither BitPredictor nor SymbolPredictor");
    }

    private void addByte(double bits) {
        idealBits += bits;
        long offset = bytes++;
        if (listener != null) {
            listener.byteCoded(offset, bits);
        }
    }

    private final class MeteredBits implements BitPredictor {
        private final BitPredictor inner;
        private int lastP1;
        private double byteBits;
        private int bitIndex;

        MeteredBits(BitPredictor inner) {
            this.inner = inner;
        }

        @Override
        public int p1() {
            lastP1 = inner.p1();
            return lastP1;
        }

        @Override
        public void update(int bit) {
            byteBits += CodeLength.bitCost(lastP1, bit);
            inner.update(bit);
            if (++bitIndex == 8) {
                addByte(byteBits);
                byteBits = 0;
                bitIndex = 0;
            }
        }

        @Override
        public long parameters() {
            return inner.parameters();
        }

        @Override
        public long memoryBytes() {
            return inner.memoryBytes();
        }
    }

    private final class MeteredSymbols implements SymbolPredictor {
        private final SymbolPredictor inner;
        private int[] lastCdf;

        MeteredSymbols(SymbolPredictor inner) {
            this.inner = inner;
        }

        @Override
        public int[] cdf() {
            lastCdf = inner.cdf();
            return lastCdf;
        }

        @Override
        public void update(int symbol) {
            addByte(CodeLength.symbolCost(lastCdf[symbol + 1] - lastCdf[symbol], lastCdf[256]));
            inner.update(symbol);
        }

        @Override
        public long parameters() {
            return inner.parameters();
        }

        @Override
        public long memoryBytes() {
            return inner.memoryBytes();
        }
    }
}

package io.bitscale.core.testing;

import java.math.BigInteger;
import java.util.List;

/**
 * A slow, exact arithmetic coder for cross-checking the fast one: no finite-precision interval,
 * no renormalization, no carries. The interval is kept as exact rationals with {@link BigInteger}
 * numerators over a common denominator, and the code is the shortest binary fraction inside the
 * final interval.
 *
 * <pre>{@code
 * ReferenceCoder reference = ReferenceCoder.encode(events);
 * long bits = reference.codeLengthBits();            // ≈ ceil(Σ -log2 p) + 1 at most
 * int[] decoded = ReferenceCoder.decode(reference.code(), events);
 * }</pre>
 *
 * <p><b>Invariant.</b> After any prefix of events the interval is
 * {@code [low / denominator, (low + width) / denominator)} and its width is exactly the product
 * of the probabilities of the outcomes coded, {@code Π p_i}. Bit 1 owns the lower part
 * {@code [0, p1)} of a binary split and symbol s owns {@code [cdf[s], cdf[s+1]) / total}, the
 * same layout as the fast coder, so a run of lowest-sub-interval outcomes costs nothing here too.
 *
 * <p><b>Code.</b> The smallest {@code k} such that some {@code m / 2^k} lies in the final interval;
 * the code is {@code m} as {@code k} bits, read as a fraction followed by zeros (the fast
 * decoder's convention for bytes past the end). {@code k <= ceil(-log2 width) + 1}.
 *
 * <p><b>Cost.</b> Each event costs O(size of the numbers), so n events of b bits cost O(n² b);
 * keep streams to a few thousand events.
 */
public final class ReferenceCoder {

    private static final BigInteger PROB_ONE = BigInteger.ONE.shiftLeft(16);

    private BigInteger low = BigInteger.ZERO;
    private BigInteger width = BigInteger.ONE;
    private BigInteger denominator = BigInteger.ONE;
    private long events;

    /** An encoder whose interval is [0, 1). */
    public ReferenceCoder() {
    }

    /** Encodes all events. */
    public static ReferenceCoder encode(List<? extends CodingEvent> events) {
        ReferenceCoder coder = new ReferenceCoder();
        for (CodingEvent event : events) {
            coder.code(event);
        }
        return coder;
    }

    /** Codes one event. */
    public void code(CodingEvent event) {
        if (event instanceof CodingEvent.Bit bit) {
            bit(bit.p1(), bit.bit());
        } else {
            CodingEvent.Symbol symbol = (CodingEvent.Symbol) event;
            symbol(symbol.cdf(), symbol.symbolCount(), symbol.symbol());
        }
    }

    /** Codes a bit with {@code P(1) = p1 / 2^16}. */
    public void bit(int p1, int bit) {
        if (p1 < 1 || p1 > 65535) {
            throw new IllegalArgumentException("p1 " + p1);
        }
        narrow(bit != 0 ? 0 : p1, bit != 0 ? p1 : 65536 - p1, PROB_ONE);
    }

    /** Codes symbol {@code s} of a table of {@code n} symbols. */
    public void symbol(int[] cdf, int n, int s) {
        int low = cdf[s];
        int high = cdf[s + 1];
        if (cdf[0] != 0 || high <= low || cdf[n] < high) {
            throw new IllegalArgumentException("symbol " + s + " has no width");
        }
        narrow(low, high - low, BigInteger.valueOf(cdf[n]));
    }

    /** The interval becomes its sub-interval [cum, cum + frequency) / total. */
    private void narrow(long cum, long frequency, BigInteger total) {
        low = low.multiply(total).add(width.multiply(BigInteger.valueOf(cum)));
        width = width.multiply(BigInteger.valueOf(frequency));
        denominator = denominator.multiply(total);
        events++;
    }

    /** Events coded so far. */
    public long events() {
        return events;
    }

    /** {@code -log2} of the exact final width: the ideal code length, exact to double precision. */
    public double idealBits() {
        return log2(denominator) - log2(width);
    }

    /** The length in bits of the shortest code: the smallest k with a k-bit fraction in the interval. */
    public long codeLengthBits() {
        // Monotone: a k-bit fraction is also a (k+1)-bit one, so binary search for the smallest k.
        long upper = denominator.bitLength() - width.bitLength() + 2L;
        if (!fits(upper)) {
            throw new AssertionError("no " + upper + "-bit fraction in an interval of width 2^-"
                    + idealBits() + ": the reference coder is broken");
        }
        long lower = -1;
        while (upper - lower > 1) {
            long middle = (lower + upper) >>> 1;
            if (fits(middle)) {
                upper = middle;
            } else {
                lower = middle;
            }
        }
        return upper;
    }

    /** The smallest numerator m with m / 2^k >= low / denominator. */
    private BigInteger numerator(long k) {
        BigInteger scaled = low.shiftLeft((int) k);
        BigInteger[] divided = scaled.divideAndRemainder(denominator);
        return divided[1].signum() == 0 ? divided[0] : divided[0].add(BigInteger.ONE);
    }

    private boolean fits(long k) {
        BigInteger m = numerator(k);
        return m.multiply(denominator).compareTo(low.add(width).shiftLeft((int) k)) < 0;
    }

    /**
     * The code: the shortest fraction in the final interval, as {@code ceil(k / 8)} bytes, most
     * significant bit first, padded with zero bits.
     */
    public byte[] code() {
        long k = codeLengthBits();
        int bytes = (int) ((k + 7) / 8);
        BigInteger m = numerator(k).shiftLeft((int) (8L * bytes - k));
        byte[] raw = m.toByteArray();
        byte[] code = new byte[bytes];
        int copy = Math.min(bytes, raw.length);
        System.arraycopy(raw, raw.length - copy, code, bytes - copy, copy);
        return code;
    }

    /** {@code log2(x)} for a positive integer, to double precision. */
    static double log2(BigInteger x) {
        int bits = x.bitLength();
        int shift = Math.max(0, bits - 60);
        return shift + Math.log(x.shiftRight(shift).doubleValue()) / Math.log(2);
    }

    /**
     * Decodes {@code code} (a fraction, zeros after its end) under the events' distributions,
     * ignoring their outcomes; returns the decoded outcomes.
     */
    public static int[] decode(byte[] code, List<? extends CodingEvent> distributions) {
        Decoder decoder = new Decoder(code);
        int[] outcomes = new int[distributions.size()];
        for (int i = 0; i < outcomes.length; i++) {
            CodingEvent event = distributions.get(i);
            if (event instanceof CodingEvent.Bit bit) {
                outcomes[i] = decoder.bit(bit.p1());
            } else {
                CodingEvent.Symbol symbol = (CodingEvent.Symbol) event;
                outcomes[i] = decoder.symbol(symbol.cdf(), symbol.symbolCount());
            }
        }
        return outcomes;
    }

    /**
     * The exact decoder. With v the code value, L and W the current interval, it keeps
     * {@code remainder = (v - L) · D · 2^k} and {@code scaledWidth = W · D · 2^k} (both integers,
     * D the denominator, k the code bits), so each step needs only products with small numbers:
     * the outcome is the s with {@code cdf[s] · scaledWidth <= remainder · total < cdf[s+1] · scaledWidth}.
     */
    public static final class Decoder {
        private BigInteger remainder;
        private BigInteger scaledWidth;

        /** Decodes {@code code}, read as a fraction of {@code 8 · code.length} bits. */
        public Decoder(byte[] code) {
            remainder = new BigInteger(1, code);
            scaledWidth = BigInteger.ONE.shiftLeft(8 * code.length);
        }

        /** Decodes a bit with {@code P(1) = p1 / 2^16}. */
        public int bit(int p1) {
            BigInteger scaled = remainder.shiftLeft(16);
            BigInteger bound = scaledWidth.multiply(BigInteger.valueOf(p1));
            if (scaled.compareTo(bound) < 0) {
                narrow(scaled, 0, p1);
                return 1;
            }
            narrow(scaled, p1, 65536 - p1);
            return 0;
        }

        /** Decodes a symbol of a table of {@code n} symbols. */
        public int symbol(int[] cdf, int n) {
            BigInteger scaled = remainder.multiply(BigInteger.valueOf(cdf[n]));
            // Largest s with cdf[s] * scaledWidth <= scaled, among symbols of non-zero width.
            int lowIndex = 0;
            int highIndex = n;
            while (highIndex - lowIndex > 1) {
                int middle = (lowIndex + highIndex) >>> 1;
                if (scaledWidth.multiply(BigInteger.valueOf(cdf[middle])).compareTo(scaled) <= 0) {
                    lowIndex = middle;
                } else {
                    highIndex = middle;
                }
            }
            int s = lowIndex;
            while (cdf[s + 1] == cdf[s]) {
                s++;
            }
            narrow(scaled, cdf[s], cdf[s + 1] - cdf[s]);
            return s;
        }

        private void narrow(BigInteger scaled, long cum, long frequency) {
            remainder = scaled.subtract(scaledWidth.multiply(BigInteger.valueOf(cum)));
            scaledWidth = scaledWidth.multiply(BigInteger.valueOf(frequency));
            if (remainder.signum() < 0 || remainder.compareTo(scaledWidth) >= 0) {
                throw new AssertionError("code value left the interval: the code was not written by this coder");
            }
        }
    }
}

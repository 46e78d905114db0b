package io.bitscale.core.coding;

import java.io.ByteArrayOutputStream;

/**
 * The binary coder as first written (commit f3673c0): a branch on the bit in encoder and
 * decoder. Kept in test scope as the reference the branch-free {@code codeBit} must match byte
 * for byte; the interval arithmetic and byte output are copied verbatim.
 */
final class BranchingReferenceCoder {

    static final class Encoder {
        private long low;
        private long range = ArithmeticCoder.RANGE_INITIAL;
        private int cache = -1;
        private long pendingFF;
        private long heldZeros;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void codeBit(int p1, int bit) {
            long bound = (range * p1) >>> ArithmeticCoder.PROB_BITS;
            if (bit != 0) {
                range = bound;
            } else {
                low += bound;
                range -= bound;
            }
            while (range < ArithmeticCoder.RANGE_FLOOR) {
                range <<= 8;
                shiftLow();
            }
        }

        private void shiftLow() {
            if (low < 0xFF00_0000L || low > 0xFFFF_FFFFL) {
                int carry = (int) (low >>> 32);
                if (cache >= 0) {
                    put(cache + carry);
                }
                for (; pendingFF > 0; pendingFF--) {
                    put(0xFF + carry);
                }
                cache = (int) (low >>> 24) & 0xFF;
            } else {
                pendingFF++;
            }
            low = (low & 0x00FF_FFFFL) << 8;
        }

        private void put(int value) {
            if ((value & 0xFF) == 0) {
                heldZeros++;
                return;
            }
            for (; heldZeros > 0; heldZeros--) {
                out.write(0);
            }
            out.write(value);
        }

        byte[] finish() {
            long high = low + range;
            for (int k = 32; k >= 0; k--) {
                long mask = (1L << k) - 1;
                long candidate = (low + mask) & ~mask;
                if (candidate < high) {
                    low = candidate;
                    break;
                }
            }
            for (int i = 0; i < 5; i++) {
                shiftLow();
            }
            return out.toByteArray();
        }
    }

    static final class Decoder {
        private final byte[] input;
        private int position;
        private long range = ArithmeticCoder.RANGE_INITIAL;
        private long code;

        Decoder(byte[] input) {
            this.input = input;
            long value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | nextByte();
            }
            code = Math.min(value, ArithmeticCoder.RANGE_INITIAL - 1);
        }

        private int nextByte() {
            return position < input.length ? input[position++] & 0xFF : 0;
        }

        int codeBit(int p1) {
            long bound = (range * p1) >>> ArithmeticCoder.PROB_BITS;
            int bit;
            if (code < bound) {
                range = bound;
                bit = 1;
            } else {
                code -= bound;
                range -= bound;
                bit = 0;
            }
            while (range < ArithmeticCoder.RANGE_FLOOR) {
                range <<= 8;
                code = (code << 8) | nextByte();
            }
            return bit;
        }
    }

    private BranchingReferenceCoder() {
    }
}

package io.bitscale.scaling.explain;

/**
 * One of the most probable outcomes other than the byte that occurred, with its exact
 * probability under the model: a single byte ({@code firstByte == lastByte}) or, for a bit model
 * that cannot state its whole distribution, a range of bytes that share a prefix of bits with
 * the coded byte and differ from it at the next bit (see {@link ByteRecord#alternatives()}).
 *
 * @param firstByte   the first byte of the outcome, 0..255
 * @param lastByte    the last byte of the outcome, {@code firstByte..255}
 * @param probability the model's probability of the outcome (the sum over its bytes), in (0, 1)
 */
public record Alternative(int firstByte, int lastByte, double probability) {

    /** @throws IllegalArgumentException for bytes outside 0..255 or out of order */
    public Alternative {
        if (firstByte < 0 || lastByte > 255 || lastByte < firstByte) {
            throw new IllegalArgumentException("byte range " + firstByte + ".." + lastByte + " is not within 0..255");
        }
    }

    /** Whether the outcome is one byte. */
    public boolean isByte() {
        return firstByte == lastByte;
    }

    /** Bits an ideal coder would have spent on this outcome, {@code -log2 probability}. */
    public double bits() {
        return -Math.log(probability) / Math.log(2);
    }
}

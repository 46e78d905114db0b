package io.bitscale.core.model;

/**
 * A model that predicts one bit at a time: the smallest thing a researcher implements to plug a
 * model into bitscale.
 *
 * <pre>{@code
 * final class Order0 implements BitPredictor {
 *     private final int[] probabilities = new int[256];   // P(1) << 16 per partial byte
 *     private int node = 1;                               // 1, then 1b, 1bb, ... (MSB first)
 *     Order0() { java.util.Arrays.fill(probabilities, 1 << 15); }
 *     public int p1() { return Math.max(1, Math.min(65535, probabilities[node])); }
 *     public void update(int bit) {
 *         probabilities[node] += ((bit << 16) - probabilities[node]) >> 4;
 *         node = node < 128 ? (node << 1) | bit : 1;
 *     }
 *     public long parameters() { return 255; }
 *     public long memoryBytes() { return 256 * 4 + 32; }
 * }
 * }</pre>
 *
 * <p><b>Call protocol.</b> For every byte of the stream, most significant bit first, the coder
 * calls {@link #p1()} exactly once, then {@link #update(int)} exactly once with the bit that was
 * coded: eight {@code p1}/{@code update} pairs per byte, never interleaved differently. The
 * predictor keeps its own position within the byte. Encoder and decoder make exactly the same
 * calls in the same order.
 */
public interface BitPredictor extends Predictor {

    /**
     * The probability that the next bit is 1.
     *
     * @return {@code P(1) · 2^16}, in {@code [1, 65535]}: never certain either way, so every
     *     bit stays codable
     */
    int p1();

    /**
     * Learns the bit that was coded after the last {@link #p1()}.
     *
     * @param bit 0 or 1
     */
    void update(int bit);
}

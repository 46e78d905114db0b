package io.bitscale.model.mix;

/**
 * A gated logistic mixer ("stacking"): a single-layer network that combines predictions given in
 * the stretch domain, with one weight vector per value of a small selector context.
 *
 * <p>Call protocol per bit: write the inputs into {@link #inputs()} (values in
 * {@code [-2047, 2047]}), call {@link #mix(int)} with the selector context in
 * {@code [0, contexts)}, then {@link #update(int)} with the coded bit. Output is in the stretch
 * domain; {@link #p12()} is the matching 12-bit probability.
 *
 * <p>Arithmetic: weights are 16.16 fixed point, kept within ±8; {@code out = Σ (x_i w_i >> 8) >> 8},
 * clamped to the stretch domain (each term fits an {@code int}, so the sum cannot overflow for
 * fewer than 512 inputs); the update is online gradient descent on coding cost,
 * {@code w_i += x_i · (y·4096 - p12) · rate >> 16}. Integers only, and integer addition is
 * associative, so the result is the same however the JIT orders or vectorizes the loops.
 *
 * <pre>{@code
 * int[] inputs = new int[3];
 * Mixer mixer = new Mixer(inputs, 256, 6, 1 << 14);
 * inputs[0] = stretchOfModelA; inputs[1] = stretchOfModelB; inputs[2] = 256;
 * int d = mixer.mix(partialByte);       // stretch domain; the weight set selected by the bits so far
 * mixer.update(bit);
 * }</pre>
 */
public final class Mixer {

    /** Weights stay within ±8.0 so that every product fits in 31 bits. */
    private static final int MAX_WEIGHT = (8 << 16) - 1;

    private final int inputCount;
    private final int contexts;
    private final int[] inputs;
    private final int[] weights;
    private final int rate;
    private int base;
    private int p12 = 2048;

    /**
     * @param inputs        the input vector, read at every {@link #mix(int)} (may be shared
     *                      by several mixers)
     * @param contexts      number of weight sets (selector values)
     * @param rate          learning rate, 1..64 (6 to 8 suits most data)
     * @param initialWeight starting weight of every input, 16.16 fixed point
     */
    public Mixer(int[] inputs, int contexts, int rate, int initialWeight) {
        int inputCount = inputs.length;
        if (inputCount < 1 || contexts < 1 || rate < 1 || rate > 64) {
            throw new IllegalArgumentException("mixer needs inputs, contexts >= 1 and rate 1..64, got "
                    + inputCount + ", " + contexts + ", " + rate);
        }
        this.inputCount = inputCount;
        this.contexts = contexts;
        this.inputs = inputs;
        this.weights = new int[Math.multiplyExact(inputCount, contexts)];
        this.rate = rate;
        java.util.Arrays.fill(weights, initialWeight);
    }

    /** The input vector to fill before {@link #mix(int)}. */
    public int[] inputs() {
        return inputs;
    }

    /** Mixes the inputs with the weight set of {@code context}; returns a stretch-domain value. */
    public int mix(int context) {
        int[] x = inputs;
        int[] w = weights;
        int b = context * inputCount;
        base = b;
        int sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] * w[b + i]) >> 8;
        }
        int d = Logistic.clampStretch(sum >> 8);
        p12 = Logistic.squash(d);
        return d;
    }

    /** 12-bit probability of the last {@link #mix(int)}. */
    public int p12() {
        return p12;
    }

    /** Trains the weight set used by the last {@link #mix(int)} on the coded bit. */
    public void update(int bit) {
        int error = ((bit << 12) - p12) * rate;
        if (error == 0) {
            return;
        }
        int[] x = inputs;
        int[] w = weights;
        int b = base;
        for (int i = 0; i < x.length; i++) {
            int v = w[b + i] + ((x[i] * error + 0x8000) >> 16);
            w[b + i] = Math.max(-MAX_WEIGHT, Math.min(MAX_WEIGHT, v));
        }
    }

    /**
     * The weight of input {@code input} in the weight set the last {@link #mix(int)} used, 16.16
     * fixed point: what an attribution reads ({@link Mixture#attribute}); changes nothing.
     */
    int selectedWeight(int input) {
        return weights[base + input];
    }

    /** Weights held (the mixer's parameters). */
    public long parameters() {
        return weights.length;
    }

    /** Heap bytes of a mixer of this shape. */
    public static long memoryBytes(int inputCount, int contexts) {
        return 4L * inputCount * contexts + 64;
    }

    /** Number of weight sets. */
    public int contexts() {
        return contexts;
    }
}

package io.bitscale.jmh;

import io.bitscale.core.model.BitPredictor;

/**
 * Wraps a bit model and records every {@code (p1, bit)} pair the coder sees, so the coder can
 * later be benchmarked alone on exactly the probabilities a real model produced. Arrays are
 * sized up front ({@code capacity} decisions); {@code p1} fits a {@code char} (1..65535).
 */
final class RecordingPredictor implements BitPredictor {

    private final BitPredictor model;
    private final char[] p1s;
    private final byte[] bits;
    private int count;
    private int pendingP1;

    RecordingPredictor(BitPredictor model, int capacity) {
        this.model = model;
        this.p1s = new char[capacity];
        this.bits = new byte[capacity];
    }

    @Override
    public int p1() {
        pendingP1 = model.p1();
        return pendingP1;
    }

    @Override
    public void update(int bit) {
        p1s[count] = (char) pendingP1;
        bits[count] = (byte) bit;
        count++;
        model.update(bit);
    }

    @Override
    public long parameters() {
        return model.parameters();
    }

    @Override
    public long memoryBytes() {
        return model.memoryBytes();
    }

    char[] p1s() {
        return p1s;
    }

    byte[] bits() {
        return bits;
    }

    int count() {
        return count;
    }
}

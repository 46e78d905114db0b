package io.bitscale.model.context;

import io.bitscale.core.model.Freezable;

import io.bitscale.model.counter.AdaptiveBit;
import io.bitscale.model.mix.ByteHistory;
import io.bitscale.model.mix.Component;
import io.bitscale.model.mix.Logistic;

/**
 * Predicts the byte that followed the most recent earlier occurrence of the current context: the
 * long-range repetition that finite-order models miss.
 *
 * <p>At each byte boundary, if the current match continues it is extended; otherwise the model
 * looks up where the last 8 bytes (then the last 4) last occurred, via a hash table of positions,
 * and verifies the match length by comparing bytes backwards. While the bits of the current
 * byte agree with the predicted byte, it predicts the predicted byte's next bit with a
 * probability learned per (match length, predicted bit, previous byte).
 *
 * <pre>{@code
 * MatchModel match = new MatchModel(history, 22, 20);   // 4 MiB of history, 1 M positions
 * }</pre>
 *
 * <p>Inputs: {@code stretch(p)} of that learned probability, and a signed input growing with the
 * match length; both 0-informative when there is no match. {@link #confidence()} is a length
 * bucket 0..15.
 */
public final class MatchModel implements Component, Freezable {

    private static final int MAX_LENGTH = 65535;
    private static final int LIMIT = 1023;

    private final ByteHistory history;
    private final byte[] buffer;
    private final int bufferMask;
    private final int[] positions;
    private final int hashMask;
    private final int bufferBits;
    private final int hashBits;
    /** Learned P(1): [length bucket 0..31][expected bit][previous byte], then 256 no-match cells. */
    private final int[] cells = new int[32 * 2 * 256 + 256];

    /** Bytes written so far (absolute position of the next byte). */
    private int position;
    /** The position at which the model was frozen, or -1. */
    private int frozenAt = -1;
    /** Absolute position of the predicted byte, valid when {@code length > 0}. */
    private int pointer;
    private int length;
    private int expected;
    private int cell;

    /**
     * @param history    the shared coding position
     * @param bufferBits log2 of the history kept, 10..30
     * @param hashBits   log2 of the position table's entries, 8..28
     */
    public MatchModel(ByteHistory history, int bufferBits, int hashBits) {
        if (bufferBits < 10 || bufferBits > 30 || hashBits < 8 || hashBits > 28) {
            throw new IllegalArgumentException("match buffer bits 10..30 and hash bits 8..28, got "
                    + bufferBits + ", " + hashBits);
        }
        this.history = history;
        this.bufferBits = bufferBits;
        this.hashBits = hashBits;
        this.buffer = new byte[1 << bufferBits];
        this.bufferMask = (1 << bufferBits) - 1;
        this.positions = new int[1 << hashBits];
        this.hashMask = (1 << hashBits) - 1;
        java.util.Arrays.fill(positions, -1);
        java.util.Arrays.fill(cells, AdaptiveBit.INITIAL);
    }

    /** Heap bytes of a match model of this size. */
    public static long memoryBytes(int bufferBits, int hashBits) {
        return (1L << bufferBits) + (4L << hashBits) + 4L * (32 * 2 * 256 + 256) + 128;
    }

    /** Learned parameters: the probability cells (the buffer and positions are data, not learned). */
    public static long learnedCells() {
        return 32 * 2 * 256 + 256;
    }

    @Override
    public int inputCount() {
        return 2;
    }

    private static int bucket(int length) {
        return length < 16 ? length : Math.min(31, 16 + ((length - 16) >> 2));
    }

    @Override
    public void predict(int[] inputs, int offset) {
        int bits = history.bitCount();
        if (length > 0 && ((expected | 0x100) >>> (8 - bits)) == history.partial()) {
            int bit = (expected >>> (7 - bits)) & 1;
            cell = ((bucket(length) * 2 + bit) << 8) | history.back(1);
            int st = Logistic.stretch(cells[cell] >>> 20);
            inputs[offset] = st;
            int strength = Math.min(length, 32) << 5;
            inputs[offset + 1] = bit != 0 ? strength : -strength;
        } else {
            if (length > 0) {
                length = 0;     // the byte diverged from the prediction
            }
            cell = 32 * 2 * 256 + history.partial();
            inputs[offset] = Logistic.stretch(cells[cell] >>> 20);
            inputs[offset + 1] = 0;
        }
    }

    /**
     * The cells and the index of earlier text stop changing, and a match may only point into the
     * text seen before the freeze: coded bytes still enter the buffer (the current context is
     * compared there) but are never indexed, and a match that runs into them ends.
     */
    @Override
    public void freeze() {
        if (frozenAt < 0) {
            frozenAt = position;
        }
    }

    @Override
    public void update(int bit) {
        boolean frozen = frozenAt >= 0;
        if (!frozen) {
            cells[cell] = AdaptiveBit.update(cells[cell], bit, LIMIT);
        }
        if (history.bitCount() != 0) {
            return;
        }
        int c = history.back(1);
        buffer[position & bufferMask] = (byte) c;
        position++;
        if (length > 0) {
            pointer++;
            if (length < MAX_LENGTH) {
                length++;
            }
            if (frozen && pointer >= frozenAt) {
                length = 0;
            }
        }
        int c4 = history.last4();
        int longHash = hash(c4 * 0x2F0B4A13 + history.before4(), 1);
        int shortHash = hash(c4, 2);
        if (length == 0 && position >= 8) {
            find(positions[longHash]);
            if (length < 8) {
                length = 0;
            }
            if (length == 0) {
                find(positions[shortHash]);
                if (length < 4) {
                    length = 0;
                }
            }
        }
        if (position >= 8 && !frozen) {
            positions[longHash] = position;
        }
        if (position >= 4 && !frozen) {
            positions[shortHash] = position;
        }
        if (length > 0) {
            expected = buffer[pointer & bufferMask] & 0xFF;
        }
    }

    /** Verifies a candidate position (the byte after an earlier occurrence) by comparing backwards. */
    private void find(int candidate) {
        if (candidate <= 0 || position - candidate >= buffer.length - 64 || candidate >= position
                || (frozenAt >= 0 && candidate >= frozenAt)) {
            return;
        }
        int n = 0;
        int limit = Math.min(candidate, 64);
        while (n < limit && buffer[(candidate - 1 - n) & bufferMask] == buffer[(position - 1 - n) & bufferMask]) {
            n++;
        }
        if (n > 0) {
            length = n;
            pointer = candidate;
        }
    }

    private int hash(int value, int seed) {
        int h = (value + seed) * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        return (h >>> (32 - hashBits)) & hashMask;
    }

    @Override
    public int confidence() {
        return length == 0 ? 0 : Math.min(15, 1 + (bucket(length) >> 1));
    }

    @Override
    public long parameters() {
        return learnedCells();
    }

    @Override
    public long memoryBytes() {
        return memoryBytes(bufferBits, hashBits);
    }
}

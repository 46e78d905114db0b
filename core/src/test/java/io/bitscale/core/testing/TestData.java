package io.bitscale.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded synthetic inputs for round-trip tests: uniform, skewed, runs, every byte value, text-like. */
public final class TestData {

    private TestData() {
    }

    /** {@code length} uniformly random bytes. */
    public static byte[] random(long seed, int length) {
        byte[] data = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return data;
    }

    /** Bytes from a geometric distribution (P(k) ∝ 2^-k/2, mostly small values): highly compressible. */
    public static byte[] skewed(long seed, int length) {
        byte[] data = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            int value = 0;
            while (value < 255 && random.nextInt(3) != 0) {
                value++;
            }
            data[i] = (byte) value;
        }
        return data;
    }

    /** {@code length} copies of {@code value}. */
    public static byte[] run(int value, int length) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) value);
        return data;
    }

    /** 0, 1, ..., 255 repeated {@code times} times. */
    public static byte[] everyByte(int times) {
        byte[] data = new byte[256 * times];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return data;
    }

    /** Words drawn from a small vocabulary, separated by spaces and newlines: English-like statistics. */
    public static byte[] text(long seed, int length) {
        String[] words = ("the of and to in is was that for on with as by at from his her it an be this which "
                + "compression prediction arithmetic coder model probability entropy bits byte context "
                + "order scaling law learning stream frame checksum").split(" ");
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words[Math.min(random.nextInt(words.length), random.nextInt(words.length))]);
            text.append(random.nextInt(12) == 0 ? '\n' : ' ');
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), length);
    }

    /** {@code parts} concatenated. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] data = new byte[length];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, data, position, part.length);
            position += part.length;
        }
        return data;
    }
}

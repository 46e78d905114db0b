package io.bitscale.core.random;

import java.util.Locale;

/**
 * SplitMix64 (Steele, Lea &amp; Flood 2014; Vigna's {@code splitmix64.c}), the one seeded
 * generator of the project: initial weights, document shuffles, synthetic data and bootstrap
 * resamples all draw from it, so a seed means the same numbers on every JVM and JDK version
 * (the sequence equals {@code new SplittableRandom(seed).nextLong()}, written out so no JDK
 * change can alter it).
 *
 * <pre>{@code
 * SplitMix64 random = new SplitMix64(42);
 * int index = random.nextInt(10);        // uniform in [0, 10)
 * double u = random.nextDouble();        // uniform in [0, 1), 53 random bits
 * }</pre>
 *
 * <p>Not thread-safe: one generator per thread of work.
 */
public final class SplitMix64 {

    private long state;

    /** A generator whose sequence is fixed by {@code seed}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits: the state advances by the golden gamma, then Stafford's mix 13. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Uniform in {@code [0, bound)}: 63 random bits, rejecting the top partial block of the
     * modulus so every value is equally likely.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "bound must be positive: %d", bound));
        }
        long bits;
        long value;
        do {
            bits = nextLong() >>> 1;
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0);
        return (int) value;
    }
}

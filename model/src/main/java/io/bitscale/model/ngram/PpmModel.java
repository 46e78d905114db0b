package io.bitscale.model.ngram;

import io.bitscale.core.model.Cdf;
import io.bitscale.core.model.Freezable;
import io.bitscale.core.model.SymbolPredictor;

import java.util.Arrays;

/**
 * Byte n-gram model with two selectable smoothers over the same counts:
 * <ul>
 *   <li>{@link Smoother#PPMD}: prediction by partial matching with escapes and exclusion. From
 *       the longest context down, each context gives its seen symbols (not already predicted by a
 *       longer context) {@code (2c - 1) / 2t} and escapes with {@code q / 2t} ({@code q} distinct
 *       symbols, {@code t} their total count); after order 0 the rest is uniform.</li>
 *   <li>{@link Smoother#PPMC}: as PPMD with {@code c / (t + q)} and escape {@code q / (t + q)}.</li>
 *   <li>{@link Smoother#KN}: interpolated Kneser–Ney, {@code P_k(s) = max(c - D, 0) / t +
 *       (D q / t) P_(k-1)(s)} with {@code D = 3/4}, from order -1 (uniform) up.</li>
 * </ul>
 * Counts are updated with update exclusion (a context's count of a symbol grows only if the
 * symbol was new in the next longer context), which makes the lower-order counts the
 * continuation counts Kneser–Ney asks for, and is what PPM implementations do.
 *
 * <p>Storage: orders 0 and 1 in direct tables; orders 2..n in a hash table of {@code 2^memBits}
 * bytes whose 128-byte slots hold a context check value and up to 31 (symbol, count) pairs; a
 * context with more symbols replaces its rarest one, and a full table replaces the context with
 * the smaller total. Counts are halved when one exceeds 4095. Memory is fixed at construction.
 *
 * <p>Determinism: probabilities are doubles combined with {@code + - * /} only, in a fixed order,
 * and turned into a CDF by {@link Cdf#fromProbabilities} (the one float-to-fixed conversion).
 *
 * <pre>{@code
 * SymbolPredictor ppm = new PpmModel(5, 22, PpmModel.Smoother.PPMD);
 * }</pre>
 */
public final class PpmModel implements SymbolPredictor, Freezable {

    /** How the counts become a distribution. */
    public enum Smoother {
        /** PPM method D escapes with exclusion. */
        PPMD,
        /** PPM method C escapes with exclusion. */
        PPMC,
        /** Interpolated Kneser–Ney with absolute discount 3/4. */
        KN
    }

    /** Highest order supported. */
    public static final int MAX_ORDER = 16;
    private static final int SLOT_INTS = 32;
    private static final int MAX_COUNT = 4095;
    private static final double DISCOUNT = 0.75;
    private static final int CDF_BITS = 24;

    private final int order;
    private final int memBits;
    private final Smoother smoother;
    private final int[] order0 = new int[256];
    private final int[] order1 = new int[256 * 256];
    /** Hashed contexts of orders 2..n: slot = [check, entries (symbol << 16 | count)...]. */
    private final int[] table;
    private final int slotMask;
    private final byte[] recent = new byte[MAX_ORDER];
    private long position;
    private boolean frozen;

    private final int[] slots;
    private final double[] probabilities = new double[256];
    private final boolean[] excluded = new boolean[256];
    private final int[] cdf = new int[257];
    private final int[] counts = new int[256];

    /**
     * @param order    longest context, 1..16
     * @param memBits  log2 of the hash table bytes for orders 2..n, 12..30
     * @param smoother how counts become probabilities
     */
    public PpmModel(int order, int memBits, Smoother smoother) {
        if (order < 1 || order > MAX_ORDER || memBits < 12 || memBits > 30) {
            throw new IllegalArgumentException("ppm needs order 1.." + MAX_ORDER + " and memBits 12..30, got "
                    + order + ", " + memBits);
        }
        this.order = order;
        this.memBits = memBits;
        this.smoother = smoother;
        this.table = order >= 2 ? new int[1 << (memBits - 2)] : new int[0];
        this.slotMask = order >= 2 ? (1 << (memBits - 2 - 5)) - 1 : 0;
        this.slots = new int[order + 1];
    }

    /** Heap bytes of a model of this size. */
    public static long memoryBytes(int order, int memBits) {
        return 4L * (256 + 65536) + (order >= 2 ? 1L << memBits : 0) + 8L * 256 + 4L * (257 + 256) + 256
                + 4L * (order + 1) + 200;
    }

    /** Count cells of a model of this size. */
    public static long parameters(int order, int memBits) {
        return 256 + 65536 + (order >= 2 ? (1L << (memBits - 2)) / SLOT_INTS * (SLOT_INTS - 1) : 0);
    }

    @Override
    public long parameters() {
        return parameters(order, memBits);
    }

    @Override
    public long memoryBytes() {
        return memoryBytes(order, memBits);
    }

    private int contextHash(int k) {
        int h = k * 0x61C88647;
        for (int d = 1; d <= k; d++) {
            int b = position >= d ? recent[(int) ((position - d) % MAX_ORDER)] & 0xFF : 0x100;
            h = (h + b + 1) * 0x2F0B4A13;
        }
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h | 1;
    }

    /** Finds the slot of a hashed context, or -1 if absent (and {@code create} is false). */
    private int find(int hash, boolean create) {
        int a = (hash & slotMask) * SLOT_INTS;
        int b = ((hash >>> 16 ^ hash) & slotMask) * SLOT_INTS;
        if (table[a] == hash) {
            return a;
        }
        if (table[b] == hash) {
            return b;
        }
        if (!create) {
            return -1;
        }
        int victim = total(a) <= total(b) ? a : b;
        Arrays.fill(table, victim, victim + SLOT_INTS, 0);
        table[victim] = hash;
        return victim;
    }

    private int total(int slot) {
        int sum = 0;
        for (int i = slot + 1; i < slot + SLOT_INTS; i++) {
            sum += table[i] & 0xFFFF;
        }
        return sum;
    }

    /** Loads the counts of order k's context into {@link #counts}; returns false if unknown. */
    private boolean load(int k) {
        Arrays.fill(counts, 0);
        if (k == 0) {
            System.arraycopy(order0, 0, counts, 0, 256);
            return true;
        }
        if (k == 1) {
            if (position < 1) {
                return false;
            }
            System.arraycopy(order1, (recent[(int) ((position - 1) % MAX_ORDER)] & 0xFF) << 8, counts, 0, 256);
            return true;
        }
        if (position < k) {
            return false;
        }
        int slot = find(slots[k], false);
        if (slot < 0) {
            return false;
        }
        for (int i = slot + 1; i < slot + SLOT_INTS; i++) {
            int entry = table[i];
            if ((entry & 0xFFFF) != 0) {
                counts[entry >>> 16] = entry & 0xFFFF;
            }
        }
        return true;
    }

    @Override
    public int[] cdf() {
        for (int k = 2; k <= order; k++) {
            slots[k] = contextHash(k);
        }
        double[] p = probabilities;
        if (smoother == Smoother.KN) {
            Arrays.fill(p, 1.0 / 256);
            for (int k = 0; k <= order; k++) {
                if (!load(k)) {
                    continue;
                }
                long total = 0;
                int distinct = 0;
                for (int s = 0; s < 256; s++) {
                    total += counts[s];
                    distinct += counts[s] > 0 ? 1 : 0;
                }
                if (total == 0) {
                    continue;
                }
                double backoff = DISCOUNT * distinct / total;
                for (int s = 0; s < 256; s++) {
                    int c = counts[s];
                    p[s] = (c > 0 ? (c - DISCOUNT) / total : 0.0) + backoff * p[s];
                }
            }
        } else {
            Arrays.fill(p, 0.0);
            Arrays.fill(excluded, false);
            double mass = 1.0;
            int remaining = 256;
            for (int k = order; k >= 0 && remaining > 0; k--) {
                if (!load(k)) {
                    continue;
                }
                long total = 0;
                int distinct = 0;
                for (int s = 0; s < 256; s++) {
                    if (counts[s] > 0 && !excluded[s]) {
                        total += counts[s];
                        distinct++;
                    }
                }
                if (distinct == 0) {
                    continue;
                }
                double denominator = smoother == Smoother.PPMD ? 2.0 * total : (double) (total + distinct);
                for (int s = 0; s < 256; s++) {
                    if (counts[s] > 0 && !excluded[s]) {
                        double share = smoother == Smoother.PPMD ? 2.0 * counts[s] - 1 : counts[s];
                        p[s] += mass * share / denominator;
                        excluded[s] = true;
                    }
                }
                remaining -= distinct;
                mass *= distinct / denominator;
            }
            if (remaining > 0) {
                double each = mass / remaining;
                for (int s = 0; s < 256; s++) {
                    if (!excluded[s]) {
                        p[s] += each;
                    }
                }
            }
        }
        Cdf.fromProbabilities(p, 256, CDF_BITS, cdf);
        return cdf;
    }

    @Override
    public void update(int symbol) {
        // Update exclusion: from the longest context down, stop after the first context that
        // already knew the symbol. A frozen model only moves its context forward.
        for (int k = frozen ? -1 : order; k >= 0; k--) {
            if (k >= 2 && position < k) {
                continue;
            }
            if (k == 1 && position < 1) {
                continue;
            }
            boolean known = increment(k, symbol);
            if (known) {
                break;
            }
        }
        recent[(int) (position % MAX_ORDER)] = (byte) symbol;
        position++;
    }

    /** Counts and the context table stop changing; the context still follows the bytes. */
    @Override
    public void freeze() {
        frozen = true;
    }

    /** Increments the count of {@code symbol} in order k's context; returns whether it was known. */
    private boolean increment(int k, int symbol) {
        if (k == 0) {
            return bump(order0, 0, symbol);
        }
        if (k == 1) {
            return bump(order1, (recent[(int) ((position - 1) % MAX_ORDER)] & 0xFF) << 8, symbol);
        }
        int slot = find(slots[k], true);
        int empty = -1;
        int rarest = -1;
        int rarestCount = Integer.MAX_VALUE;
        for (int i = slot + 1; i < slot + SLOT_INTS; i++) {
            int entry = table[i];
            int count = entry & 0xFFFF;
            if (count == 0) {
                if (empty < 0) {
                    empty = i;
                }
            } else if (entry >>> 16 == symbol) {
                table[i] = entry + 1;
                if (count + 1 > MAX_COUNT) {
                    for (int j = slot + 1; j < slot + SLOT_INTS; j++) {
                        int c = (table[j] & 0xFFFF) >>> 1;
                        table[j] = c == 0 ? 0 : (table[j] & 0xFFFF0000) | c;
                    }
                }
                return true;
            } else if (count < rarestCount) {
                rarestCount = count;
                rarest = i;
            }
        }
        table[empty >= 0 ? empty : rarest] = (symbol << 16) | 1;
        return false;
    }

    private static boolean bump(int[] cells, int base, int symbol) {
        int before = cells[base + symbol]++;
        if (cells[base + symbol] > MAX_COUNT) {
            for (int s = 0; s < 256; s++) {
                cells[base + s] >>>= 1;
            }
        }
        return before > 0;
    }
}

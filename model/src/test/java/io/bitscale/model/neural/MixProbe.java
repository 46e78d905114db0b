package io.bitscale.model.neural;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.SymbolBits;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.model.Models;
import io.bitscale.model.counter.AdaptiveBit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Developer tool, not a test, and not the project's context-mixing model: a small PAQ-style
 * stand-in (hashed order-1..6 counters, a logistic mixer selected by the partial byte) to
 * estimate what a neural input adds to a context-mixing model before the real {@code strong}
 * preset exists. Ideal code length only (floats, not coded).
 *
 * <pre>java -cp ... MixProbe FILE [NEURAL_SPEC ...]</pre>
 */
public final class MixProbe {

    private MixProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        List<String> extras = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        System.out.printf(Locale.ROOT, "%-50s %.4f bpb%n", "cm stand-in (orders 1..6 + mixer)", run(data, null));
        for (String spec : extras) {
            long start = System.nanoTime();
            double bpb = run(data, spec);
            System.out.printf(Locale.ROOT, "%-50s %.4f bpb  (%.0f s)%n", "cm stand-in + bits(" + spec + ")", bpb,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    static double run(byte[] data, String neuralSpec) {
        List<BitPredictor> inputs = new ArrayList<>();
        for (int order = 1; order <= 6; order++) {
            inputs.add(new HashedOrder(order, 22));
        }
        if (neuralSpec != null) {
            Predictor p = Models.factory(neuralSpec).create();
            inputs.add(p instanceof BitPredictor b ? b : new SymbolBits((SymbolPredictor) p));
        }
        int n = inputs.size() + 1; // + bias
        double[][] weights = new double[256][n];
        for (double[] w : weights) {
            Arrays.fill(w, 0.3);
        }
        double[] stretched = new double[n];
        double bits = 0;
        for (byte value : data) {
            int node = 1;
            for (int shift = 7; shift >= 0; shift--) {
                int bit = (value >>> shift) & 1;
                for (int i = 0; i < inputs.size(); i++) {
                    double p = inputs.get(i).p1() / 65536.0;
                    stretched[i] = Math.log(p / (1 - p));
                }
                stretched[n - 1] = 0.5;
                double[] w = weights[node];
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += w[i] * stretched[i];
                }
                double p = 1 / (1 + Math.exp(-dot));
                p = Math.min(Math.max(p, 1.0 / 4096), 1 - 1.0 / 4096);
                bits -= Math.log(bit == 1 ? p : 1 - p) / Math.log(2);
                double error = bit - p;
                for (int i = 0; i < n; i++) {
                    w[i] += 0.02 * error * stretched[i];
                }
                for (BitPredictor input : inputs) {
                    input.update(bit);
                }
                node = (node << 1) | bit;
            }
        }
        return bits / data.length;
    }

    /** Order-k counters in a hashed table (no check bytes), indexed by the k-byte hash and the partial byte. */
    static final class HashedOrder implements BitPredictor {
        private final int order;
        private final int[] table;
        private final int mask;
        private long history;
        private int base;
        private int node = 1;

        HashedOrder(int order, int bits) {
            this.order = order;
            this.table = new int[1 << bits];
            Arrays.fill(table, AdaptiveBit.INITIAL);
            this.mask = (1 << bits) - 1;
            rehash();
        }

        private void rehash() {
            long h = (history & ((1L << (8 * order)) - 1)) * 0x9E3779B97F4A7C15L + order;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            base = (int) (h >>> 40);
        }

        @Override
        public int p1() {
            return AdaptiveBit.p1(table[(base + node * 0x9E3779B1) & mask]);
        }

        @Override
        public void update(int bit) {
            int i = (base + node * 0x9E3779B1) & mask;
            table[i] = AdaptiveBit.update(table[i], bit, 255);
            node = (node << 1) | bit;
            if (node >= 256) {
                history = (history << 8) | (node & 0xFF);
                node = 1;
                rehash();
            }
        }

        @Override
        public long parameters() {
            return table.length;
        }

        @Override
        public long memoryBytes() {
            return 4L * table.length;
        }
    }
}

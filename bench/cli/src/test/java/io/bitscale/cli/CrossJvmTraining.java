package io.bitscale.cli;

import io.bitscale.core.random.SplitMix64;

import io.bitscale.model.neural.SequenceTrainer;
import io.bitscale.model.neural.Snapshot;
import io.bitscale.model.neural.tensor.AdamRows;
import io.bitscale.model.neural.tensor.Attention;
import io.bitscale.model.neural.tensor.CoderRows;
import io.bitscale.model.neural.tensor.MatMul;
import io.bitscale.model.neural.tensor.Workers;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The other JVM's side of {@link CrossJvmDeterminismTest} for training and kernels: prints the
 * SHA-256 of a small transformer's snapshot after {@link SequenceTrainer} and of the outputs of
 * the product, attention, softmax, coder-table and Adam-row kernels, computed with the given number of threads, then the JVM's
 * version and the product kernel it used ({@code scalar} or {@code vector-...}).
 *
 * <pre>java -cp ... CrossJvmTraining THREADS</pre>
 */
public final class CrossJvmTraining {

    private CrossJvmTraining() {
    }

    /** Prints the two digests, the JVM's version and the product kernel, for {@code args[0]} threads. */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        try (Workers workers = new Workers(threads)) {
            System.out.println(snapshotSha256(workers));
            System.out.println(kernelSha256(workers));
        }
        System.out.println(System.getProperty("java.version"));
        System.out.println(MatMul.kernel());
    }

    static final String SPEC = "transformer(layers=2,d=16,heads=2,ctx=16,ff=2,lr=40,wd=10,clip=10000)";

    /** Trains {@link #SPEC} for 12 steps on generated text; the snapshot's SHA-256. */
    static String snapshotSha256(Workers workers) {
        byte[] data = CrossJvmDeterminismTest.text(12_000, 4);
        SequenceTrainer.Options options = new SequenceTrainer.Options(24, 6, 2, 1, 12, 3, 0.1, 2048, 600, 6, 3, 9);
        SequenceTrainer.Result result = SequenceTrainer.train(SPEC, data, options, SequenceTrainer.Listener.NONE, workers);
        return Snapshot.of(result.spec(), result.model(), Snapshot.Quantization.FLOAT32, new byte[32], data.length)
                .sha256Hex();
    }

    /** Products of every kind and attention forward and backward on seeded inputs; SHA-256 of all outputs. */
    static String kernelSha256(Workers workers) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplitMix64 random = new SplitMix64(17);
        float[][] a = matrix(random, 150, 70);
        float[][] b = matrix(random, 70, 300);
        float[][] c = new float[150][300];
        MatMul.multiply(workers, a, 150, 70, b, 300, b[0], c);
        update(digest, c);
        float[][] g = new float[70][300];
        MatMul.multiplyTransposedAdd(workers, a, 150, 70, c, 300, g);
        update(digest, g);
        int sequences = 3;
        int length = 33;
        int d = 24;
        float[][] q = matrix(random, sequences * length, d);
        float[][] k = matrix(random, sequences * length, d);
        float[][] v = matrix(random, sequences * length, d);
        float[][] dOut = matrix(random, sequences * length, d);
        Attention attention = new Attention(d, 3, 11);
        Attention.Scratch scratch = attention.new Scratch(workers.threads(), length, true);
        float[][][] p = new float[sequences * 3][length][length];
        float[][] out = new float[sequences * length][d];
        attention.forward(workers, q, k, v, sequences, length, out, p, scratch);
        float[][] dq = new float[sequences * length][d];
        float[][] dk = new float[sequences * length][d];
        float[][] dv = new float[sequences * length][d];
        attention.backward(workers, q, k, v, p, dOut, sequences, length, dq, dk, dv, scratch);
        for (float[][] m : new float[][][] {out, dq, dk, dv}) {
            update(digest, m);
        }
        // The batched networks' softmax, coder tables and Adam rows (their own Vector API loops).
        float[][] logits = matrix(random, 9, 256);
        for (float[] row : logits) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 20;
            }
        }
        double[][] probabilities = new double[9][256];
        int[][] cdfs = new int[9][257];
        CoderRows.softmax(logits, 0, 9, 256, probabilities);
        CoderRows.cdfs(probabilities, 0, 9, 256, 24, cdfs);
        for (int r = 0; r < 9; r++) {
            ByteBuffer buffer = ByteBuffer.allocate(8 * 256 + 4 * 257);
            for (int s = 0; s < 256; s++) {
                buffer.putLong(Double.doubleToRawLongBits(probabilities[r][s]));
            }
            for (int s = 0; s <= 256; s++) {
                buffer.putInt(cdfs[r][s]);
            }
            digest.update(buffer.array());
        }
        float[][] adam = matrix(random, 4, 37);
        for (int j = 0; j < 37; j++) {
            adam[2][j] = Math.abs(adam[2][j]); // second moments are never negative
        }
        for (int step = 0; step < 3; step++) {
            AdamRows.update(adam[0], adam[1], adam[2], adam[3], 37, 0.9f, 0.999f, 1f, 0.002f, 1e-6f);
        }
        update(digest, adam);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static float[][] matrix(SplitMix64 random, int rows, int columns) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return m;
    }

    private static void update(MessageDigest digest, float[][] m) {
        for (float[] row : m) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * row.length);
            for (float x : row) {
                buffer.putInt(Float.floatToRawIntBits(x));
            }
            digest.update(buffer.array());
        }
    }
}

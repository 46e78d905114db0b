package io.bitscale.model.neural.tensor;

import java.util.Arrays;

/**
 * Matrix products over arrays of rows, split over a {@link Workers} pool by blocks of output
 * rows, blocked by output columns and by terms so that a block of the right operand is reused
 * from the first-level cache.
 *
 * <pre>{@code
 * Workers workers = Workers.shared();
 * int rows = 32, inputs = 64, outputs = 128;
 * float[][] x = new float[rows][inputs], dx = new float[rows][inputs];
 * float[][] y = new float[rows][outputs], dy = new float[rows][outputs];
 * float[][] weights = new float[inputs][outputs], weightsT = new float[outputs][inputs];
 * float[][] dWeights = new float[inputs][outputs];
 * float[] bias = new float[outputs];
 * MatMul.multiply(workers, x, rows, inputs, weights, outputs, bias, y);     // y = x · W + b
 * MatMul.transpose(workers, weights, inputs, outputs, weightsT);             // Wᵀ, once per weight update
 * MatMul.multiply(workers, dy, rows, outputs, weightsT, inputs, null, dx);  // dx = dy · Wᵀ
 * MatMul.multiplyTransposedAdd(workers, x, rows, inputs, dy, outputs, dWeights); // dW += xᵀ · dy
 * }</pre>
 *
 * <p><b>Reduction order.</b> Every output element is one chain of fused multiply-adds in
 * increasing term index, started from its initial value (the bias, zero, or what the output held),
 * as {@link Kernels} documents; a block of rows is one unit of work, so no chain is ever split
 * between threads. Results are therefore identical for any thread count, any blocking, and for a
 * row computed alone or in a batch.
 */
public final class MatMul {

    /** Output columns per block. */
    static final int COLUMN_BLOCK = 128;
    /**
     * Terms per block: a block of the right operand ({@code TERM_BLOCK × COLUMN_BLOCK} floats,
     * 32 KiB) stays in the first-level cache while every row of a unit uses it; the chains go on
     * through the blocks in increasing term order, so blocking changes no result.
     */
    static final int TERM_BLOCK = 64;
    /** Below this many multiply-adds a product runs on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1 << 15;

    /** The inner loops: the Vector API kernel when the JVM offers it, else the scalar one (same bits). */
    private static final ProductKernel PRODUCTS = ProductKernel.best();

    private MatMul() {
    }

    /** Which inner loops the products use: {@code scalar} or {@code vector-...}. */
    public static String kernel() {
        return PRODUCTS.name();
    }

    /**
     * {@code c[i] = bias + a[i] · b} for {@code i < m} ({@code bias} may be {@code null}: zero).
     *
     * @param a {@code m} rows of at least {@code k} values
     * @param b {@code k} rows of at least {@code n} values
     * @param c {@code m} rows of at least {@code n} values (overwritten in {@code [0, n)})
     */
    public static void multiply(Workers workers, float[][] a, int m, int k, float[][] b, int n, float[] bias,
                                float[][] c) {
        run(workers, m, (long) k * n, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                if (bias == null) {
                    Arrays.fill(c[i], 0, n, 0f);
                } else {
                    System.arraycopy(bias, 0, c[i], 0, n);
                }
            }
            PRODUCTS.rows(a, i0, i1, k, b, n, c);
        });
    }

    /** {@code c[i] += a[i] · b} for {@code i < m}: the chain continues from what {@code c} holds. */
    public static void multiplyAdd(Workers workers, float[][] a, int m, int k, float[][] b, int n, float[][] c) {
        run(workers, m, (long) k * n, (i0, i1) -> PRODUCTS.rows(a, i0, i1, k, b, n, c));
    }

    /**
     * {@code c[i][j] += Σ_r a[r][i] · b[r][j]} for {@code i < m}, {@code j < n}, {@code r < k}:
     * {@code c += aᵀ · b}, the weight gradient of a linear layer ({@code a} its inputs,
     * {@code b} its output gradients, one row per position).
     *
     * @param a {@code k} rows of at least {@code m} values
     * @param b {@code k} rows of at least {@code n} values
     * @param c {@code m} rows of at least {@code n} values
     */
    public static void multiplyTransposedAdd(Workers workers, float[][] a, int k, int m, float[][] b, int n,
                                             float[][] c) {
        run(workers, m, (long) k * n, (i0, i1) -> PRODUCTS.transposedRows(a, i0, i1, k, b, n, c));
    }

    /**
     * {@code c[j] += Σ_r a[r][j]} for {@code j < n}, rows {@code r = 0..rows-1} added in order
     * (plain additions): the bias gradient.
     */
    public static void columnSumsAdd(float[][] a, int rows, int n, float[] c) {
        for (int r = 0; r < rows; r++) {
            float[] row = a[r];
            for (int j = 0; j < n; j++) {
                c[j] += row[j];
            }
        }
    }

    /** {@code t[c][r] = a[r][c]} for {@code r < rows}, {@code c < columns}. */
    public static void transpose(Workers workers, float[][] a, int rows, int columns, float[][] t) {
        int blocks = (columns + 63) / 64;
        Workers.Task task = (unit, worker) -> {
            int c0 = unit * 64;
            Kernels.transpose(a, 0, rows, c0, Math.min(columns, c0 + 64), t, c0, 0);
        };
        if ((long) rows * columns < PARALLEL_THRESHOLD) {
            for (int unit = 0; unit < blocks; unit++) {
                task.run(unit, 0);
            }
        } else {
            workers.run(blocks, task);
        }
    }

    /** A range of output rows. */
    @FunctionalInterface
    interface RowRange {
        void compute(int i0, int i1);
    }

    /**
     * Splits {@code rows} output rows into units of whole rows: enough units to balance the
     * threads, each large enough to pay for its hand-off.
     */
    static void run(Workers workers, int rows, long workPerRow, RowRange body) {
        long work = rows * workPerRow;
        if (rows <= 1 || work < PARALLEL_THRESHOLD || workers.threads() == 1) {
            body.compute(0, rows);
            return;
        }
        int units = (int) Math.min(rows, Math.min(8L * workers.threads(), work / (PARALLEL_THRESHOLD / 2)));
        units = Math.max(units, Math.min(rows, workers.threads()));
        // Whole tiles of four rows per unit, for the vector kernel.
        int per = ((rows + units - 1) / units + 3) & ~3;
        int count = (rows + per - 1) / per;
        workers.run(count, (unit, worker) -> body.compute(unit * per, Math.min(rows, unit * per + per)));
    }
}

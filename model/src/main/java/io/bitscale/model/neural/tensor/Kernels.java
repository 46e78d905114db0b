package io.bitscale.model.neural.tensor;

/**
 * The two inner loops every product of this package is made of, and a transpose. Matrices are
 * arrays of rows ({@code float[rows][columns]}).
 *
 * <p><b>Reduction order.</b> Both loops add terms to an output row {@code y} one at a time, in
 * increasing term index {@code p}, each with one fused multiply-add:
 * {@code y[j] = fma(a_p, w_p[j], y[j])}. Four terms are unrolled into one expression,
 * {@code fma(a3, w3[j], fma(a2, w2[j], fma(a1, w1[j], fma(a0, w0[j], y[j]))))}, which is the same
 * chain, so the result is exactly that of the plain sequential loop, whatever the unrolling, the
 * vector width the JIT picks for {@code j} (lanes are different outputs, never parts of one sum),
 * or how a caller splits the terms over calls (the partial chain lives in {@code y} between them).
 *
 * <p><b>Why this shape.</b> HotSpot's auto-vectorizer (JDK 17 to 25) vectorizes these loops only
 * when every array in them is indexed by the same subscript {@code j}: the output row and the
 * weight rows share the offset. Measured on this project's machine (Zen 4): 35-41 GFLOP/s per
 * core with four terms per pass, 26-31 with one, 4-6 when the two arrays have different offsets.
 * {@link Math#fma} is vectorized too and needs one instruction instead of two.
 */
public final class Kernels {

    /** Output rows narrower than this run in their own copy of the loops. */
    static final int NARROW = 128;

    private Kernels() {
    }

    /**
     * Adds {@code Σ_p x[xOffset + p] · w[wRow + p][j]} for {@code p = 0..terms-1}, in that order,
     * to {@code y[j]} for every {@code j} in {@code [offset, offset + n)}.
     */
    public static void rowTimes(float[] x, int xOffset, float[][] w, int wRow, int terms, float[] y, int offset,
                                int n) {
        // Two copies of one loop, so that the JIT unrolls each for its own trip counts: a loop
        // compiled for 256-wide rows runs 32-wide rows in its scalar tail (3x slower, measured).
        if (n < NARROW) {
            rowTimesNarrow(x, xOffset, w, wRow, terms, y, offset, n);
        } else {
            rowTimesWide(x, xOffset, w, wRow, terms, y, offset, n);
        }
    }

    /** {@link #rowTimes} for rows of at least {@link #NARROW} outputs. */
    private static void rowTimesWide(float[] x, int xOffset, float[][] w, int wRow, int terms, float[] y, int offset,
                                     int n) {
        int end = offset + n;
        int p = 0;
        for (; p + 4 <= terms; p += 4) {
            float a0 = x[xOffset + p];
            float a1 = x[xOffset + p + 1];
            float a2 = x[xOffset + p + 2];
            float a3 = x[xOffset + p + 3];
            float[] w0 = w[wRow + p];
            float[] w1 = w[wRow + p + 1];
            float[] w2 = w[wRow + p + 2];
            float[] w3 = w[wRow + p + 3];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], y[j]))));
            }
        }
        for (; p < terms; p++) {
            float a = x[xOffset + p];
            float[] wp = w[wRow + p];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a, wp[j], y[j]);
            }
        }
    }


    /** {@link #rowTimes} for rows of fewer than {@link #NARROW} outputs: the same operations. */
    private static void rowTimesNarrow(float[] x, int xOffset, float[][] w, int wRow, int terms, float[] y, int offset,
                                       int n) {
        int end = offset + n;
        int p = 0;
        for (; p + 4 <= terms; p += 4) {
            float a0 = x[xOffset + p];
            float a1 = x[xOffset + p + 1];
            float a2 = x[xOffset + p + 2];
            float a3 = x[xOffset + p + 3];
            float[] w0 = w[wRow + p];
            float[] w1 = w[wRow + p + 1];
            float[] w2 = w[wRow + p + 2];
            float[] w3 = w[wRow + p + 3];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], y[j]))));
            }
        }
        for (; p < terms; p++) {
            float a = x[xOffset + p];
            float[] wp = w[wRow + p];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a, wp[j], y[j]);
            }
        }
    }

    /**
     * Adds {@code Σ_r x[r][column] · w[r + wShift][j]} for {@code r = r0..r1-1}, in that order,
     * to {@code y[j]} for every {@code j} in {@code [offset, offset + n)}: the same chain as
     * {@link #rowTimes}, with the coefficients read down a column (products with a transposed
     * left operand, such as weight gradients).
     */
    public static void columnTimes(float[][] x, int column, int r0, int r1, float[][] w, int wShift, float[] y,
                                   int offset, int n) {
        if (n < NARROW) {
            columnTimesNarrow(x, column, r0, r1, w, wShift, y, offset, n);
        } else {
            columnTimesWide(x, column, r0, r1, w, wShift, y, offset, n);
        }
    }

    /** {@link #columnTimes} for rows of at least {@link #NARROW} outputs. */
    private static void columnTimesWide(float[][] x, int column, int r0, int r1, float[][] w, int wShift, float[] y,
                                        int offset, int n) {
        int end = offset + n;
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            float a0 = x[r][column];
            float a1 = x[r + 1][column];
            float a2 = x[r + 2][column];
            float a3 = x[r + 3][column];
            float[] w0 = w[r + wShift];
            float[] w1 = w[r + wShift + 1];
            float[] w2 = w[r + wShift + 2];
            float[] w3 = w[r + wShift + 3];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], y[j]))));
            }
        }
        for (; r < r1; r++) {
            float a = x[r][column];
            float[] wr = w[r + wShift];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a, wr[j], y[j]);
            }
        }
    }


    /** {@link #columnTimes} for rows of fewer than {@link #NARROW} outputs: the same operations. */
    private static void columnTimesNarrow(float[][] x, int column, int r0, int r1, float[][] w, int wShift, float[] y,
                                          int offset, int n) {
        int end = offset + n;
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            float a0 = x[r][column];
            float a1 = x[r + 1][column];
            float a2 = x[r + 2][column];
            float a3 = x[r + 3][column];
            float[] w0 = w[r + wShift];
            float[] w1 = w[r + wShift + 1];
            float[] w2 = w[r + wShift + 2];
            float[] w3 = w[r + wShift + 3];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], y[j]))));
            }
        }
        for (; r < r1; r++) {
            float a = x[r][column];
            float[] wr = w[r + wShift];
            for (int j = offset; j < end; j++) {
                y[j] = Math.fma(a, wr[j], y[j]);
            }
        }
    }

    /**
     * {@code t[c - c0 + tRow][r - r0 + tColumn] = a[r][c]} for rows {@code [r0, r1)} and columns
     * {@code [c0, c1)} of {@code a}.
     */
    public static void transpose(float[][] a, int r0, int r1, int c0, int c1, float[][] t, int tRow, int tColumn) {
        // Blocks of 16 x 16 keep both sides in cache lines.
        for (int rb = r0; rb < r1; rb += 16) {
            int re = Math.min(r1, rb + 16);
            for (int cb = c0; cb < c1; cb += 16) {
                int ce = Math.min(c1, cb + 16);
                for (int c = cb; c < ce; c++) {
                    float[] target = t[c - c0 + tRow];
                    for (int r = rb; r < re; r++) {
                        target[r - r0 + tColumn] = a[r][c];
                    }
                }
            }
        }
    }
}

package io.bitscale.model.neural.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product loops with the Vector API (JDK 21+, {@code --add-modules jdk.incubator.vector}):
 * a tile of 6 output rows × 4 vectors of columns (24 accumulators, within the 32 vector registers
 * of AVX-512) stays in registers while the chain runs over all terms, so each term costs four
 * vector loads, six broadcasts and 24 fused multiply-adds; rows and columns that do not fill it
 * take tiles of 4 rows × 2 or 1 vectors (the gain over the 4 × 2 tile alone is measured in
 * docs/benchmarks.md). On x86 without AVX-512 (16 registers) every row goes through the
 * 4 × 2 tile.
 *
 * <p><b>Same bits as {@link ProductKernel#SCALAR}.</b> Lane {@code l} of an accumulator is one
 * output element; it starts from the element's value and takes {@code fma(a_p, b_p, acc)} for
 * {@code p} in increasing order, exactly the scalar chain ({@link FloatVector#fma} is the
 * lane-wise {@link Math#fma}); no lanes are ever combined, and which tile computes an element
 * never changes its chain. Columns left over by the tiles (fewer than one vector) and rows left
 * over (fewer than four) go through the scalar loops, which compute the same chains.
 */
final class VectorProducts implements ProductKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Whether the 24 accumulators of the 6 × 4 tile fit in registers: x86 has 32 vector registers
     * only with AVX-512 (16 with AVX2, where the tile would spill), ARM has 32 at every width.
     */
    private static final boolean BIG_TILES = SPECIES.vectorBitSize() >= 512
            || !System.getProperty("os.arch", "").matches("amd64|x86_64|x86|i386");

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    public void rows(float[][] a, int i0, int i1, int k, float[][] b, int n, float[][] c) {
        int tiled = n - n % LANES;
        int wide = BIG_TILES ? tiled - tiled % (4 * LANES) : 0;
        // Rows [i0, sixes) take the 6 × 4 tile over the columns [0, wide); every other column of
        // theirs, and all columns of the rows [sixes, fours) (fewer than six, or all rows when no
        // column block is wide enough for the big tile), take 4-row tiles of 2 and 1 vectors; the rows [fours, i1) (at most three
        // after the last 4-row group) the scalar loops. Which tile computes an element never
        // changes its chain. Rows outside and column blocks inside: a tile's rows stay in the
        // first-level cache (measured faster than the other order).
        int sixes = wide > 0 ? i0 + (i1 - i0) / 6 * 6 : i0;
        int fours = sixes + (i1 - sixes) / 4 * 4;
        for (int i = i0; i < sixes; i += 6) {
            for (int j = 0; j < wide; j += 4 * LANES) {
                rowsTile6(a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4], a[i + 5], b, k, j,
                        c[i], c[i + 1], c[i + 2], c[i + 3], c[i + 4], c[i + 5]);
            }
        }
        narrowColumns(a, i0, sixes, k, b, wide, tiled, c);
        narrowColumns(a, sixes, fours, k, b, 0, tiled, c);
        if (fours < i1) {
            SCALAR.rows(a, fours, i1, k, b, tiled, c);
        }
        if (tiled < n) {
            for (int r = i0; r < i1; r++) {
                Kernels.rowTimes(a[r], 0, b, 0, k, c[r], tiled, n - tiled);
            }
        }
    }

    // The tiles are small methods of their own: the JIT intrinsifies vector operations only where
    // it inlines them, and it stops inlining in large methods (then the API's slow fallback runs).

    /**
     * Columns {@code [j0, j1)} (whole vectors) of rows {@code [from, to)}: four rows at a time in
     * tiles of 2 and 1 vectors, the rows left over (fewer than four) row by row.
     */
    private static void narrowColumns(float[][] a, int from, int to, int k, float[][] b, int j0, int j1, float[][] c) {
        if (j0 >= j1) {
            return;
        }
        int i = from;
        for (; i + 4 <= to; i += 4) {
            int j = j0;
            for (; j + 2 * LANES <= j1; j += 2 * LANES) {
                rowsTile2(a[i], a[i + 1], a[i + 2], a[i + 3], b, k, j, c[i], c[i + 1], c[i + 2], c[i + 3]);
            }
            for (; j < j1; j += LANES) {
                rowsTile1(a[i], a[i + 1], a[i + 2], a[i + 3], b, k, j, c[i], c[i + 1], c[i + 2], c[i + 3]);
            }
        }
        for (; i < to; i++) {
            Kernels.rowTimes(a[i], 0, b, 0, k, c[i], j0, j1 - j0);
        }
    }

    /** 6 rows × 4 vectors: 24 accumulators, 4 loads and 6 broadcasts per term. */
    private static void rowsTile6(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5,
                                  float[][] b, int k, int j,
                                  float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5) {
        int j1 = j + LANES;
        int j2 = j1 + LANES;
        int j3 = j2 + LANES;
        FloatVector x00 = FloatVector.fromArray(SPECIES, c0, j);
        FloatVector x01 = FloatVector.fromArray(SPECIES, c0, j1);
        FloatVector x02 = FloatVector.fromArray(SPECIES, c0, j2);
        FloatVector x03 = FloatVector.fromArray(SPECIES, c0, j3);
        FloatVector x10 = FloatVector.fromArray(SPECIES, c1, j);
        FloatVector x11 = FloatVector.fromArray(SPECIES, c1, j1);
        FloatVector x12 = FloatVector.fromArray(SPECIES, c1, j2);
        FloatVector x13 = FloatVector.fromArray(SPECIES, c1, j3);
        FloatVector x20 = FloatVector.fromArray(SPECIES, c2, j);
        FloatVector x21 = FloatVector.fromArray(SPECIES, c2, j1);
        FloatVector x22 = FloatVector.fromArray(SPECIES, c2, j2);
        FloatVector x23 = FloatVector.fromArray(SPECIES, c2, j3);
        FloatVector x30 = FloatVector.fromArray(SPECIES, c3, j);
        FloatVector x31 = FloatVector.fromArray(SPECIES, c3, j1);
        FloatVector x32 = FloatVector.fromArray(SPECIES, c3, j2);
        FloatVector x33 = FloatVector.fromArray(SPECIES, c3, j3);
        FloatVector x40 = FloatVector.fromArray(SPECIES, c4, j);
        FloatVector x41 = FloatVector.fromArray(SPECIES, c4, j1);
        FloatVector x42 = FloatVector.fromArray(SPECIES, c4, j2);
        FloatVector x43 = FloatVector.fromArray(SPECIES, c4, j3);
        FloatVector x50 = FloatVector.fromArray(SPECIES, c5, j);
        FloatVector x51 = FloatVector.fromArray(SPECIES, c5, j1);
        FloatVector x52 = FloatVector.fromArray(SPECIES, c5, j2);
        FloatVector x53 = FloatVector.fromArray(SPECIES, c5, j3);
        for (int p = 0; p < k; p++) {
            float[] bp = b[p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, j);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, j1);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bp, j2);
            FloatVector b3 = FloatVector.fromArray(SPECIES, bp, j3);
            FloatVector v = FloatVector.broadcast(SPECIES, a0[p]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            x02 = v.fma(b2, x02);
            x03 = v.fma(b3, x03);
            v = FloatVector.broadcast(SPECIES, a1[p]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            x12 = v.fma(b2, x12);
            x13 = v.fma(b3, x13);
            v = FloatVector.broadcast(SPECIES, a2[p]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            x22 = v.fma(b2, x22);
            x23 = v.fma(b3, x23);
            v = FloatVector.broadcast(SPECIES, a3[p]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
            x32 = v.fma(b2, x32);
            x33 = v.fma(b3, x33);
            v = FloatVector.broadcast(SPECIES, a4[p]);
            x40 = v.fma(b0, x40);
            x41 = v.fma(b1, x41);
            x42 = v.fma(b2, x42);
            x43 = v.fma(b3, x43);
            v = FloatVector.broadcast(SPECIES, a5[p]);
            x50 = v.fma(b0, x50);
            x51 = v.fma(b1, x51);
            x52 = v.fma(b2, x52);
            x53 = v.fma(b3, x53);
        }
        x00.intoArray(c0, j);
        x01.intoArray(c0, j1);
        x02.intoArray(c0, j2);
        x03.intoArray(c0, j3);
        x10.intoArray(c1, j);
        x11.intoArray(c1, j1);
        x12.intoArray(c1, j2);
        x13.intoArray(c1, j3);
        x20.intoArray(c2, j);
        x21.intoArray(c2, j1);
        x22.intoArray(c2, j2);
        x23.intoArray(c2, j3);
        x30.intoArray(c3, j);
        x31.intoArray(c3, j1);
        x32.intoArray(c3, j2);
        x33.intoArray(c3, j3);
        x40.intoArray(c4, j);
        x41.intoArray(c4, j1);
        x42.intoArray(c4, j2);
        x43.intoArray(c4, j3);
        x50.intoArray(c5, j);
        x51.intoArray(c5, j1);
        x52.intoArray(c5, j2);
        x53.intoArray(c5, j3);
    }

    private static void rowsTile2(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b, int k, int j,
                                  float[] c0, float[] c1, float[] c2, float[] c3) {
        int j1 = j + LANES;
        FloatVector x00 = FloatVector.fromArray(SPECIES, c0, j);
        FloatVector x01 = FloatVector.fromArray(SPECIES, c0, j1);
        FloatVector x10 = FloatVector.fromArray(SPECIES, c1, j);
        FloatVector x11 = FloatVector.fromArray(SPECIES, c1, j1);
        FloatVector x20 = FloatVector.fromArray(SPECIES, c2, j);
        FloatVector x21 = FloatVector.fromArray(SPECIES, c2, j1);
        FloatVector x30 = FloatVector.fromArray(SPECIES, c3, j);
        FloatVector x31 = FloatVector.fromArray(SPECIES, c3, j1);
        for (int p = 0; p < k; p++) {
            float[] bp = b[p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, j);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, j1);
            FloatVector v = FloatVector.broadcast(SPECIES, a0[p]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            v = FloatVector.broadcast(SPECIES, a1[p]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            v = FloatVector.broadcast(SPECIES, a2[p]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            v = FloatVector.broadcast(SPECIES, a3[p]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
        }
        x00.intoArray(c0, j);
        x01.intoArray(c0, j1);
        x10.intoArray(c1, j);
        x11.intoArray(c1, j1);
        x20.intoArray(c2, j);
        x21.intoArray(c2, j1);
        x30.intoArray(c3, j);
        x31.intoArray(c3, j1);
    }

    private static void rowsTile1(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b, int k, int j,
                                  float[] c0, float[] c1, float[] c2, float[] c3) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, c0, j);
        FloatVector x1 = FloatVector.fromArray(SPECIES, c1, j);
        FloatVector x2 = FloatVector.fromArray(SPECIES, c2, j);
        FloatVector x3 = FloatVector.fromArray(SPECIES, c3, j);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(SPECIES, b[p], j);
            x0 = FloatVector.broadcast(SPECIES, a0[p]).fma(bv, x0);
            x1 = FloatVector.broadcast(SPECIES, a1[p]).fma(bv, x1);
            x2 = FloatVector.broadcast(SPECIES, a2[p]).fma(bv, x2);
            x3 = FloatVector.broadcast(SPECIES, a3[p]).fma(bv, x3);
        }
        x0.intoArray(c0, j);
        x1.intoArray(c1, j);
        x2.intoArray(c2, j);
        x3.intoArray(c3, j);
    }

    /** Rows of {@code b} per pass of {@link #transposedRows}: a block stays in the second-level cache. */
    private static final int ROW_BLOCK = 256;

    @Override
    public void transposedRows(float[][] a, int i0, int i1, int k, float[][] b, int n, float[][] c) {
        int tiled = n - n % LANES;
        int i = i0;
        // Blocks of rows of b in increasing order (the chains go on through them in c).
        for (int r0 = 0; r0 < k; r0 += ROW_BLOCK) {
            int r1 = Math.min(k, r0 + ROW_BLOCK);
            for (i = i0; i + 4 <= i1; i += 4) {
                int j = 0;
                for (; j + 2 * LANES <= tiled; j += 2 * LANES) {
                    transposedTile2(a, i, b, r0, r1, j, c[i], c[i + 1], c[i + 2], c[i + 3]);
                }
                for (; j < tiled; j += LANES) {
                    transposedTile1(a, i, b, r0, r1, j, c[i], c[i + 1], c[i + 2], c[i + 3]);
                }
            }
        }
        if (i < i1) {
            SCALAR.transposedRows(a, i, i1, k, b, tiled, c);
        }
        if (tiled < n) {
            for (int r = i0; r < i1; r++) {
                Kernels.columnTimes(a, r, 0, k, b, 0, c[r], tiled, n - tiled);
            }
        }
    }

    private static void transposedTile2(float[][] a, int i, float[][] b, int r0, int r1, int j, float[] c0,
                                        float[] c1, float[] c2, float[] c3) {
        int j1 = j + LANES;
        FloatVector x00 = FloatVector.fromArray(SPECIES, c0, j);
        FloatVector x01 = FloatVector.fromArray(SPECIES, c0, j1);
        FloatVector x10 = FloatVector.fromArray(SPECIES, c1, j);
        FloatVector x11 = FloatVector.fromArray(SPECIES, c1, j1);
        FloatVector x20 = FloatVector.fromArray(SPECIES, c2, j);
        FloatVector x21 = FloatVector.fromArray(SPECIES, c2, j1);
        FloatVector x30 = FloatVector.fromArray(SPECIES, c3, j);
        FloatVector x31 = FloatVector.fromArray(SPECIES, c3, j1);
        for (int r = r0; r < r1; r++) {
            float[] ar = a[r];
            float[] br = b[r];
            FloatVector b0 = FloatVector.fromArray(SPECIES, br, j);
            FloatVector b1 = FloatVector.fromArray(SPECIES, br, j1);
            FloatVector v = FloatVector.broadcast(SPECIES, ar[i]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            v = FloatVector.broadcast(SPECIES, ar[i + 1]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            v = FloatVector.broadcast(SPECIES, ar[i + 2]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            v = FloatVector.broadcast(SPECIES, ar[i + 3]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
        }
        x00.intoArray(c0, j);
        x01.intoArray(c0, j1);
        x10.intoArray(c1, j);
        x11.intoArray(c1, j1);
        x20.intoArray(c2, j);
        x21.intoArray(c2, j1);
        x30.intoArray(c3, j);
        x31.intoArray(c3, j1);
    }

    private static void transposedTile1(float[][] a, int i, float[][] b, int r0, int r1, int j, float[] c0,
                                        float[] c1, float[] c2, float[] c3) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, c0, j);
        FloatVector x1 = FloatVector.fromArray(SPECIES, c1, j);
        FloatVector x2 = FloatVector.fromArray(SPECIES, c2, j);
        FloatVector x3 = FloatVector.fromArray(SPECIES, c3, j);
        for (int r = r0; r < r1; r++) {
            float[] ar = a[r];
            FloatVector bv = FloatVector.fromArray(SPECIES, b[r], j);
            x0 = FloatVector.broadcast(SPECIES, ar[i]).fma(bv, x0);
            x1 = FloatVector.broadcast(SPECIES, ar[i + 1]).fma(bv, x1);
            x2 = FloatVector.broadcast(SPECIES, ar[i + 2]).fma(bv, x2);
            x3 = FloatVector.broadcast(SPECIES, ar[i + 3]).fma(bv, x3);
        }
        x0.intoArray(c0, j);
        x1.intoArray(c1, j);
        x2.intoArray(c2, j);
        x3.intoArray(c3, j);
    }
}

package io.bitscale.model.neural.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product loops with the Vector API (JDK 21+, {@code --add-modules jdk.incubator.vector}):
 * a tile of 4 output rows × 2 vectors of columns stays in registers while the chain runs over all
 * terms, so each term costs two vector loads, four broadcasts and eight fused multiply-adds.
 *
 * <p><b>Same bits as {@link ProductKernel#SCALAR}.</b> Lane {@code l} of an accumulator is one
 * output element; it starts from the element's value and takes {@code fma(a_p, b_p, acc)} for
 * {@code p} in increasing order, exactly the scalar chain ({@link FloatVector#fma} is the
 * lane-wise {@link Math#fma}); no lanes are ever combined. Columns left over by the tiles (fewer
 * than one vector) and rows left over (fewer than four) go through the scalar loops, which
 * compute the same chains.
 */
final class VectorProducts implements ProductKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    public void rows(float[][] a, int i0, int i1, int k, float[][] b, int n, float[][] c) {
        int tiled = n - n % LANES;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = 0;
            for (; j + 2 * LANES <= tiled; j += 2 * LANES) {
                rowsTile2(a[i], a[i + 1], a[i + 2], a[i + 3], b, k, j, c[i], c[i + 1], c[i + 2], c[i + 3]);
            }
            for (; j < tiled; j += LANES) {
                rowsTile1(a[i], a[i + 1], a[i + 2], a[i + 3], b, k, j, c[i], c[i + 1], c[i + 2], c[i + 3]);
            }
        }
        if (i < i1) {
            SCALAR.rows(a, i, i1, k, b, tiled, c);
        }
        if (tiled < n) {
            for (int r = i0; r < i1; r++) {
                Kernels.rowTimes(a[r], 0, b, 0, k, c[r], tiled, n - tiled);
            }
        }
    }

    // The tiles are small methods of their own: the JIT intrinsifies vector operations only where
    // it inlines them, and it stops inlining in large methods (then the API's slow fallback runs).

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

package io.bitscale.model.neural.tensor;

/**
 * The inner loops of {@link MatMul} over a range of output rows: the scalar ones
 * ({@link #SCALAR}, built on {@link Kernels}), or the Vector API ones ({@code VectorProducts},
 * compiled for JDK 21+ into {@code META-INF/versions/21} and loaded by {@link #best()} only when
 * the JVM has {@code jdk.incubator.vector}). Both compute every output element as the same
 * sequential fma chain over the terms, so they give the same bits; the vector kernel keeps a
 * tile of 4 rows × 32 columns in registers for the whole chain instead of reloading it.
 */
interface ProductKernel {

    /** {@code c[i][0..n) += Σ_p a[i][p] · b[p][0..n)} for rows {@code [i0, i1)}, p in increasing order. */
    void rows(float[][] a, int i0, int i1, int k, float[][] b, int n, float[][] c);

    /** {@code c[i][0..n) += Σ_r a[r][i] · b[r][0..n)} for rows {@code [i0, i1)}, r in increasing order. */
    void transposedRows(float[][] a, int i0, int i1, int k, float[][] b, int n, float[][] c);

    /** A short name for reports: {@code scalar} or {@code vector-512}, etc. */
    String name();

    /** The loops of {@link Kernels}, blocked for the first-level cache. */
    ProductKernel SCALAR = new ProductKernel() {
        @Override
        public void rows(float[][] a, int i0, int i1, int k, float[][] b, int n, float[][] c) {
            for (int j0 = 0; j0 < n; j0 += MatMul.COLUMN_BLOCK) {
                int width = Math.min(MatMul.COLUMN_BLOCK, n - j0);
                for (int p0 = 0; p0 < k; p0 += MatMul.TERM_BLOCK) {
                    int terms = Math.min(MatMul.TERM_BLOCK, k - p0);
                    for (int i = i0; i < i1; i++) {
                        Kernels.rowTimes(a[i], p0, b, p0, terms, c[i], j0, width);
                    }
                }
            }
        }

        @Override
        public void transposedRows(float[][] a, int i0, int i1, int k, float[][] b, int n, float[][] c) {
            for (int j0 = 0; j0 < n; j0 += MatMul.COLUMN_BLOCK) {
                int width = Math.min(MatMul.COLUMN_BLOCK, n - j0);
                // Blocks of rows of b (in increasing order: the chains go on through them) are
                // reused by every output row of the unit while they are in cache.
                for (int r0 = 0; r0 < k; r0 += MatMul.TERM_BLOCK) {
                    int r1 = Math.min(k, r0 + MatMul.TERM_BLOCK);
                    for (int i = i0; i < i1; i++) {
                        Kernels.columnTimes(a, i, r0, r1, b, 0, c[i], j0, width);
                    }
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    /**
     * The vector kernel when this JVM can run it (JDK 21+, started with
     * {@code --add-modules jdk.incubator.vector}, the versioned class present, and
     * {@code -Dbitscale.vector=false} not given), else {@link #SCALAR}.
     */
    static ProductKernel best() {
        return VectorClasses.best("VectorProducts", ProductKernel.class, SCALAR);
    }

    /** The vector kernel, or {@code null} when this JVM cannot run it. */
    static ProductKernel vector() {
        return VectorClasses.load("VectorProducts", ProductKernel.class);
    }
}

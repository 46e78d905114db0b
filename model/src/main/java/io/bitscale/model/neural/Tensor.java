package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import java.util.Arrays;

/**
 * A named matrix of learned weights ({@code rows × columns} {@code float}s) with the optimizer
 * state that belongs to it. Vectors are {@code 1 × n}. Tensors are what a snapshot stores: name,
 * shape and values; the optimizer state is never saved.
 *
 * <p>Each row is its own array: the hot loops then index every array they touch with the same
 * subscript, which is the shape HotSpot's auto-vectorizer (JDK 17) needs; a shared array with
 * row offsets defeats it and costs 4-5× in the forward pass.
 */
public final class Tensor {

    private final String name;
    private final int rows;
    private final int columns;
    /** The weights, {@code values[row][column]}. */
    final float[][] values;
    /** First optimizer moment (momentum, Adam m), same shape, or {@code null} if the optimizer keeps none. */
    float[][] first;
    /** Second optimizer moment (AdaGrad / RMSProp / Adam v), same shape, or {@code null}. */
    float[][] second;

    /**
     * @param name    stable identifier, ASCII letters, digits, '.', '_' (stored in snapshots)
     * @param rows    at least 1
     * @param columns at least 1
     */
    Tensor(String name, int rows, int columns) {
        if (rows < 1 || columns < 1 || (long) rows * columns > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + name + " shape " + rows + "x" + columns);
        }
        this.name = name;
        this.rows = rows;
        this.columns = columns;
        this.values = new float[rows][columns];
    }

    /** The stable name, e.g. {@code output.weight}. */
    public String name() {
        return name;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns (entries per row). */
    public int columns() {
        return columns;
    }

    /** {@code rows × columns}. */
    public int size() {
        return rows * columns;
    }

    /** A copy of the weights, row-major. */
    public float[] copyValues() {
        float[] copy = new float[size()];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values[r], 0, copy, r * columns, columns);
        }
        return copy;
    }

    /** Replaces the weights (row-major, same size), e.g. from a snapshot; optimizer state is cleared. */
    public void load(float[] source) {
        if (source.length != size()) {
            throw new IllegalArgumentException("tensor " + name + " has " + size() + " values, got "
                    + source.length);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(source, r * columns, values[r], 0, columns);
            if (first != null) {
                Arrays.fill(first[r], 0);
            }
            if (second != null) {
                Arrays.fill(second[r], 0);
            }
        }
    }

    /** Heap bytes of a tensor of this shape with {@code stateCopies} optimizer arrays per weight. */
    static long memoryBytes(long rows, long columns, int stateCopies) {
        return (1 + stateCopies) * (16 + rows * (16 + 4 * columns));
    }

    /**
     * Fills the weights uniformly in {@code [-scale, scale)} from the model's own seeded
     * generator, so every JVM starts from the same weights.
     */
    void initUniform(SplitMix64 random, double scale) {
        for (float[] row : values) {
            for (int i = 0; i < columns; i++) {
                row[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
            }
        }
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + columns + "]";
    }
}

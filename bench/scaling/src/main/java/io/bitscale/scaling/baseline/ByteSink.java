package io.bitscale.scaling.baseline;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An in-memory output stream that is reused between runs: {@link #reset()} keeps the buffer, so
 * a benchmark measures the compressor, not the growth of a fresh {@code ByteArrayOutputStream}
 * (which also synchronizes every write).
 *
 * <p>Not thread-safe. {@link #array()} exposes the buffer itself; bytes {@code [0, size())} are
 * valid until the next write or reset.
 */
public final class ByteSink extends OutputStream {

    private byte[] buffer;
    private int size;

    /** A sink whose buffer starts at {@code initialCapacity} bytes and grows by doubling. */
    public ByteSink(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensureCapacity(size + 1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureCapacity(size + length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Makes room for {@code capacity} bytes in all, keeping the contents. */
    public void ensureCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalStateException("sink would exceed 2 GiB");
        }
        if (capacity > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, 2L * buffer.length)));
        }
    }

    /** Sets the number of valid bytes after a caller wrote into {@link #array()} directly. */
    public void setSize(int size) {
        if (size < 0 || size > buffer.length) {
            throw new IllegalArgumentException("size " + size + " outside [0, " + buffer.length + "]");
        }
        this.size = size;
    }

    /** Valid bytes. */
    public int size() {
        return size;
    }

    /** Forgets the contents, keeps the buffer. */
    public void reset() {
        size = 0;
    }

    /** The buffer itself (valid bytes {@code [0, size())}). */
    public byte[] array() {
        return buffer;
    }

    /** A copy of the valid bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }
}

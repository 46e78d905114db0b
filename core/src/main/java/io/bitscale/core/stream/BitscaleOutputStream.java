package io.bitscale.core.stream;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.CodingObserver;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.PredictorFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Compresses into the bitscale container format with any model, in constant memory for inputs of
 * any length.
 *
 * <pre>{@code
 * try (OutputStream out = new BitscaleOutputStream(Files.newOutputStream(target), factory)) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p>Data is buffered one frame at a time ({@link StreamOptions#frameBytes()}); each full frame
 * is coded and written with its CRC32C. {@link #finish()} writes the last frame and the end
 * record without closing the underlying stream; {@link #close()} finishes, then closes it.
 * {@link #flush()} flushes what is already coded, it does not end a frame. After the first
 * exception every call rethrows it: a half-written stream is never silently continued.
 *
 * <p>Memory: the model's {@link PredictorFactory#memoryBytes()} plus one frame plus its coded
 * payload. Not thread-safe.
 */
public final class BitscaleOutputStream extends OutputStream {

    private final OutputStream out;
    private final PredictiveCoder loop;
    private final ArithmeticEncoder encoder;
    private final byte[] frame;
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[32];

    private int frameLength;
    private long uncompressedBytes;
    private long compressedBytes;
    private long payloadBytes;
    private long frameCount;
    private IOException failure;
    private boolean finished;
    private boolean closed;

    /** A stream with {@link StreamOptions#DEFAULT} options. */
    public BitscaleOutputStream(OutputStream out, PredictorFactory factory) throws IOException {
        this(out, factory, StreamOptions.DEFAULT);
    }

    /**
     * Writes the stream header at once, then accepts data.
     *
     * @throws IllegalArgumentException if the factory's spec is empty or longer than 4096 bytes
     * @throws IOException              if writing the header fails
     */
    public BitscaleOutputStream(OutputStream out, PredictorFactory factory, StreamOptions options)
            throws IOException {
        this(out, factory, options, null);
    }

    /**
     * Writes the stream header at once, then accepts data; every decision coded is reported to
     * {@code observer} (for example a {@link io.bitscale.core.accounting.CodeLengthMeter}).
     *
     * @param observer receives every coded decision, or {@code null}
     * @throws IllegalArgumentException if the factory's spec is empty or longer than 4096 bytes
     * @throws IOException              if writing the header fails
     */
    public BitscaleOutputStream(OutputStream out, PredictorFactory factory, StreamOptions options,
                                CodingObserver observer) throws IOException {
        if (out == null || factory == null || options == null) {
            throw new NullPointerException("out, factory and options are required");
        }
        byte[] spec = ContainerFormat.specBytes(factory.spec());
        byte[] snapshot = factory.snapshotSha256();
        if (snapshot != null && snapshot.length != ContainerFormat.SHA256_BYTES) {
            throw new IllegalArgumentException("snapshot digest must be 32 bytes, got " + snapshot.length);
        }
        this.out = out;
        PredictiveCoder plain = PredictiveCoder.of(factory.create());
        this.loop = observer == null ? plain : plain.observedBy(observer);
        this.frame = new byte[options.frameBytes()];
        this.encoder = new ArithmeticEncoder(options.frameBytes() / 2);
        writeHeader(spec, snapshot, options.frameBytes());
    }

    private void writeHeader(byte[] spec, byte[] snapshot, int frameBytes) throws IOException {
        byte[] header = new byte[4 + 3 + 5 + spec.length + ContainerFormat.SHA256_BYTES + 4];
        System.arraycopy(ContainerFormat.MAGIC, 0, header, 0, 4);
        int position = 4;
        header[position++] = (byte) ContainerFormat.VERSION;
        header[position++] = (byte) (snapshot != null ? ContainerFormat.FLAG_SNAPSHOT : 0);
        header[position++] = (byte) Integer.numberOfTrailingZeros(frameBytes);
        position = ContainerFormat.putVarint(header, position, spec.length);
        System.arraycopy(spec, 0, header, position, spec.length);
        position += spec.length;
        if (snapshot != null) {
            System.arraycopy(snapshot, 0, header, position, snapshot.length);
            position += snapshot.length;
        }
        crc.reset();
        crc.update(header, 0, position);
        ContainerFormat.putIntLE(header, position, (int) crc.getValue());
        position += 4;
        emit(header, 0, position);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        frame[frameLength++] = (byte) b;
        if (frameLength == frame.length) {
            writeFrame();
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") of " + buffer.length);
        }
        ensureOpen();
        while (length > 0) {
            int chunk = Math.min(length, frame.length - frameLength);
            System.arraycopy(buffer, offset, frame, frameLength, chunk);
            frameLength += chunk;
            offset += chunk;
            length -= chunk;
            if (frameLength == frame.length) {
                writeFrame();
            }
        }
    }

    private void writeFrame() throws IOException {
        try {
            crc.reset();
            crc.update(frame, 0, frameLength);
            int checksum = (int) crc.getValue();
            encoder.reset();
            loop.codeBlock(encoder, frame, 0, frameLength);
            int payload = encoder.finishBlock();
            int position = 0;
            scratch[position++] = (byte) ContainerFormat.TAG_FRAME;
            position = ContainerFormat.putVarint(scratch, position, frameLength);
            position = ContainerFormat.putVarint(scratch, position, payload);
            emit(scratch, 0, position);
            encoder.writeTo(out);
            compressedBytes += payload;
            payloadBytes += payload;
            ContainerFormat.putIntLE(scratch, 0, checksum);
            emit(scratch, 0, 4);
            uncompressedBytes += frameLength;
            frameCount++;
            frameLength = 0;
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
    }

    private void emit(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
            compressedBytes += length;
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private IOException fail(Exception e) {
        if (failure == null) {
            failure = e instanceof IOException io ? io : new IOException("compression failed: " + e, e);
        }
        return failure;
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            throw new IOException("stream already finished" + (closed ? " and closed" : ""));
        }
    }

    /** Flushes what has been coded so far to the underlying stream; does not end a frame. */
    @Override
    public void flush() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (!closed) {
            out.flush();
        }
    }

    /**
     * Codes the last frame and writes the end record; the underlying stream stays open.
     * Calling it again does nothing.
     */
    public void finish() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            return;
        }
        if (frameLength > 0) {
            writeFrame();
        }
        int position = 0;
        scratch[position++] = (byte) ContainerFormat.TAG_END;
        position = ContainerFormat.putVarint(scratch, position, uncompressedBytes);
        position = ContainerFormat.putVarint(scratch, position, frameCount);
        crc.reset();
        crc.update(scratch, 0, position);
        ContainerFormat.putIntLE(scratch, position, (int) crc.getValue());
        emit(scratch, 0, position + 4);
        finished = true;
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Finishes the stream if needed, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        IOException pending = null;
        try {
            finish();
        } catch (IOException e) {
            pending = e;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            if (pending == null) {
                pending = e;
            }
        }
        if (pending != null) {
            throw pending;
        }
    }

    /** Uncompressed bytes coded into finished frames so far. */
    public long uncompressedBytes() {
        return uncompressedBytes;
    }

    /** Bytes written to the underlying stream so far, every header byte included. */
    public long compressedBytes() {
        return compressedBytes;
    }

    /** Of {@link #compressedBytes()}, the bytes produced by the arithmetic coder itself. */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** Frames written so far. */
    public long frameCount() {
        return frameCount;
    }
}

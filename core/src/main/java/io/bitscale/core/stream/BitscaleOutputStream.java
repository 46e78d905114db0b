package io.bitscale.core.stream;

import io.bitscale.core.coding.CodingObserver;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.transform.WordTransform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.zip.CRC32C;

/**
 * Compresses into the bitscale container format with any model, in bounded memory for inputs of
 * any length.
 *
 * <pre>{@code
 * try (OutputStream out = new BitscaleOutputStream(Files.newOutputStream(target), factory)) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p>Data is cut into frames ({@link StreamOptions#frameBytes()}), each coded and written with
 * the CRC32C of its bytes, or stored raw when coding would expand it: a stream is never larger
 * than its input by more than the header, about 8 bytes per frame and the end record. Every
 * {@link StreamOptions#blockBytes()} bytes the model starts afresh, so blocks are independent;
 * with {@link StreamOptions#threads()} above one, that many blocks are coded at once and written
 * in order. The bytes written depend only on the data, the model and the frame and block sizes —
 * never on the thread count.
 *
 * <p>With {@link StreamOptions#transform()} {@link StreamTransform#WORDS}, each frame is first
 * passed through a {@link WordTransform} whose dictionary starts afresh with every block, and the
 * header names the transform so a reader inverts it.
 *
 * <p>{@link #finish()} writes the last frame and the end record without closing the underlying
 * stream; {@link #close()} finishes, then closes it. {@link #flush()} flushes what is already
 * coded; it does not end a frame. After the first exception every call rethrows it: a
 * half-written stream is never silently continued.
 *
 * <p>Memory: with one thread, the model plus one frame and its payload; with N threads, N models
 * and up to N + 1 blocks in flight with their coded records. Not thread-safe.
 */
public final class BitscaleOutputStream extends OutputStream {

    /** The container format version this writer produces (see {@code docs/format.md}). */
    public static final int FORMAT_VERSION = ContainerFormat.VERSION;

    private final OutputStream out;
    private final PredictorFactory factory;
    /** One model per thread, restarted between blocks when the model can restart. */
    private final ModelPool models;
    private final CodingObserver observer;
    private final int frameBytes;
    private final long blockBytes;
    private final int threads;
    private final StreamTransform transform;
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[32];

    // One thread: frames are coded as they fill.
    private final FrameWriter frameWriter;
    private final ByteArrayOutputStream record;
    /** The block's word dictionary, or {@code null} without a transform. */
    private final WordTransform words;
    private PredictiveCoder loop;
    private long positionInBlock;

    // Several threads: whole blocks are coded by workers and written in order.
    private final ExecutorService pool;
    private final Deque<Future<BlockResult>> pending = new ArrayDeque<>();
    private final ThreadLocal<FrameWriter> workerWriters;
    /** Each worker's word dictionary with the transform on several threads, else {@code null}. */
    private final ThreadLocal<WordTransform> workerWords;

    private byte[] buffer;
    private int bufferLength;

    private long uncompressedBytes;
    private long compressedBytes;
    private long payloadBytes;
    private long frameCount;
    private long storedFrames;
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
     * {@code observer} (for example a {@link io.bitscale.core.accounting.CodeLengthMeter}), in
     * stream order.
     *
     * @param observer receives every coded decision, or {@code null}; needs one thread
     * @throws IllegalArgumentException if the factory's spec is empty or longer than 4096 bytes,
     *                                  or an observer is given with more than one thread
     * @throws IOException              if writing the header fails
     */
    public BitscaleOutputStream(OutputStream out, PredictorFactory factory, StreamOptions options,
                                CodingObserver observer) throws IOException {
        if (out == null || factory == null || options == null) {
            throw new NullPointerException("out, factory and options are required");
        }
        if (observer != null && options.threads() > 1) {
            throw new IllegalArgumentException("an observer sees decisions in stream order, so it needs threads = 1, not "
                    + options.threads());
        }
        byte[] spec = ContainerFormat.specBytes(factory.spec());
        byte[] snapshot = factory.snapshotSha256();
        if (snapshot != null && snapshot.length != ContainerFormat.SHA256_BYTES) {
            throw new IllegalArgumentException("snapshot digest must be 32 bytes, got " + snapshot.length);
        }
        this.out = out;
        this.factory = factory;
        this.models = new ModelPool(factory);
        this.observer = observer;
        this.frameBytes = options.frameBytesInBlock();
        this.blockBytes = options.blockBytes();
        // One block cannot be split between threads; a single block uses one.
        this.threads = blockBytes == 0 ? 1 : options.threads();
        this.transform = options.transform();
        if (threads > 1 && blockBytes > (1 << 30)) {
            throw new IllegalArgumentException("coding blocks of " + blockBytes + " bytes on " + threads
                    + " threads would hold them in memory; use blocks of at most 1 GiB");
        }
        if (threads == 1) {
            this.frameWriter = new FrameWriter(frameBytes);
            this.record = new ByteArrayOutputStream(frameBytes / 2 + 64);
            this.buffer = new byte[frameBytes];
            this.words = transform == StreamTransform.WORDS ? new WordTransform() : null;
            this.pool = null;
            this.workerWriters = null;
            this.workerWords = null;
        } else {
            this.frameWriter = null;
            this.record = null;
            this.words = null;
            this.buffer = new byte[(int) Math.min(blockBytes, 1 << 20)];
            this.pool = Executors.newFixedThreadPool(threads, daemonThreads());
            this.workerWriters = ThreadLocal.withInitial(() -> new FrameWriter(frameBytes));
            this.workerWords = transform == StreamTransform.WORDS ? ThreadLocal.withInitial(WordTransform::new) : null;
        }
        writeHeader(spec, snapshot);
    }

    private static ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "bitscale-block-encoder");
            thread.setDaemon(true);
            return thread;
        };
    }

    private void writeHeader(byte[] spec, byte[] snapshot) throws IOException {
        byte[] header = new byte[4 + 4 + 5 + spec.length + ContainerFormat.SHA256_BYTES + 1 + 4];
        System.arraycopy(ContainerFormat.MAGIC, 0, header, 0, 4);
        int position = 4;
        header[position++] = (byte) ContainerFormat.VERSION;
        header[position++] = (byte) ((snapshot != null ? ContainerFormat.FLAG_SNAPSHOT : 0)
                | (transform != StreamTransform.NONE ? ContainerFormat.FLAG_TRANSFORM : 0));
        header[position++] = (byte) Integer.numberOfTrailingZeros(frameBytes);
        header[position++] = (byte) (blockBytes == 0 ? ContainerFormat.ONE_BLOCK : Long.numberOfTrailingZeros(blockBytes));
        position = ContainerFormat.putVarint(header, position, spec.length);
        System.arraycopy(spec, 0, header, position, spec.length);
        position += spec.length;
        if (snapshot != null) {
            System.arraycopy(snapshot, 0, header, position, snapshot.length);
            position += snapshot.length;
        }
        if (transform != StreamTransform.NONE) {
            header[position++] = (byte) transform.id();
        }
        crc.reset();
        crc.update(header, 0, position);
        ContainerFormat.putIntLE(header, position, (int) crc.getValue());
        position += 4;
        emit(header, 0, position);
    }

    @Override
    public void write(int b) throws IOException {
        scratch[0] = (byte) b;
        write(scratch, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") of " + data.length);
        }
        ensureOpen();
        while (length > 0) {
            int room = threads == 1 ? frameRoom() : blockRoom();
            int chunk = Math.min(length, room);
            System.arraycopy(data, offset, buffer, bufferLength, chunk);
            bufferLength += chunk;
            offset += chunk;
            length -= chunk;
            if (threads == 1 ? chunk == room : bufferLength == blockBytes) {
                if (threads == 1) {
                    writeFrame();
                } else {
                    submitBlock();
                }
            }
        }
    }

    /** Bytes until the current frame is full (frames end at block boundaries). */
    private int frameRoom() {
        long room = frameBytes - bufferLength;
        if (blockBytes != 0) {
            room = Math.min(room, blockBytes - positionInBlock - bufferLength);
        }
        return (int) room;
    }

    /** Room in the block buffer, which grows towards a whole block as data arrives. */
    private int blockRoom() {
        if (bufferLength == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(blockBytes, 2L * buffer.length));
        }
        return buffer.length - bufferLength;
    }

    // ---------------------------------------------------------------- one thread

    private void writeFrame() throws IOException {
        try {
            if (loop == null) {
                PredictiveCoder plain = PredictiveCoder.of(models.take());
                loop = observer == null ? plain : plain.observedBy(observer);
            }
            record.reset();
            frameWriter.write(loop, words, buffer, 0, bufferLength, record);
            emit(record);
            count(bufferLength, frameWriter.lastBodyBytes(), frameWriter.lastStored());
            positionInBlock += bufferLength;
            bufferLength = 0;
            if (blockBytes != 0 && positionInBlock == blockBytes) {
                positionInBlock = 0;
                models.give(loop.predictor());
                loop = null;    // the next block starts with a model in its initial state
                if (words != null) {
                    words.reset();    // and with an empty dictionary
                }
            }
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- several threads

    /** What a worker made of one block: its frame records and their counts. */
    private record BlockResult(ByteArrayOutputStream records, long bytes, long bodyBytes, long frames, long stored) {
    }

    private void submitBlock() throws IOException {
        byte[] block = java.util.Arrays.copyOf(buffer, bufferLength);
        bufferLength = 0;
        pending.add(pool.submit(() -> codeBlock(block)));
        // At most `threads` blocks in flight: wait for the oldest before taking more input.
        while (pending.size() >= threads) {
            drainOne();
        }
    }

    private BlockResult codeBlock(byte[] block) {
        FrameWriter writer = workerWriters.get();
        WordTransform blockWords = null;
        if (transform == StreamTransform.WORDS) {
            blockWords = workerWords.get();
            blockWords.reset();
        }
        PredictiveCoder blockLoop = PredictiveCoder.of(models.take());
        ByteArrayOutputStream records = new ByteArrayOutputStream(block.length / 2 + 64);
        long body = 0;
        long frames = 0;
        long stored = 0;
        for (int at = 0; at < block.length; at += frameBytes) {
            int length = Math.min(frameBytes, block.length - at);
            writer.write(blockLoop, blockWords, block, at, length, records);
            body += writer.lastBodyBytes();
            frames++;
            stored += writer.lastStored() ? 1 : 0;
        }
        models.give(blockLoop.predictor());
        return new BlockResult(records, block.length, body, frames, stored);
    }

    private void drainOne() throws IOException {
        Future<BlockResult> oldest = pending.removeFirst();
        BlockResult result;
        try {
            result = oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new IOException("interrupted while compressing", e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw fail(cause instanceof Exception ex ? ex : new IOException("compression failed: " + cause, cause));
        }
        emit(result.records());
        uncompressedBytes += result.bytes();
        payloadBytes += result.bodyBytes();
        frameCount += result.frames();
        storedFrames += result.stored();
    }

    // ---------------------------------------------------------------- common

    private void count(long bytes, long body, boolean stored) {
        uncompressedBytes += bytes;
        payloadBytes += body;
        frameCount++;
        if (stored) {
            storedFrames++;
        }
    }

    private void emit(ByteArrayOutputStream bytes) throws IOException {
        try {
            bytes.writeTo(out);
            compressedBytes += bytes.size();
        } catch (IOException e) {
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
            if (e instanceof UncheckedIOException unchecked) {
                failure = unchecked.getCause();
            } else {
                failure = e instanceof IOException io ? io : new IOException("compression failed: " + e, e);
            }
            shutdownPool();
        }
        return failure;
    }

    private void shutdownPool() {
        if (pool != null) {
            pending.forEach(f -> f.cancel(true));
            pending.clear();
            pool.shutdownNow();
        }
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
        if (threads == 1) {
            if (bufferLength > 0) {
                writeFrame();
            }
        } else {
            if (bufferLength > 0) {
                byte[] block = java.util.Arrays.copyOf(buffer, bufferLength);
                bufferLength = 0;
                pending.add(pool.submit(() -> codeBlock(block)));
            }
            while (!pending.isEmpty()) {
                drainOne();
            }
            pool.shutdown();
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
        shutdownPool();
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

    /**
     * Of {@link #compressedBytes()}, the bytes produced by the arithmetic coder itself, plus the
     * raw bytes of stored frames.
     */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** Frames written so far. */
    public long frameCount() {
        return frameCount;
    }

    /** Of {@link #frameCount()}, the frames stored raw because coding would have expanded them. */
    public long storedFrames() {
        return storedFrames;
    }
}

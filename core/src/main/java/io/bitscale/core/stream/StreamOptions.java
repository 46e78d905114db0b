package io.bitscale.core.stream;

import java.util.Locale;

/**
 * Options of bitscale streams, for writers and readers alike; immutable and validated on
 * construction (a bad value is an {@link IllegalArgumentException} naming it).
 *
 * <pre>{@code
 * StreamOptions options = StreamOptions.DEFAULT.withThreads(2);              // parallel blocks
 * StreamOptions reader = StreamOptions.DEFAULT.withMemoryLimitBytes(1L << 30).withAllowSlowModels(true);
 * }</pre>
 *
 * <p><b>Format (writer; stored in the header).</b> {@code frameBytes}: uncompressed bytes per
 * frame, a power of two from 1 KiB to 64 MiB; each frame carries its own CRC32C, is checked before
 * any of its bytes reach the reader, and is stored raw when coding would expand it.
 * {@code blockBytes}: the model starts afresh every {@code blockBytes} bytes (a power of two, a
 * multiple of the frame size), so blocks can be coded and decoded in parallel; 0 means one block
 * (the model runs through the whole stream). Block boundaries depend only on this size, so the
 * output is the same for every thread count.
 *
 * <p><b>Work (writer and reader; not stored).</b> {@code threads}: blocks coded at once (memory is
 * that many models and blocks). {@code memoryLimitBytes}: the most heap a reader may use for
 * models and buffers, checked before allocating; {@link #AUTO_MEMORY_LIMIT} derives it from the
 * heap ({@link Runtime#maxMemory()}). {@code allowSlowModels}: read streams whose model states more
 * than {@code maxOperationsPerByte} operations per byte (untrusted input could otherwise keep a
 * reader busy for hours). {@code concatenated}: read every member of concatenated streams (as
 * gzip and xz do); otherwise stop after the first member's end record.
 *
 * <p><b>Transform (writer; stored in the header).</b> {@code transform}: a reversible transform
 * of each frame before the model codes it; {@link StreamTransform#WORDS} replaces repeated words
 * by dictionary codes, which leaves a text model fewer bytes to code.
 * {@link StreamTransform#NONE} (the default) writes streams exactly as before.
 *
 * @param frameBytes           uncompressed bytes per frame
 * @param blockBytes           bytes per independent block, or 0 for a single block
 * @param threads              blocks coded or decoded at once, at least 1
 * @param memoryLimitBytes     reader memory limit, or {@link #AUTO_MEMORY_LIMIT}
 * @param allowSlowModels      whether a reader accepts models above {@code maxOperationsPerByte}
 * @param maxOperationsPerByte the reader's work budget per byte
 * @param concatenated         whether a reader continues into a following stream
 * @param transform            the transform a writer applies before modelling (stored in the
 *                             header; a reader takes it from there)
 */
public record StreamOptions(int frameBytes, long blockBytes, int threads, long memoryLimitBytes,
                            boolean allowSlowModels, long maxOperationsPerByte, boolean concatenated,
                            StreamTransform transform) {

    /** Smallest frame: 1 KiB. */
    public static final int MIN_FRAME_BYTES = 1 << 10;
    /** Largest frame: 64 MiB. */
    public static final int MAX_FRAME_BYTES = 1 << 26;
    /** Largest block: 2^40 bytes. */
    public static final long MAX_BLOCK_BYTES = 1L << 40;
    /** Default block: 16 MiB. */
    public static final long DEFAULT_BLOCK_BYTES = 1L << 24;
    /** Most threads. */
    public static final int MAX_THREADS = 256;
    /** Memory limit derived from the heap when a reader is built. */
    public static final long AUTO_MEMORY_LIMIT = -1;
    /** No memory limit at all. */
    public static final long NO_MEMORY_LIMIT = Long.MAX_VALUE;
    /**
     * Default work budget: 2^20 operations per byte, about a millisecond per byte on one core.
     * Every context-mixing preset and the small neural models are far below it; a network of
     * millions of dense weights is above it and needs {@code allowSlowModels}.
     */
    public static final long DEFAULT_MAX_OPERATIONS_PER_BYTE = 1L << 20;

    /** 1 MiB frames, 16 MiB blocks, one thread, memory limit from the heap, the default work budget. */
    public static final StreamOptions DEFAULT = new StreamOptions(1 << 20, DEFAULT_BLOCK_BYTES, 1, AUTO_MEMORY_LIMIT,
            false, DEFAULT_MAX_OPERATIONS_PER_BYTE, true, StreamTransform.NONE);

    /** @throws IllegalArgumentException naming the first bad value */
    public StreamOptions {
        if (frameBytes < MIN_FRAME_BYTES || frameBytes > MAX_FRAME_BYTES || Integer.bitCount(frameBytes) != 1) {
            throw new IllegalArgumentException("frameBytes " + frameBytes
                    + " must be a power of two from " + MIN_FRAME_BYTES + " to " + MAX_FRAME_BYTES);
        }
        if (blockBytes != 0 && (blockBytes < MIN_FRAME_BYTES || blockBytes > MAX_BLOCK_BYTES
                || Long.bitCount(blockBytes) != 1)) {
            throw new IllegalArgumentException("blockBytes " + blockBytes + " must be 0 (one block) or a power of two from "
                    + MIN_FRAME_BYTES + " to 2^40");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads " + threads + " outside 1.." + MAX_THREADS);
        }
        if (memoryLimitBytes <= 0 && memoryLimitBytes != AUTO_MEMORY_LIMIT) {
            throw new IllegalArgumentException("memoryLimitBytes " + memoryLimitBytes + " must be positive (or AUTO)");
        }
        if (maxOperationsPerByte <= 0) {
            throw new IllegalArgumentException("maxOperationsPerByte " + maxOperationsPerByte + " must be positive");
        }
        if (transform == null) {
            throw new IllegalArgumentException("transform must not be null (StreamTransform.NONE for none)");
        }
    }

    /** Options without a transform, as before transforms existed. */
    public StreamOptions(int frameBytes, long blockBytes, int threads, long memoryLimitBytes, boolean allowSlowModels,
                         long maxOperationsPerByte, boolean concatenated) {
        this(frameBytes, blockBytes, threads, memoryLimitBytes, allowSlowModels, maxOperationsPerByte, concatenated,
                StreamTransform.NONE);
    }

    /** The default options with another frame size. */
    public StreamOptions(int frameBytes) {
        this(frameBytes, DEFAULT_BLOCK_BYTES, 1, AUTO_MEMORY_LIMIT, false, DEFAULT_MAX_OPERATIONS_PER_BYTE, true,
                StreamTransform.NONE);
    }

    /** The frame size actually written: {@code frameBytes}, but never larger than a block. */
    public int frameBytesInBlock() {
        return blockBytes == 0 ? frameBytes : (int) Math.min(frameBytes, blockBytes);
    }

    /** These options with another frame size. */
    public StreamOptions withFrameBytes(int bytes) {
        return new StreamOptions(bytes, blockBytes, threads, memoryLimitBytes, allowSlowModels, maxOperationsPerByte,
                concatenated, transform);
    }

    /** These options with another block size (0: one block). */
    public StreamOptions withBlockBytes(long bytes) {
        return new StreamOptions(frameBytes, bytes, threads, memoryLimitBytes, allowSlowModels, maxOperationsPerByte,
                concatenated, transform);
    }

    /** These options with another thread count. */
    public StreamOptions withThreads(int count) {
        return new StreamOptions(frameBytes, blockBytes, count, memoryLimitBytes, allowSlowModels, maxOperationsPerByte,
                concatenated, transform);
    }

    /** These options with another reader memory limit. */
    public StreamOptions withMemoryLimitBytes(long bytes) {
        return new StreamOptions(frameBytes, blockBytes, threads, bytes, allowSlowModels, maxOperationsPerByte,
                concatenated, transform);
    }

    /** These options with slow models allowed or not. */
    public StreamOptions withAllowSlowModels(boolean allow) {
        return new StreamOptions(frameBytes, blockBytes, threads, memoryLimitBytes, allow, maxOperationsPerByte,
                concatenated, transform);
    }

    /** These options with another work budget per byte. */
    public StreamOptions withMaxOperationsPerByte(long operations) {
        return new StreamOptions(frameBytes, blockBytes, threads, memoryLimitBytes, allowSlowModels, operations,
                concatenated, transform);
    }

    /** These options reading concatenated streams or only the first. */
    public StreamOptions withConcatenated(boolean all) {
        return new StreamOptions(frameBytes, blockBytes, threads, memoryLimitBytes, allowSlowModels, maxOperationsPerByte,
                all, transform);
    }

    /** These options with another transform for writers (readers take it from the header). */
    public StreamOptions withTransform(StreamTransform applied) {
        return new StreamOptions(frameBytes, blockBytes, threads, memoryLimitBytes, allowSlowModels, maxOperationsPerByte,
                concatenated, applied);
    }

    /**
     * The memory limit a reader applies now: the explicit one, or for {@link #AUTO_MEMORY_LIMIT}
     * nine tenths of the heap this JVM can still grow into. That counts garbage not yet collected
     * as used, so readers collect the heap once and ask again before refusing a stream.
     */
    public long effectiveMemoryLimitBytes() {
        if (memoryLimitBytes != AUTO_MEMORY_LIMIT) {
            return memoryLimitBytes;
        }
        Runtime runtime = Runtime.getRuntime();
        long max = runtime.maxMemory();
        if (max == Long.MAX_VALUE) {
            return NO_MEMORY_LIMIT;
        }
        long used = runtime.totalMemory() - runtime.freeMemory();
        return Math.max(1L << 20, (max - used) / 10 * 9);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "StreamOptions[frame=%d, block=%s, threads=%d, memoryLimit=%s, slow=%s, "
                        + "maxOps/byte=%d, concatenated=%s, transform=%s]", frameBytes, blockBytes == 0 ? "one" : Long.toString(blockBytes),
                threads, memoryLimitBytes == AUTO_MEMORY_LIMIT ? "auto" : Long.toString(memoryLimitBytes),
                allowSlowModels, maxOperationsPerByte, concatenated, transform);
    }
}

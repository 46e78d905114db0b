package io.bitscale.core.stream;

/**
 * Options of a bitscale stream writer, validated on construction.
 *
 * <p>{@code frameBytes} is the amount of uncompressed data per frame, a power of two from
 * 1 KiB to 64 MiB. Each frame carries its own CRC32C and is checked before any of its bytes
 * reach the reader, so it is also the granularity of error detection and the reader's buffer
 * size. The model is not reset between frames: frames cost about 11 bytes each, never
 * compression.
 *
 * @param frameBytes uncompressed bytes per frame
 */
public record StreamOptions(int frameBytes) {

    /** Smallest frame: 1 KiB. */
    public static final int MIN_FRAME_BYTES = 1 << 10;
    /** Largest frame: 64 MiB. */
    public static final int MAX_FRAME_BYTES = 1 << 26;
    /** 1 MiB frames. */
    public static final StreamOptions DEFAULT = new StreamOptions(1 << 20);

    /** @throws IllegalArgumentException if {@code frameBytes} is not a power of two in range */
    public StreamOptions {
        if (frameBytes < MIN_FRAME_BYTES || frameBytes > MAX_FRAME_BYTES || Integer.bitCount(frameBytes) != 1) {
            throw new IllegalArgumentException("frameBytes " + frameBytes
                    + " must be a power of two from " + MIN_FRAME_BYTES + " to " + MAX_FRAME_BYTES);
        }
    }

    /** These options with another frame size. */
    public StreamOptions withFrameBytes(int bytes) {
        return new StreamOptions(bytes);
    }
}

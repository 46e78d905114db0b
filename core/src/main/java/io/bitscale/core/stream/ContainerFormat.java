package io.bitscale.core.stream;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of format version 1 (documented for users in docs/format.md). All integers are
 * unsigned LEB128 varints unless a width is given; CRCs are CRC-32C, little-endian.
 *
 * <pre>
 * stream  = header frame* end
 * header  = magic(89 42 53 43) version(1) flags(1) frameLog2(1) specLength spec [sha256(32)] crc(4)
 * frame   = 0xD1 originalLength payloadLength payload crc(4)      crc over the original bytes
 * end     = 0xE0 totalLength frameCount crc(4)                    crc over the end record
 * </pre>
 */
final class ContainerFormat {

    static final byte[] MAGIC = {(byte) 0x89, 'B', 'S', 'C'};
    static final int VERSION = 1;
    static final int FLAG_SNAPSHOT = 1;
    static final int KNOWN_FLAGS = FLAG_SNAPSHOT;
    static final int TAG_FRAME = 0xD1;
    static final int TAG_END = 0xE0;
    static final int MAX_SPEC_BYTES = 4096;
    static final int SHA256_BYTES = 32;

    private ContainerFormat() {
    }

    /**
     * Largest payload a frame of {@code originalLength} bytes can have: a bit costs at most 16
     * bits (p clamped to 2^-16), plus the block flush.
     */
    static long maxPayload(long originalLength) {
        return originalLength * 16 + 16;
    }

    static byte[] specBytes(String spec) {
        byte[] bytes = spec.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_SPEC_BYTES) {
            throw new IllegalArgumentException("model spec must be 1.." + MAX_SPEC_BYTES
                    + " UTF-8 bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** Appends an unsigned LEB128 varint. */
    static int putVarint(byte[] buffer, int offset, long value) {
        while ((value & ~0x7FL) != 0) {
            buffer[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[offset++] = (byte) value;
        return offset;
    }

    static void putIntLE(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) value;
        buffer[offset + 1] = (byte) (value >>> 8);
        buffer[offset + 2] = (byte) (value >>> 16);
        buffer[offset + 3] = (byte) (value >>> 24);
    }
}

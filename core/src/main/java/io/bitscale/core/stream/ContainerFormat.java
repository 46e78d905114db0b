package io.bitscale.core.stream;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of format version 2 (documented for users in docs/format.md). All integers are
 * unsigned LEB128 varints without overlong forms unless a width is given; CRCs are CRC-32C,
 * little-endian.
 *
 * <pre>
 * stream  = member+                                               concatenated members, read in turn
 * member  = header frame* end
 * header  = magic(89 42 53 43) version(2) flags(1) frameLog2(1) blockLog2(1) specLength spec [sha256(32)]
 *           [transform(1)] crc(4)
 * frame   = 0xD1 originalLength payloadLength payload crc(4)      coded; crc over the original bytes
 *         | 0xD2 originalLength original crc(4)                    stored raw (coding would expand it)
 *         | 0xD3 originalLength transformedLength payloadLength payload crc(4)   transformed, then coded
 *         | 0xD4 originalLength transformedLength transformed crc(4)             transformed, stored
 * end     = 0xE0 totalLength frameCount crc(4)                    crc over the end record
 * </pre>
 */
final class ContainerFormat {

    static final byte[] MAGIC = {(byte) 0x89, 'B', 'S', 'C'};
    static final int VERSION = 2;
    static final int FLAG_SNAPSHOT = 1;
    /** A transform id byte follows the spec (and digest). */
    static final int FLAG_TRANSFORM = 2;
    static final int KNOWN_FLAGS = FLAG_SNAPSHOT | FLAG_TRANSFORM;
    static final int TAG_FRAME = 0xD1;
    static final int TAG_STORED = 0xD2;
    static final int TAG_TRANSFORMED = 0xD3;
    static final int TAG_TRANSFORMED_STORED = 0xD4;
    static final int TAG_END = 0xE0;
    static final int MAX_SPEC_BYTES = 4096;
    static final int SHA256_BYTES = 32;
    /** blockLog2 of a member that is one block. */
    static final int ONE_BLOCK = 0;
    static final int MAX_BLOCK_LOG2 = 40;
    /** Largest frame record header: tag and three 9-byte varints. */
    static final int MAX_FRAME_HEADER = 1 + 9 + 9 + 9;

    private ContainerFormat() {
    }

    /**
     * Largest payload a frame of {@code originalLength} bytes can have: a bit costs at most 16
     * bits (p clamped to 2^-16), plus the block flush.
     */
    static long maxPayload(long originalLength) {
        return originalLength * 16 + 16;
    }

    /**
     * Fewest payload bits any model can spend on {@code originalLength} bytes: a binary decision
     * costs at least {@code -log2(65535/65536)} bits and a byte symbol (total at most 2^24, every
     * other symbol at least 1 wide) at least {@code -log2(1 - 255/2^24)}, less a few bits the
     * final flush may save. A frame that claims more bytes than its payload can carry is damaged;
     * checking this before decoding bounds the work any input can cause to its length.
     */
    static double minPayloadBits(long originalLength, boolean bitModel) {
        double perByte = bitModel
                ? -8 * Math.log1p(-1.0 / 65536) / Math.log(2)
                : -Math.log1p(-255.0 / (1 << 24)) / Math.log(2);
        return originalLength * perByte * (1 - 1e-9) - 64;
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

    /**
     * A spec as it may be shown to a person: control characters and other non-printing code
     * points escaped as {@code \\uXXXX}, so a crafted header cannot send escape sequences to a
     * terminal; long specs are cut with an ellipsis.
     */
    static String printable(String spec) {
        StringBuilder out = new StringBuilder();
        spec.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029
                    || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (spec.codePointCount(0, spec.length()) > 200) {
            out.append("...");
        }
        return out.toString();
    }
}

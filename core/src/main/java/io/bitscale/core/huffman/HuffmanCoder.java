package io.bitscale.core.huffman;

import io.bitscale.core.stream.CorruptedInputException;

/**
 * Static (two-pass, semi-static) order-0 Huffman compression of a byte array: the baseline that
 * shows the up-to-one-bit-per-byte loss that arithmetic coding wins back.
 *
 * <pre>{@code
 * byte[] packed = HuffmanCoder.encode(data);
 * byte[] unpacked = HuffmanCoder.decode(packed);             // equals data
 * long predicted = HuffmanCoder.encodedBytes(counts);        // == packed.length, without coding
 * }</pre>
 *
 * <p><b>Format</b> (self-describing; every byte counts in bits per byte):
 * <pre>
 * stream = tag(0x48 'H') length [table payload padding]
 * length = original length, unsigned LEB128 varint (minimal form); table and payload are absent
 *          when it is 0
 * table  = the 256 code lengths of the {@link HuffmanCode}, compact form (runs of present
 *          symbols, then gamma-coded length deltas: about 40 to 60 bytes for text)
 * payload= each byte's canonical code word, most significant bit first, right after the table
 *          (no byte alignment between them)
 * padding= 0 to 7 zero bits up to the end of the last byte
 * </pre>
 *
 * <p><b>Guarantees.</b> {@code decode(encode(x))} equals {@code x}; {@code encode(x).length ==
 * encodedBytes(counts of x)}. {@link #decode} accepts exactly the streams {@link #encode} writes
 * (one tag, minimal varint, well-formed table of a complete code, no trailing bytes, zero
 * padding) and reports anything else as a {@link CorruptedInputException}: it never throws an
 * unchecked exception on any input, and it allocates at most {@code 8 ·} the input size for the
 * output (every byte costs at least one bit, so a declared length above what the payload can
 * hold is refused before allocating). A damaged payload whose bits still parse as code words
 * decodes to different bytes without an exception: there is no checksum here (the container
 * format has one).
 *
 * <p>Cost: encoding is two passes (count, then code); decoding reads 11-bit lookup tables, about
 * one table access per byte. Both hold the whole input and output in memory, so the input is
 * limited to what a Java array holds.
 */
public final class HuffmanCoder {

    /** The first byte of every stream (format version 1). */
    public static final int TAG = 0x48;
    /** Largest array this class allocates or accepts as a declared length. */
    static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private HuffmanCoder() {
    }

    /**
     * Compresses {@code data} with the Huffman code of its own byte frequencies.
     *
     * @throws IllegalArgumentException if the result would not fit in a Java array
     */
    public static byte[] encode(byte[] data) {
        long[] frequencies = frequencies(data);
        HuffmanCode code = HuffmanCode.fromFrequencies(frequencies);
        long size = encodedBytes(code, frequencies, data.length);
        if (size > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("Huffman encoding of " + data.length + " bytes needs "
                    + size + " bytes, more than an array holds");
        }
        byte[] out = new byte[(int) size];
        out[0] = (byte) TAG;
        int position = putVarint(out, 1, data.length);
        if (data.length == 0) {
            return out;
        }
        BitWriter writer = new BitWriter(out, position);
        LengthTable.write(code.lengthTable(), writer);
        final int[] lengths = code.lengthTable();
        final long[] codes = code.codeTable();
        for (byte b : data) {
            int symbol = b & 0xFF;
            writer.write(codes[symbol], lengths[symbol]);
        }
        int end = writer.finish();
        assert end == out.length : end + " != " + out.length;
        return out;
    }

    /**
     * Decompresses a stream written by {@link #encode}.
     *
     * @throws CorruptedInputException if the stream is truncated, has trailing bytes, a wrong tag,
     *                                 a malformed or non-Kraft table, a declared length the payload
     *                                 cannot hold, or a bit pattern that is no code word
     */
    public static byte[] decode(byte[] encoded) throws CorruptedInputException {
        if (encoded == null) {
            throw new NullPointerException("encoded");
        }
        if (encoded.length == 0) {
            throw new CorruptedInputException("Huffman stream is empty", 0);
        }
        if ((encoded[0] & 0xFF) != TAG) {
            throw new CorruptedInputException(String.format("not a Huffman stream: tag 0x%02X, expected 0x%02X",
                    encoded[0] & 0xFF, TAG), 0);
        }
        // Original length: minimal unsigned LEB128, at most 5 bytes for an int.
        long length = 0;
        int position = 1;
        for (int shift = 0; ; shift += 7) {
            if (position >= encoded.length) {
                throw new CorruptedInputException("Huffman stream ends inside the length", position);
            }
            int b = encoded[position++] & 0xFF;
            length |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new CorruptedInputException("Huffman length is not in minimal varint form", position - 1);
                }
                break;
            }
            if (shift >= 28) {
                throw new CorruptedInputException("Huffman length varint is longer than 5 bytes", position - 1);
            }
        }
        if (length > MAX_ARRAY_BYTES) {
            throw new CorruptedInputException("Huffman stream declares " + length
                    + " bytes, more than an array holds", 1);
        }
        if (length == 0) {
            if (position != encoded.length) {
                throw new CorruptedInputException("empty Huffman stream has " + (encoded.length - position)
                        + " trailing bytes", position);
            }
            return new byte[0];
        }
        BitReader reader = new BitReader(encoded, position, encoded.length);
        int[] lengths = LengthTable.read(reader);
        String problem = HuffmanCode.lengthsProblem(lengths);
        if (problem != null) {
            throw new CorruptedInputException("Huffman table: " + problem, reader.bytePosition());
        }
        HuffmanCode code = HuffmanCode.fromLengths(lengths);
        if (code.symbolCount() == 0) {
            throw new CorruptedInputException("Huffman table has no symbols for " + length + " bytes",
                    reader.bytePosition());
        }
        long endBit = 8L * encoded.length;
        long payloadBits = endBit - reader.bitPosition();
        if (length > payloadBits) {
            throw new CorruptedInputException("Huffman stream declares " + length + " bytes but its payload holds at most "
                    + payloadBits + " code words of at least 1 bit", 1);
        }
        byte[] out = new byte[(int) length];
        long consumed = new CanonicalDecoder(code).decode(encoded, reader.bitPosition(), encoded.length, out);
        if (consumed > endBit) {
            throw new CorruptedInputException("Huffman payload is truncated: it needs " + consumed
                    + " bits, the stream has " + endBit, encoded.length);
        }
        long expectedBytes = (consumed + 7) >>> 3;
        if (expectedBytes != encoded.length) {
            throw new CorruptedInputException("Huffman stream has " + (encoded.length - expectedBytes)
                    + " trailing bytes after the payload", expectedBytes);
        }
        int paddingBits = (int) (endBit - consumed);
        if ((encoded[encoded.length - 1] & ((1 << paddingBits) - 1)) != 0) {
            throw new CorruptedInputException("Huffman payload padding bits are not zero", encoded.length - 1);
        }
        return out;
    }

    /**
     * Size of {@link #encode}'s output for data with these byte counts, without coding anything:
     * tag, length varint, code-length table and payload, in whole bytes.
     *
     * @param frequencies 256 non-negative counts
     * @throws IllegalArgumentException for a bad count array
     * @throws ArithmeticException      if the size does not fit in a long
     */
    public static long encodedBytes(long[] frequencies) {
        HuffmanCode code = HuffmanCode.fromFrequencies(frequencies);
        long total = 0;
        for (long count : frequencies) {
            total = Math.addExact(total, count);
        }
        return encodedBytes(code, frequencies, total);
    }

    private static long encodedBytes(HuffmanCode code, long[] frequencies, long total) {
        long header = 1 + varintBytes(total);
        if (total == 0) {
            return header;
        }
        long bits = Math.addExact(LengthTable.bits(code.lengthTable()), code.encodedBits(frequencies));
        return Math.addExact(header, (bits + 7) >>> 3);
    }

    /** Byte counts of {@code data}, indexed by byte value. */
    static long[] frequencies(byte[] data) {
        long[] counts = new long[HuffmanCode.SYMBOLS];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        return counts;
    }

    private static int varintBytes(long value) {
        int bytes = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            bytes++;
        }
        return bytes;
    }

    private static int putVarint(byte[] buffer, int offset, long value) {
        while ((value & ~0x7FL) != 0) {
            buffer[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[offset++] = (byte) value;
        return offset;
    }
}

package io.bitscale.core.stream;

import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Decompresses a bitscale stream, rebuilding its model from the spec in the header.
 *
 * <pre>{@code
 * try (InputStream in = new BitscaleInputStream(Files.newInputStream(source), Models.resolver())) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p><b>Guarantees.</b> No byte reaches the caller before the CRC32C of its whole frame has been
 * checked, so damaged input never yields silently wrong output: it raises
 * {@link CorruptedInputException} (with the compressed offset), {@link UnsupportedFormatException},
 * {@link MemoryLimitException} or {@link ModelMismatchException}, all {@link BitscaleException}s.
 * Every length read from the stream is bounded before anything is allocated for it, and decoding
 * a frame takes time proportional to its declared length, so no input hangs the reader. The
 * first exception is remembered and rethrown by every later call.
 *
 * <p>Memory: the model, one frame, and one frame's payload, checked against the limit given to
 * the constructor. Reads exactly one stream and stops after its end record. Not thread-safe.
 */
public final class BitscaleInputStream extends InputStream {

    /** No memory limit. */
    public static final long NO_LIMIT = Long.MAX_VALUE;

    private final InputStream in;
    private final long memoryLimitBytes;
    private final StreamHeader header;
    private final PredictiveCoder loop;
    private final long modelBytes;
    private final CRC32C crc = new CRC32C();
    private final byte[] one = new byte[1];

    private byte[] frame = new byte[0];
    private byte[] payload = new byte[0];
    private ArithmeticDecoder decoder;
    private int frameLength;
    private int framePosition;
    private long offset;
    private long uncompressedBytes;
    private long frameCount;
    private boolean endOfStream;
    private boolean closed;
    private IOException failure;

    /** Decodes with the model the header names, without a memory limit. */
    public BitscaleInputStream(InputStream in, ModelResolver resolver) throws IOException {
        this(in, resolver, NO_LIMIT);
    }

    /**
     * Reads and checks the header, then builds the model it names.
     *
     * @param in               the compressed stream
     * @param resolver         turns the header's spec into a model
     * @param memoryLimitBytes most heap the model and frame buffers may use
     * @throws UnsupportedFormatException if the input is not a bitscale stream this build reads,
     *                                    or the resolver does not know its model
     * @throws CorruptedInputException    if the header is damaged or truncated
     * @throws MemoryLimitException       if the model or frames need more than the limit
     * @throws ModelMismatchException     if the resolver's model has another snapshot digest
     */
    public BitscaleInputStream(InputStream in, ModelResolver resolver, long memoryLimitBytes) throws IOException {
        if (in == null || resolver == null) {
            throw new NullPointerException("in and resolver are required");
        }
        if (memoryLimitBytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive, got " + memoryLimitBytes);
        }
        this.in = in;
        this.memoryLimitBytes = memoryLimitBytes;
        this.header = readHeader();
        PredictorFactory factory;
        try {
            factory = resolver.resolve(header.spec());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedFormatException("the stream was written with model '" + header.spec()
                    + "', which this build cannot create: " + e.getMessage(), e);
        }
        byte[] expected = header.snapshotSha256();
        byte[] offered = factory.snapshotSha256();
        if (!Arrays.equals(expected, offered)) {
            throw new ModelMismatchException("the stream needs model snapshot "
                    + (expected == null ? "none" : HexFormat.of().formatHex(expected))
                    + " but the model offered has " + (offered == null ? "none" : HexFormat.of().formatHex(offered))
                    + "; pass the snapshot the stream was compressed with");
        }
        this.modelBytes = factory.memoryBytes();
        long needed = saturatedSum(modelBytes, 2L * header.frameBytes());
        if (needed > memoryLimitBytes || modelBytes < 0) {
            throw new MemoryLimitException("model '" + header.spec() + "' with " + header.frameBytes()
                    + "-byte frames", needed, memoryLimitBytes);
        }
        this.loop = PredictiveCoder.of(factory.create());
    }

    /** {@code a + b} for non-negative b, saturating at {@link Long#MAX_VALUE} instead of wrapping. */
    private static long saturatedSum(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /** The header of the stream being read. */
    public StreamHeader header() {
        return header;
    }

    private StreamHeader readHeader() throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        offset += got;
        if (got < 4 || !Arrays.equals(magic, ContainerFormat.MAGIC)) {
            throw new UnsupportedFormatException("not a bitscale stream: it starts with "
                    + (got == 0 ? "nothing" : HexFormat.ofDelimiter(" ").formatHex(magic, 0, got))
                    + ", a bitscale stream starts with 89 42 53 43");
        }
        crc.reset();
        crc.update(magic);
        int version = readHeaderByte();
        if (version != ContainerFormat.VERSION) {
            throw new UnsupportedFormatException("format version " + version
                    + " is not supported by this build, which reads version " + ContainerFormat.VERSION);
        }
        int flags = readHeaderByte();
        if ((flags & ~ContainerFormat.KNOWN_FLAGS) != 0) {
            throw new UnsupportedFormatException(String.format("unknown header flags 0x%02x", flags));
        }
        int frameLog2 = readHeaderByte();
        int minLog2 = Integer.numberOfTrailingZeros(StreamOptions.MIN_FRAME_BYTES);
        int maxLog2 = Integer.numberOfTrailingZeros(StreamOptions.MAX_FRAME_BYTES);
        if (frameLog2 < minLog2 || frameLog2 > maxLog2) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER, "header frame size 2^" + frameLog2 + " outside 2^"
                    + minLog2 + "..2^" + maxLog2, offset - 1, null);
        }
        long specLength = readVarint(true);
        if (specLength < 1 || specLength > ContainerFormat.MAX_SPEC_BYTES) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER, "header model spec length "
                    + specLength + " outside 1.." + ContainerFormat.MAX_SPEC_BYTES, offset, null);
        }
        byte[] specBytes = readFully((int) specLength, "header model spec");
        crc.update(specBytes);
        String spec;
        try {
            spec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(specBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER, "header model spec is not valid UTF-8", offset, e);
        }
        byte[] snapshot = null;
        if ((flags & ContainerFormat.FLAG_SNAPSHOT) != 0) {
            snapshot = readFully(ContainerFormat.SHA256_BYTES, "header snapshot digest");
            crc.update(snapshot);
        }
        int computed = (int) crc.getValue();
        int stored = readIntLE("header checksum");
        if (stored != computed) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER,
                    String.format("header checksum mismatch (stored %08x, computed %08x)", stored, computed), offset - 4, null);
        }
        return new StreamHeader(version, spec, 1 << frameLog2, snapshot, (int) offset);
    }

    private int readHeaderByte() throws IOException {
        int value = readByte("header");
        crc.update(value);
        return value;
    }

    private int readByte(String what) throws IOException {
        int value = in.read();
        if (value < 0) {
            throw new CorruptedInputException(CorruptedInputException.Check.TRUNCATION,
                    "truncated: the stream ends inside the " + what, offset, null);
        }
        offset++;
        return value;
    }

    private byte[] readFully(int length, String what) throws IOException {
        byte[] bytes = new byte[length];
        int got = in.readNBytes(bytes, 0, length);
        offset += got;
        if (got < length) {
            throw new CorruptedInputException(CorruptedInputException.Check.TRUNCATION,
                    "truncated: the stream ends inside the " + what, offset, null);
        }
        return bytes;
    }

    private int readIntLE(String what) throws IOException {
        int b0 = readByte(what);
        int b1 = readByte(what);
        int b2 = readByte(what);
        int b3 = readByte(what);
        return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    }

    /** Reads an unsigned LEB128 varint of at most 9 bytes (63 bits), rejecting overlong forms. */
    private long readVarint(boolean inHeader) throws IOException {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = inHeader ? readHeaderByte() : readByte("frame header");
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CorruptedInputException(inHeader ? CorruptedInputException.Check.HEADER
                            : CorruptedInputException.Check.FRAME_STRUCTURE, "overlong length field", offset - 1, null);
                }
                return value;
            }
        }
        throw new CorruptedInputException(inHeader ? CorruptedInputException.Check.HEADER
                : CorruptedInputException.Check.FRAME_STRUCTURE, "length field longer than 9 bytes", offset, null);
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int off, int length) throws IOException {
        if (off < 0 || length < 0 || off > buffer.length - length) {
            throw new IndexOutOfBoundsException("[" + off + ", +" + length + ") of " + buffer.length);
        }
        ensureOpen();
        if (length == 0) {
            return 0;
        }
        while (framePosition == frameLength) {
            if (endOfStream) {
                return -1;
            }
            try {
                nextRecord();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
        int n = Math.min(length, frameLength - framePosition);
        System.arraycopy(frame, framePosition, buffer, off, n);
        framePosition += n;
        return n;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void nextRecord() throws IOException {
        long recordOffset = offset;
        int tag = in.read();
        if (tag < 0) {
            throw new CorruptedInputException(CorruptedInputException.Check.TRUNCATION,
                    "truncated: the stream ends after frame " + frameCount + " without an end record", offset, null);
        }
        offset++;
        if (tag == ContainerFormat.TAG_END) {
            readEnd(recordOffset);
        } else if (tag == ContainerFormat.TAG_FRAME) {
            readFrame(recordOffset);
        } else {
            throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE,
                    String.format("unknown record tag 0x%02x after frame %d", tag, frameCount), recordOffset, null);
        }
    }

    private void readFrame(long recordOffset) throws IOException {
        long originalLength = readVarint(false);
        if (originalLength < 1 || originalLength > header.frameBytes()) {
            throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE, "frame " + frameCount
                    + " declares " + originalLength + " bytes, outside 1.." + header.frameBytes(), offset, null);
        }
        long payloadLength = readVarint(false);
        long maxPayload = ContainerFormat.maxPayload(originalLength);
        if (payloadLength > maxPayload) {
            throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE, "frame " + frameCount
                    + " declares a " + payloadLength + "-byte payload for " + originalLength + " bytes (at most "
                    + maxPayload + ")", offset, null);
        }
        long needed = saturatedSum(modelBytes, Math.max(frame.length, originalLength) + Math.max(payload.length, payloadLength));
        if (needed > memoryLimitBytes) {
            throw new MemoryLimitException("frame " + frameCount + " at compressed byte " + recordOffset, needed,
                    memoryLimitBytes);
        }
        if (payload.length < payloadLength) {
            payload = new byte[(int) payloadLength];
        }
        int got = in.readNBytes(payload, 0, (int) payloadLength);
        offset += got;
        if (got < payloadLength) {
            throw new CorruptedInputException(CorruptedInputException.Check.TRUNCATION,
                    "truncated: the stream ends inside the payload of frame " + frameCount, offset, null);
        }
        int stored = readIntLE("checksum of frame " + frameCount);
        if (frame.length < originalLength) {
            frame = new byte[(int) Math.max(originalLength, Math.min(header.frameBytes(), 2L * frame.length))];
        }
        int length = (int) originalLength;
        try {
            if (decoder == null) {
                decoder = new ArithmeticDecoder(payload, 0, (int) payloadLength);
            } else {
                decoder.reset(payload, 0, (int) payloadLength);
            }
            if (!decoder.validStart()) {
                throw new CorruptedInputException(CorruptedInputException.Check.PAYLOAD, "frame " + frameCount
                        + " payload starts with a value no encoder writes", recordOffset, null);
            }
            loop.codeBlock(decoder, frame, 0, length);
        } catch (RuntimeException e) {
            throw new CorruptedInputException(CorruptedInputException.Check.PAYLOAD, "frame " + frameCount
                    + " could not be decoded: " + e.getMessage(), recordOffset, e);
        }
        if (decoder.bytesRead() < payloadLength) {
            throw new CorruptedInputException(CorruptedInputException.Check.PAYLOAD, "frame " + frameCount
                    + " payload has " + (payloadLength - decoder.bytesRead()) + " bytes the decoder did not use",
                    offset - 4, null);
        }
        crc.reset();
        crc.update(frame, 0, length);
        int computed = (int) crc.getValue();
        if (computed != stored) {
            throw new CorruptedInputException(CorruptedInputException.Check.FRAME_CRC, String.format(
                    "frame %d checksum mismatch (stored %08x, computed %08x over %d decoded bytes)",
                    frameCount, stored, computed, length), offset - 4, null);
        }
        frameLength = length;
        framePosition = 0;
        uncompressedBytes += length;
        frameCount++;
    }

    private void readEnd(long recordOffset) throws IOException {
        crc.reset();
        crc.update(ContainerFormat.TAG_END);
        long totalLength = readEndVarint();
        long frames = readEndVarint();
        int computed = (int) crc.getValue();
        int stored = readIntLE("end record");
        if (stored != computed) {
            throw new CorruptedInputException(CorruptedInputException.Check.END_RECORD, String.format(
                    "end record checksum mismatch (stored %08x, computed %08x)", stored, computed), offset - 4, null);
        }
        if (totalLength != uncompressedBytes || frames != frameCount) {
            throw new CorruptedInputException(CorruptedInputException.Check.END_RECORD, "end record says "
                    + totalLength + " bytes in " + frames + " frames, but " + uncompressedBytes + " bytes in "
                    + frameCount + " frames were read", recordOffset, null);
        }
        endOfStream = true;
    }

    private long readEndVarint() throws IOException {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = readByte("end record");
            crc.update(b);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CorruptedInputException(CorruptedInputException.Check.END_RECORD, "length field longer than 9 bytes",
                offset, null);
    }

    /** Decoded bytes that can be read without decoding another frame. */
    @Override
    public int available() throws IOException {
        ensureOpen();
        return frameLength - framePosition;
    }

    /** Closes the underlying stream; later reads throw. Closing twice is harmless. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    /** Compressed bytes read so far, header included. */
    public long compressedBytesRead() {
        return offset;
    }

    /** Uncompressed bytes decoded and verified so far. */
    public long uncompressedBytes() {
        return uncompressedBytes;
    }

    /** Whether the end record has been read and checked. */
    public boolean endOfStream() {
        return endOfStream;
    }
}

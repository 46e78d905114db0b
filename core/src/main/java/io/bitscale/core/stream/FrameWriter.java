package io.bitscale.core.stream;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.transform.WordTransform;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;

/**
 * Codes one frame into its record: the model codes the bytes through the lockstep loop, and the
 * record holds the coder's payload — or, when the payload would be larger than the bytes
 * themselves, the bytes as they are (a stored frame), so no input expands by more than the
 * record's few bytes. Either way the model has learned the frame, as the reader's model will
 * (it decodes a coded frame, and learns a stored one). Not thread-safe: one per coding thread.
 *
 * <p>With a word transform the frame is first transformed; the model codes the transformed bytes
 * (record tags {@code D3}/{@code D4}) when they are at least a sixteenth shorter, else the frame
 * as it is ({@code D1}/{@code D2}). The transform's dictionary learns the frame either way, as
 * the reader's will.
 */
final class FrameWriter {

    private final ArithmeticEncoder encoder;
    private final CRC32C crc = new CRC32C();
    private final byte[] head = new byte[ContainerFormat.MAX_FRAME_HEADER];
    /** Transformed bytes of the frame, allocated with the first transformed frame. */
    private byte[] transformed = new byte[0];

    /** Sizes of the last record written. */
    private int lastRecordBytes;
    private int lastBodyBytes;
    private boolean lastStored;

    FrameWriter(int frameBytes) {
        this.encoder = new ArithmeticEncoder(Math.max(64, frameBytes / 2));
    }

    /**
     * Codes {@code length} bytes of {@code data} and appends the frame record to {@code out}.
     * The data is not modified.
     */
    void write(PredictiveCoder loop, byte[] data, int offset, int length, ByteArrayOutputStream out) {
        write(loop, null, data, offset, length, out);
    }

    /**
     * Same, through {@code transform} (the block's dictionary state) if it is not {@code null}.
     */
    void write(PredictiveCoder loop, WordTransform transform, byte[] data, int offset, int length,
               ByteArrayOutputStream out) {
        crc.reset();
        crc.update(data, offset, length);
        int checksum = (int) crc.getValue();
        byte[] coded = data;
        int codedOffset = offset;
        int codedLength = length;
        boolean transformedFrame = false;
        if (transform != null) {
            if (transformed.length < WordTransform.maxEncodedLength(length)) {
                transformed = new byte[WordTransform.maxEncodedLength(length)];
            }
            int transformedLength = transform.encode(data, offset, length, transformed, 0);
            // A transform that saves little only changes what the model must learn; it must pay.
            if (transformedLength <= length - length / 16 && transformedLength > 0) {
                transformedFrame = true;
                coded = transformed;
                codedOffset = 0;
                codedLength = transformedLength;
            }
        }
        encoder.reset();
        loop.codeBlock(encoder, coded, codedOffset, codedLength);
        int payload = encoder.finishBlock();
        boolean stored = payload > codedLength;
        int position = 0;
        head[position++] = (byte) (transformedFrame
                ? (stored ? ContainerFormat.TAG_TRANSFORMED_STORED : ContainerFormat.TAG_TRANSFORMED)
                : (stored ? ContainerFormat.TAG_STORED : ContainerFormat.TAG_FRAME));
        position = ContainerFormat.putVarint(head, position, length);
        if (transformedFrame) {
            position = ContainerFormat.putVarint(head, position, codedLength);
        }
        if (!stored) {
            position = ContainerFormat.putVarint(head, position, payload);
        }
        out.write(head, 0, position);
        if (stored) {
            out.write(coded, codedOffset, codedLength);
        } else {
            try {
                encoder.writeTo(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("a byte array cannot fail", e);
            }
        }
        ContainerFormat.putIntLE(head, 0, checksum);
        out.write(head, 0, 4);
        lastStored = stored;
        lastBodyBytes = stored ? codedLength : payload;
        lastRecordBytes = position + lastBodyBytes + 4;
    }

    int lastRecordBytes() {
        return lastRecordBytes;
    }

    /** Coder payload of the last frame, or its raw length if it was stored. */
    int lastBodyBytes() {
        return lastBodyBytes;
    }

    boolean lastStored() {
        return lastStored;
    }
}

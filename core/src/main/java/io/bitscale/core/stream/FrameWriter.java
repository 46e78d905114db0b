package io.bitscale.core.stream;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;

/**
 * Codes one frame into its record: the model codes the bytes through the lockstep loop, and the
 * record holds the coder's payload — or, when the payload would be larger than the bytes
 * themselves, the bytes as they are (a stored frame), so no input expands by more than the
 * record's few bytes. Either way the model has learned the frame, as the reader's model will
 * (it decodes a coded frame, and learns a stored one). Not thread-safe: one per coding thread.
 */
final class FrameWriter {

    private final ArithmeticEncoder encoder;
    private final CRC32C crc = new CRC32C();
    private final byte[] head = new byte[ContainerFormat.MAX_FRAME_HEADER];

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
        crc.reset();
        crc.update(data, offset, length);
        int checksum = (int) crc.getValue();
        encoder.reset();
        loop.codeBlock(encoder, data, offset, length);
        int payload = encoder.finishBlock();
        boolean stored = payload > length;
        int position = 0;
        head[position++] = (byte) (stored ? ContainerFormat.TAG_STORED : ContainerFormat.TAG_FRAME);
        position = ContainerFormat.putVarint(head, position, length);
        if (!stored) {
            position = ContainerFormat.putVarint(head, position, payload);
        }
        out.write(head, 0, position);
        if (stored) {
            out.write(data, offset, length);
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
        lastBodyBytes = stored ? length : payload;
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

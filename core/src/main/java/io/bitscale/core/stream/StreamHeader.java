package io.bitscale.core.stream;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a bitscale stream header says: the format version, the model spec the stream was written
 * with, the frame and block sizes, and the SHA-256 of the pretrained snapshot the model started
 * from, if any, and the transform applied before modelling. See {@code docs/format.md} for the byte layout.
 *
 * @param formatVersion  container format version
 * @param spec           the model spec, as {@link io.bitscale.core.model.PredictorFactory#spec()}
 * @param frameBytes     uncompressed bytes per full frame
 * @param blockBytes     bytes after which the model starts afresh, or 0 for one block
 * @param snapshotSha256 32-byte digest of the model snapshot, or {@code null}
 * @param transform      the transform every frame went through before modelling
 * @param headerBytes    size of the encoded header
 */
public record StreamHeader(int formatVersion, String spec, int frameBytes, long blockBytes, byte[] snapshotSha256,
                           StreamTransform transform, int headerBytes) {

    /** Defensive copy so the record stays immutable. */
    public StreamHeader {
        snapshotSha256 = snapshotSha256 == null ? null : snapshotSha256.clone();
        transform = transform == null ? StreamTransform.NONE : transform;
    }

    /** A header without a transform, as before transforms existed. */
    public StreamHeader(int formatVersion, String spec, int frameBytes, long blockBytes, byte[] snapshotSha256,
                        int headerBytes) {
        this(formatVersion, spec, frameBytes, blockBytes, snapshotSha256, StreamTransform.NONE, headerBytes);
    }

    @Override
    public byte[] snapshotSha256() {
        return snapshotSha256 == null ? null : snapshotSha256.clone();
    }

    /** The snapshot digest in hex, or {@code "-"}. */
    public String snapshotHex() {
        return snapshotSha256 == null ? "-" : HexFormat.of().formatHex(snapshotSha256);
    }

    /** The spec with control characters escaped, safe to print on a terminal. */
    public String printableSpec() {
        return ContainerFormat.printable(spec);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamHeader h && h.formatVersion == formatVersion && h.spec.equals(spec)
                && h.frameBytes == frameBytes && h.blockBytes == blockBytes
                && Arrays.equals(h.snapshotSha256, snapshotSha256) && h.transform == transform && h.headerBytes == headerBytes;
    }

    @Override
    public int hashCode() {
        return (spec.hashCode() * 31 + frameBytes) * 31 + Long.hashCode(blockBytes);
    }

    @Override
    public String toString() {
        return "StreamHeader[v" + formatVersion + ", spec=" + printableSpec() + ", frameBytes=" + frameBytes
                + ", blockBytes=" + (blockBytes == 0 ? "one block" : Long.toString(blockBytes))
                + ", snapshot=" + snapshotHex() + ", transform=" + transform + "]";
    }
}

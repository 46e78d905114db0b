package io.bitscale.scaling.eval;

/**
 * The measurement of one model on one input: sizes with every container byte counted, the
 * model's ideal code length, and speeds of one compression and one verified decompression.
 *
 * @param source            what was coded (a corpus name, a path, or a synthetic source)
 * @param spec              the model spec
 * @param bytes             original size
 * @param compressedBytes   whole container: header, frame records, payload, checksums, end record
 * @param payloadBytes      bytes produced by the arithmetic coder alone
 * @param idealBits         {@code Σ -log2 p(x_i | x_<i)} of the probabilities the model gave
 * @param parameters        the model's learned parameters
 * @param memoryBytes       the model's heap bytes
 * @param compressSeconds   wall time of compression (reading input included)
 * @param decompressSeconds wall time of decompression and comparison with the input
 * @param sha256            SHA-256 of the original bytes, hex
 */
public record EvalResult(String source, String spec, long bytes, long compressedBytes, long payloadBytes,
                         double idealBits, long parameters, long memoryBytes, double compressSeconds,
                         double decompressSeconds, String sha256) {

    /** Bits per byte of the whole container: {@code 8 × compressedBytes / bytes}. */
    public double bpb() {
        return bytes == 0 ? 0 : 8.0 * compressedBytes / bytes;
    }

    /** Ideal bits per byte: the model's cross-entropy on this input. */
    public double idealBpb() {
        return bytes == 0 ? 0 : idealBits / bytes;
    }

    /** Payload bits minus ideal bits: the arithmetic coder's own loss (may be slightly negative). */
    public double overheadBits() {
        return 8.0 * payloadBytes - idealBits;
    }

    /** Container bytes that are not coder payload: header, frame records, checksums. */
    public long containerOverheadBytes() {
        return compressedBytes - payloadBytes;
    }

    /** Compression speed in MB/s (10^6 bytes of input per second). */
    public double compressMBps() {
        return compressSeconds <= 0 ? 0 : bytes / 1e6 / compressSeconds;
    }

    /** Decompression speed in MB/s (10^6 bytes of output per second). */
    public double decompressMBps() {
        return decompressSeconds <= 0 ? 0 : bytes / 1e6 / decompressSeconds;
    }
}

package io.bitscale.model.neural;

import io.bitscale.core.io.AtomicFile;
import io.bitscale.core.io.Sha256;
import io.bitscale.model.spec.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A trained neural model, saved: its spec, its tensors (optionally quantized to int8 or int4),
 * the SHA-256 of the data it was trained on, and a trailing SHA-256 of everything before it.
 * No Java serialization: the byte layout is explicit (see {@code docs/neural.md}) and every field
 * is bounds-checked before anything is allocated. The file's size is the model's description
 * length; its SHA-256 ({@link #sha256()}) goes into the header of every stream coded with it.
 *
 * <pre>{@code
 * Snapshot snapshot = Snapshot.of("mlp", trained, Snapshot.Quantization.INT8, dataSha256, dataBytes);
 * snapshot.write(Path.of("model.bsm"));
 * Snapshot loaded = Snapshot.read(Path.of("model.bsm"));     // InvalidSnapshotException if damaged
 * PredictorFactory factory = SnapshotFactory.of(loaded, false);
 * }</pre>
 *
 * <p>Layout, little-endian:
 * <pre>
 * magic        4   89 42 53 4D  ("\x89BSM")
 * version      1   1
 * quantization 1   0 float32, 1 int8, 2 int4 (what most tensors use; each tensor records its own dtype)
 * specLength   2   1..4096, then the spec in UTF-8
 * dataSha256  32   SHA-256 of the training data
 * dataBytes    8   training data length
 * tensorCount  2   1..256, then per tensor:
 *   nameLength 1   1..64, then the name in ASCII [A-Za-z0-9._]
 *   rows, columns  4 + 4, each &gt;= 1, rows·columns &lt;= 2^28
 *   dtype      1   0 float32, 1 int8, 2 int4
 *   scales     4·rows (int8/int4 only): float32 per row, value = q · scale
 *   data       float32: 4 per value; int8: 1 per value; int4: per row ceil(columns/2) bytes,
 *              two's-complement nibbles, low nibble first
 * sha256      32   SHA-256 of every byte before it
 * </pre>
 * Quantization is symmetric per row: {@code scale = c · max|w| / 127} (int8) or {@code / 7} (int4)
 * with the clipping ratio {@code c ∈ [0.4, 1]} of least squared error, {@code q = round(w / scale)}
 * clamped. One-row tensors (biases) always stay float32; with int4 the output layer is int8.
 */
public final class Snapshot {

    /** How tensors with more than one row are stored. */
    public enum Quantization {
        /** 4 bytes per weight, exact. */
        FLOAT32(0, 0),
        /** 1 byte per weight plus a float scale per row. */
        INT8(1, 127),
        /** Half a byte per weight plus a float scale per row. */
        INT4(2, 7);

        private final int code;
        private final int levels;

        Quantization(int code, int levels) {
            this.code = code;
            this.levels = levels;
        }

        /** The word used on the command line, e.g. {@code int8}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code float32}, {@code int8} or {@code int4}. */
        public static Quantization parse(String word) {
            for (Quantization q : values()) {
                if (q.word().equals(word.toLowerCase(Locale.ROOT))) {
                    return q;
                }
            }
            throw new IllegalArgumentException("quantization '" + word + "' is not float32, int8 or int4");
        }

        static Quantization ofCode(int code) {
            for (Quantization q : values()) {
                if (q.code == code) {
                    return q;
                }
            }
            return null;
        }
    }

    /** One stored tensor, dequantized. */
    public record StoredTensor(String name, int rows, int columns, Quantization dtype, float[] values) {
    }

    static final byte[] MAGIC = {(byte) 0x89, 'B', 'S', 'M'};
    static final int VERSION = 1;
    static final int MAX_SPEC_BYTES = 4096;
    static final int MAX_TENSORS = 256;
    static final int MAX_NAME_BYTES = 64;
    static final long MAX_TENSOR_VALUES = 1L << 28;
    /** Largest snapshot file read (Java arrays are int-indexed). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;
    private static final int SHA256_BYTES = 32;

    private final String spec;
    private final Quantization quantization;
    private final byte[] dataSha256;
    private final long dataBytes;
    private final List<StoredTensor> tensors;
    private final byte[] encoded;
    private final byte[] sha256;

    private Snapshot(String spec, Quantization quantization, byte[] dataSha256, long dataBytes,
                     List<StoredTensor> tensors, byte[] encoded) {
        this.spec = spec;
        this.quantization = quantization;
        this.dataSha256 = dataSha256.clone();
        this.dataBytes = dataBytes;
        this.tensors = Collections.unmodifiableList(tensors);
        this.encoded = encoded;
        this.sha256 = sha256(encoded, 0, encoded.length);
    }

    /**
     * Snapshots a model: quantizes its tensors and encodes the file.
     *
     * @param spec         the spec that builds the model (architecture and training knobs); stored
     *                     with every knob written out ({@link NeuralSpecs#canonical})
     * @param model        the trained model (its tensors are copied)
     * @param quantization how tensors with more than one row are stored
     * @param dataSha256   SHA-256 of the training data (32 bytes)
     * @param dataBytes    length of the training data
     */
    public static Snapshot of(String spec, NeuralPredictor model, Quantization quantization, byte[] dataSha256,
                              long dataBytes) {
        spec = NeuralSpecs.canonical(Spec.parse(spec));
        byte[] specBytes = spec.getBytes(StandardCharsets.UTF_8);
        if (specBytes.length < 1 || specBytes.length > MAX_SPEC_BYTES) {
            throw new IllegalArgumentException("spec of " + specBytes.length + " bytes, must be 1.." + MAX_SPEC_BYTES);
        }
        if (dataSha256 == null || dataSha256.length != SHA256_BYTES) {
            throw new IllegalArgumentException("training data digest must be 32 bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.write(quantization.code);
        writeShort(out, specBytes.length);
        out.writeBytes(specBytes);
        out.writeBytes(dataSha256);
        writeLong(out, dataBytes);
        List<Tensor> modelTensors = model.tensors();
        writeShort(out, modelTensors.size());
        List<StoredTensor> stored = new ArrayList<>();
        for (Tensor tensor : modelTensors) {
            Quantization dtype = dtype(tensor, quantization);
            byte[] name = tensor.name().getBytes(StandardCharsets.US_ASCII);
            out.write(name.length);
            out.writeBytes(name);
            writeInt(out, tensor.rows());
            writeInt(out, tensor.columns());
            out.write(dtype.code);
            stored.add(new StoredTensor(tensor.name(), tensor.rows(), tensor.columns(), dtype,
                    encodeTensor(out, tensor, dtype)));
        }
        byte[] body = out.toByteArray();
        byte[] file = Arrays.copyOf(body, body.length + SHA256_BYTES);
        System.arraycopy(sha256(body, 0, body.length), 0, file, body.length, SHA256_BYTES);
        return new Snapshot(spec, quantization, dataSha256, dataBytes, stored, file);
    }

    /**
     * How a tensor is stored: biases (one row) in float32; with int4, the output layer in int8
     * (its errors add up over all hidden units into every logit: int4 there costs more than a
     * bit per byte, int8 about 0.01).
     */
    static Quantization dtype(Tensor tensor, Quantization quantization) {
        if (tensor.rows() == 1) {
            return Quantization.FLOAT32;
        }
        if (quantization == Quantization.INT4 && tensor.name().startsWith("output.")) {
            return Quantization.INT8;
        }
        return quantization;
    }

    /** Writes the tensor's data in {@code dtype}; returns the values a reader will get back. */
    private static float[] encodeTensor(ByteArrayOutputStream out, Tensor tensor, Quantization dtype) {
        int rows = tensor.rows();
        int columns = tensor.columns();
        float[] restored = new float[rows * columns];
        if (dtype == Quantization.FLOAT32) {
            for (int r = 0; r < rows; r++) {
                float[] row = tensor.values[r];
                for (int c = 0; c < columns; c++) {
                    writeInt(out, Float.floatToRawIntBits(row[c]));
                    restored[r * columns + c] = row[c];
                }
            }
            return restored;
        }
        float[] scales = new float[rows];
        for (int r = 0; r < rows; r++) {
            scales[r] = bestScale(tensor.values[r], dtype.levels);
            writeInt(out, Float.floatToRawIntBits(scales[r]));
        }
        for (int r = 0; r < rows; r++) {
            float[] row = tensor.values[r];
            float scale = scales[r];
            int pending = -1;
            for (int c = 0; c < columns; c++) {
                int q = scale == 0 ? 0 : Math.round(row[c] / scale);
                q = Math.max(-dtype.levels, Math.min(dtype.levels, q));
                restored[r * columns + c] = q * scale;
                if (dtype == Quantization.INT8) {
                    out.write(q);
                } else if (pending < 0) {
                    pending = q & 0xF;
                } else {
                    out.write(pending | (q & 0xF) << 4);
                    pending = -1;
                }
            }
            if (pending >= 0) {
                out.write(pending);
            }
        }
        return restored;
    }

    /**
     * The row's scale: {@code c · max|w| / levels} for the clipping ratio {@code c} among
     * 1, 0.95, ..., 0.4 with the smallest squared error (clipping a few large weights buys
     * resolution for the many small ones, which matters at int4).
     */
    private static float bestScale(float[] row, int levels) {
        float max = 0;
        for (float w : row) {
            max = Math.max(max, Math.abs(w));
        }
        float best = max / levels;
        double bestError = Double.POSITIVE_INFINITY;
        for (int step = 0; step <= 12 && max > 0; step++) {
            float scale = (float) ((1 - 0.05 * step) * max / levels);
            double error = 0;
            for (float w : row) {
                int q = Math.max(-levels, Math.min(levels, Math.round(w / scale)));
                double d = w - q * scale;
                error += d * d;
            }
            if (error < bestError) {
                bestError = error;
                best = scale;
            }
        }
        return best;
    }

    /** Reads and validates a snapshot file. */
    public static Snapshot read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidSnapshotException("file of " + size + " bytes is larger than " + MAX_FILE_BYTES, 0);
        }
        return read(Files.readAllBytes(path));
    }

    /**
     * Parses and validates snapshot bytes: the trailing SHA-256 first, then every field against
     * its bounds before anything is allocated from it.
     *
     * @throws InvalidSnapshotException naming the first problem and its offset
     */
    public static Snapshot read(byte[] file) throws InvalidSnapshotException {
        int minimum = MAGIC.length + 2 + 2 + SHA256_BYTES + 8 + 2 + SHA256_BYTES;
        if (file.length < minimum) {
            throw new InvalidSnapshotException("only " + file.length + " bytes, a snapshot has at least " + minimum, 0);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (file[i] != MAGIC[i]) {
                throw new InvalidSnapshotException("not a bitscale model snapshot (wrong magic bytes)", 0);
            }
        }
        if (file[4] != VERSION) {
            throw new InvalidSnapshotException("format version " + (file[4] & 0xFF) + " is not supported (this build reads "
                    + VERSION + ")", 4);
        }
        int bodyLength = file.length - SHA256_BYTES;
        byte[] expected = sha256(file, 0, bodyLength);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(file, bodyLength, file.length))) {
            throw new InvalidSnapshotException("SHA-256 mismatch: the file is damaged or truncated", bodyLength);
        }
        ByteBuffer in = ByteBuffer.wrap(file, 0, bodyLength).order(ByteOrder.LITTLE_ENDIAN);
        in.position(5);
        Quantization quantization = Quantization.ofCode(in.get() & 0xFF);
        if (quantization == null) {
            throw new InvalidSnapshotException("unknown quantization code " + (file[5] & 0xFF), 5);
        }
        int specLength = in.getShort() & 0xFFFF;
        if (specLength < 1 || specLength > MAX_SPEC_BYTES || specLength > in.remaining()) {
            throw new InvalidSnapshotException("spec length " + specLength + " outside 1.." + MAX_SPEC_BYTES
                    + " or past the end", 6);
        }
        String spec = strictUtf8(file, in.position(), specLength);
        in.position(in.position() + specLength);
        need(in, SHA256_BYTES + 8 + 2, "training data digest");
        byte[] dataSha256 = new byte[SHA256_BYTES];
        in.get(dataSha256);
        long dataBytes = in.getLong();
        if (dataBytes < 0) {
            throw new InvalidSnapshotException("negative training data length", in.position() - 8);
        }
        int count = in.getShort() & 0xFFFF;
        if (count < 1 || count > MAX_TENSORS) {
            throw new InvalidSnapshotException("tensor count " + count + " outside 1.." + MAX_TENSORS, in.position() - 2);
        }
        List<StoredTensor> tensors = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            tensors.add(readTensor(in, t));
        }
        if (in.remaining() != 0) {
            throw new InvalidSnapshotException(in.remaining() + " unexpected bytes after the last tensor", in.position());
        }
        return new Snapshot(spec, quantization, dataSha256, dataBytes, tensors, file.clone());
    }

    private static StoredTensor readTensor(ByteBuffer in, int index) throws InvalidSnapshotException {
        int start = in.position();
        need(in, 1, "tensor " + index + " name length");
        int nameLength = in.get() & 0xFF;
        if (nameLength < 1 || nameLength > MAX_NAME_BYTES) {
            throw new InvalidSnapshotException("tensor " + index + " name length " + nameLength + " outside 1.."
                    + MAX_NAME_BYTES, start);
        }
        need(in, nameLength + 9, "tensor " + index + " header");
        byte[] nameBytes = new byte[nameLength];
        in.get(nameBytes);
        for (byte b : nameBytes) {
            if (!(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '_')) {
                throw new InvalidSnapshotException("tensor " + index + " name has a byte " + (b & 0xFF)
                        + " outside [A-Za-z0-9._]", start + 1);
            }
        }
        String name = new String(nameBytes, StandardCharsets.US_ASCII);
        long rows = in.getInt() & 0xFFFFFFFFL;
        long columns = in.getInt() & 0xFFFFFFFFL;
        // Each factor is bounded before multiplying: two 32-bit counts can overflow even a long.
        if (rows < 1 || columns < 1 || rows > MAX_TENSOR_VALUES || columns > MAX_TENSOR_VALUES
                || rows * columns > MAX_TENSOR_VALUES) {
            throw new InvalidSnapshotException("tensor " + name + " shape " + rows + "x" + columns
                    + " is empty or has more than 2^28 values", in.position() - 8);
        }
        Quantization dtype = Quantization.ofCode(in.get() & 0xFF);
        if (dtype == null) {
            throw new InvalidSnapshotException("tensor " + name + " has an unknown dtype", in.position() - 1);
        }
        long dataLength = switch (dtype) {
            case FLOAT32 -> 4 * rows * columns;
            case INT8 -> 4 * rows + rows * columns;
            case INT4 -> 4 * rows + rows * ((columns + 1) / 2);
        };
        if (dataLength > in.remaining()) {
            throw new InvalidSnapshotException("tensor " + name + " needs " + dataLength + " bytes but only "
                    + in.remaining() + " remain", in.position());
        }
        int r0 = (int) rows;
        int c0 = (int) columns;
        float[] values = new float[r0 * c0];
        if (dtype == Quantization.FLOAT32) {
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.intBitsToFloat(in.getInt());
            }
        } else {
            float[] scales = new float[r0];
            for (int r = 0; r < r0; r++) {
                scales[r] = Float.intBitsToFloat(in.getInt());
                if (!(scales[r] >= 0) || Float.isInfinite(scales[r])) {
                    throw new InvalidSnapshotException("tensor " + name + " row " + r + " has scale " + scales[r],
                            in.position() - 4);
                }
            }
            for (int r = 0; r < r0; r++) {
                for (int c = 0; c < c0; c++) {
                    int q;
                    if (dtype == Quantization.INT8) {
                        q = in.get();
                        if (q < -127) {
                            throw new InvalidSnapshotException("tensor " + name + " has int8 value -128", in.position() - 1);
                        }
                    } else {
                        int packed = in.get(in.position()) & 0xFF;
                        q = (c & 1) == 0 ? packed & 0xF : packed >>> 4;
                        q = (q ^ 8) - 8; // sign-extend the nibble
                        if (q < -7) {
                            throw new InvalidSnapshotException("tensor " + name + " has int4 value -8", in.position());
                        }
                        if ((c & 1) == 1 || c == c0 - 1) {
                            in.get();
                        }
                    }
                    values[r * c0 + c] = q * scales[r];
                }
            }
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new InvalidSnapshotException("tensor " + name + " has a non-finite value", start);
            }
        }
        return new StoredTensor(name, r0, c0, dtype, values);
    }

    private static void need(ByteBuffer in, int bytes, String what) throws InvalidSnapshotException {
        if (in.remaining() < bytes) {
            throw new InvalidSnapshotException(what + " runs past the end", in.position());
        }
    }

    private static String strictUtf8(byte[] bytes, int offset, int length) throws InvalidSnapshotException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSnapshotException("spec is not valid UTF-8", offset);
        }
    }

    /**
     * Copies the stored tensors into {@code model}, which must have exactly these tensors (same
     * names, shapes and order).
     *
     * @throws InvalidSnapshotException if they differ
     */
    public void loadInto(NeuralPredictor model) throws InvalidSnapshotException {
        List<Tensor> targets = model.tensors();
        if (targets.size() != tensors.size()) {
            throw new InvalidSnapshotException("snapshot has " + tensors.size() + " tensors but model '" + spec
                    + "' has " + targets.size(), 0);
        }
        for (int i = 0; i < targets.size(); i++) {
            Tensor target = targets.get(i);
            StoredTensor stored = tensors.get(i);
            if (!target.name().equals(stored.name()) || target.rows() != stored.rows()
                    || target.columns() != stored.columns()) {
                throw new InvalidSnapshotException("tensor " + i + " is " + stored.name() + "[" + stored.rows() + "x"
                        + stored.columns() + "] but model '" + spec + "' needs " + target, 0);
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).load(tensors.get(i).values());
        }
    }

    /** Checks that the spec parses and names a neural model whose tensors match this snapshot. */
    NeuralPredictor instantiate(String codingSpec) throws InvalidSnapshotException {
        NeuralPredictor model;
        try {
            model = NeuralSpecs.predictor(Spec.parse(codingSpec));
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException("spec '" + codingSpec + "' does not build a neural model: "
                    + e.getMessage(), 6);
        }
        loadInto(model);
        return model;
    }

    /** The spec the model was trained with. */
    public String spec() {
        return spec;
    }

    /** How the multi-row tensors are stored. */
    public Quantization quantization() {
        return quantization;
    }

    /** SHA-256 of the training data. */
    public byte[] dataSha256() {
        return dataSha256.clone();
    }

    /** Length of the training data. */
    public long dataBytes() {
        return dataBytes;
    }

    /** The stored tensors, dequantized, in file order. */
    public List<StoredTensor> tensors() {
        return tensors;
    }

    /** The file bytes (a copy). */
    public byte[] bytes() {
        return encoded.clone();
    }

    /** Size of the file: the model's description length in bytes. */
    public long sizeBytes() {
        return encoded.length;
    }

    /** SHA-256 of the file bytes (a copy): what stream headers record. */
    public byte[] sha256() {
        return sha256.clone();
    }

    /** {@link #sha256()} in hex. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Writes the file atomically, replacing an existing one: it appears whole or not at all. */
    public void write(Path path) throws IOException {
        AtomicFile.write(path, encoded, true);
    }

    static byte[] sha256(byte[] bytes, int offset, int length) {
        return Sha256.of(bytes, offset, length);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}

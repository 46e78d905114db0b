package io.bitscale.core.stream;

import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.transform.MalformedTransformException;
import io.bitscale.core.transform.WordTransform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Decompresses a bitscale stream, rebuilding its model from the spec in the header.
 *
 * <pre>{@code
 * try (InputStream in = new BitscaleInputStream(Files.newInputStream(source), Models.registry())) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p><b>Guarantees.</b> No byte reaches the caller before the CRC32C of its whole frame has been
 * checked, so damaged input never yields silently wrong output: it raises
 * {@link CorruptedInputException} (with the compressed offset), {@link UnsupportedFormatException},
 * {@link MemoryLimitException}, {@link WorkLimitException} or {@link ModelMismatchException}, all
 * {@link BitscaleException}s. The first exception is remembered and rethrown by every later call.
 *
 * <p><b>Untrusted input.</b> Every length is bounded before anything is allocated for it and
 * buffers grow only as bytes actually arrive, so a short file cannot claim a large allocation. The
 * model and buffers must fit {@link StreamOptions#effectiveMemoryLimitBytes()} (by default nine
 * tenths of the free heap). A model whose factory states more work per byte than
 * {@link StreamOptions#maxOperationsPerByte()} is refused unless slow models are allowed. A coded
 * frame must carry at least the payload any model needs for its length (the coder's probabilities
 * are never closer to 1 than 2^-16), so the work of decoding is bounded by the input's length.
 *
 * <p><b>Concatenation.</b> Streams written one after another decode in turn, each member with its
 * own model, like gzip and xz; bytes after an end record that do not start another member are
 * {@link CorruptedInputException}. With {@code concatenated = false} the reader stops after the
 * first member and reads nothing beyond it.
 *
 * <p><b>Transforms.</b> A stream whose header names a transform ({@link StreamTransform}) is
 * inverted frame by frame after decoding, with the transform's dictionary starting afresh every
 * block; transformed data that does not decode to exactly the frame's declared length is
 * {@link CorruptedInputException} (check {@code TRANSFORM}), before its CRC is even computed.
 *
 * <p>Memory: with one thread, the model, one frame and one payload; with N threads (blocks decoded
 * in parallel), N models and up to N blocks with their compressed records. Not thread-safe.
 */
public final class BitscaleInputStream extends InputStream {

    /** No memory limit. */
    public static final long NO_LIMIT = StreamOptions.NO_MEMORY_LIMIT;

    private final InputStream in;
    private final ModelResolver resolver;
    private final StreamOptions options;
    private long memoryLimitBytes;
    private final CRC32C crc = new CRC32C();
    private final byte[] one = new byte[1];
    private final StreamHeader firstHeader;

    // The member being read.
    private StreamHeader header;
    private PredictorFactory factory;
    /** The member's models: one per thread, restarted between blocks when the model can restart. */
    private ModelPool models;
    private long modelBytes;
    private boolean bitModel;
    private int threads;
    private long memberBytes;
    private long memberFrames;
    private long positionInBlock;

    // One thread: the current block's model and the frame being served.
    private PredictiveCoder loop;
    private FrameDecoder frameDecoder;
    private byte[] payload = new byte[0];
    private byte[] frame = new byte[0];
    private int frameLength;
    private int framePosition;

    // Several threads: blocks decoded ahead, served in order.
    private ExecutorService pool;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
    /** Each worker's dictionary, reset at the start of every block it decodes. */
    private final ThreadLocal<WordTransform> workerWords = ThreadLocal.withInitial(WordTransform::new);
    private boolean memberEndRead;

    private long offset;
    private long uncompressedBytes;
    private long frameCount;
    private int members;
    private boolean endOfStream;
    private boolean closed;
    private IOException failure;

    /**
     * Whether {@code signature} starts like a bitscale stream: the four magic bytes
     * {@code 89 42 53 43} ({@code \x89BSC}), whatever the format version (the constructor checks
     * that). For format detectors, in the manner of commons-compress's {@code matches} methods.
     *
     * @param signature the first bytes of the input
     * @param length    how many of them were read
     */
    public static boolean matches(byte[] signature, int length) {
        if (length < ContainerFormat.MAGIC.length || signature.length < ContainerFormat.MAGIC.length) {
            return false;
        }
        for (int i = 0; i < ContainerFormat.MAGIC.length; i++) {
            if (signature[i] != ContainerFormat.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes with the model the header names and the default options (memory limit from the heap). */
    public BitscaleInputStream(InputStream in, ModelResolver resolver) throws IOException {
        this(in, resolver, StreamOptions.DEFAULT);
    }

    /** Decodes with the default options and an explicit memory limit. */
    public BitscaleInputStream(InputStream in, ModelResolver resolver, long memoryLimitBytes) throws IOException {
        this(in, resolver, StreamOptions.DEFAULT.withMemoryLimitBytes(memoryLimitBytes));
    }

    /**
     * Reads and checks the header, then builds the model it names.
     *
     * @param in       the compressed stream
     * @param resolver turns the header's spec into a model
     * @param options  the reader's limits, threads and concatenation (frame and block sizes come
     *                 from the stream)
     * @throws UnsupportedFormatException if the input is not a bitscale stream this build reads,
     *                                    or the resolver does not know its model
     * @throws CorruptedInputException    if the header is damaged or truncated
     * @throws MemoryLimitException       if the model or buffers need more than the limit
     * @throws WorkLimitException         if the model needs more work per byte than allowed
     * @throws ModelMismatchException     if the resolver's model has another snapshot digest
     */
    public BitscaleInputStream(InputStream in, ModelResolver resolver, StreamOptions options) throws IOException {
        if (in == null || resolver == null || options == null) {
            throw new NullPointerException("in, resolver and options are required");
        }
        this.in = in;
        this.resolver = resolver;
        this.options = options;
        this.memoryLimitBytes = options.effectiveMemoryLimitBytes();
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        offset += got;
        startMember(magic, got);
        this.firstHeader = header;
    }

    /** The header of the first stream (member) read. */
    public StreamHeader header() {
        return firstHeader;
    }

    /** The header of the member being read now (differs from {@link #header()} after concatenation). */
    public StreamHeader currentHeader() {
        return header;
    }

    private void startMember(byte[] magic, int got) throws IOException {
        if (got < 4 || !Arrays.equals(magic, ContainerFormat.MAGIC)) {
            if (members > 0) {
                throw new CorruptedInputException(CorruptedInputException.Check.END_RECORD, "unexpected bytes after the "
                        + "end record (" + HexFormat.ofDelimiter(" ").formatHex(magic, 0, got) + " ...): trailing garbage, "
                        + "not another bitscale stream", offset - got, null);
            }
            throw new UnsupportedFormatException("not a bitscale stream: it starts with "
                    + (got == 0 ? "nothing" : HexFormat.ofDelimiter(" ").formatHex(magic, 0, got))
                    + ", a bitscale stream starts with 89 42 53 43");
        }
        header = readHeader();
        try {
            factory = resolver.resolve(header.spec());
            models = new ModelPool(factory);
        } catch (IllegalArgumentException | StackOverflowError e) {
            throw new UnsupportedFormatException("the stream was written with model '" + header.printableSpec()
                    + "', which this build cannot create: "
                    + (e instanceof StackOverflowError ? "the spec is nested too deeply" : ContainerFormat.printable(
                    String.valueOf(e.getMessage()))), e);
        }
        byte[] expected = header.snapshotSha256();
        byte[] offered = factory.snapshotSha256();
        if (!Arrays.equals(expected, offered)) {
            throw new ModelMismatchException("the stream needs model snapshot "
                    + (expected == null ? "none" : HexFormat.of().formatHex(expected))
                    + " but the model offered has " + (offered == null ? "none" : HexFormat.of().formatHex(offered))
                    + "; pass the snapshot the stream was compressed with");
        }
        long work = factory.operationsPerByte();
        if (work > options.maxOperationsPerByte() && !options.allowSlowModels()) {
            throw new WorkLimitException(header.printableSpec(), work, options.maxOperationsPerByte());
        }
        modelBytes = factory.memoryBytes();
        threads = header.blockBytes() == 0 ? 1 : options.threads();
        boolean transformed = header.transform() != StreamTransform.NONE;
        long buffers = threads == 1
                ? 2L * header.frameBytes()
                : 3L * Math.min(header.blockBytes(), 1L << 30);
        if (transformed) {
            // the dictionary, and the transformed bytes of a frame (at most twice the frame)
            buffers += WordTransform.MEMORY_BYTES + 2L * header.frameBytes();
        }
        long needed = saturatedSum(saturatedProduct(Math.max(0, modelBytes), threads), saturatedProduct(buffers, threads));
        if (modelBytes < 0 || !fitsMemory(needed)) {
            throw new MemoryLimitException("model '" + header.printableSpec() + "' with " + header.frameBytes()
                    + "-byte frames" + (threads > 1 ? " on " + threads + " threads" : ""), needed, memoryLimitBytes);
        }
        if (threads > 1 && header.blockBytes() > (1 << 30)) {
            threads = 1;    // blocks this large are decoded as they stream, on one thread
        }
        loop = null;
        frameDecoder = null;
        members++;
        memberBytes = 0;
        memberFrames = 0;
        positionInBlock = 0;
        memberEndRead = false;
        if (threads > 1 && pool == null) {
            pool = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "bitscale-block-decoder");
                thread.setDaemon(true);
                return thread;
            });
        }
        // The kind of model decides how few payload bits a frame can have.
        PredictiveCoder first = createModel();
        bitModel = first.predictor() instanceof BitPredictor;
        if (threads > 1) {
            models.give(first.predictor());    // the first block's worker takes it
        }
    }

    /**
     * Whether {@code needed} bytes fit the memory limit. The automatic limit counts garbage not yet
     * collected as used heap, so before it refuses anything the heap is collected once and the
     * limit read again: a stream is refused for the live heap, never for a collector that has not
     * run yet. Explicit limits are compared as given.
     */
    private boolean fitsMemory(long needed) {
        if (needed <= memoryLimitBytes) {
            return true;
        }
        if (options.memoryLimitBytes() != StreamOptions.AUTO_MEMORY_LIMIT) {
            return false;
        }
        System.gc();
        memoryLimitBytes = options.effectiveMemoryLimitBytes();
        return needed <= memoryLimitBytes;
    }

    private PredictiveCoder createModel() throws MemoryLimitException {
        try {
            PredictiveCoder created = PredictiveCoder.of(models.take());
            if (threads == 1) {
                loop = created;
            }
            return created;
        } catch (OutOfMemoryError e) {
            throw new MemoryLimitException("model '" + header.printableSpec() + "' (the heap ran out while building it)",
                    modelBytes, memoryLimitBytes);
        }
    }

    private StreamHeader readHeader() throws IOException {
        long start = offset - 4;
        crc.reset();
        crc.update(ContainerFormat.MAGIC);
        int version = readHeaderByte();
        if (version != ContainerFormat.VERSION) {
            throw new UnsupportedFormatException("format version " + version + " is not supported by this build, which "
                    + "reads version " + ContainerFormat.VERSION + (version == 1
                    ? " (version 1 streams were written by development builds before the presets and container "
                    + "changed; decompress them with the build that wrote them)" : ""));
        }
        int flags = readHeaderByte();
        if ((flags & ~ContainerFormat.KNOWN_FLAGS) != 0) {
            throw new UnsupportedFormatException(String.format("unknown header flags 0x%02x", flags));
        }
        int frameLog2 = readHeaderByte();
        int minLog2 = Integer.numberOfTrailingZeros(StreamOptions.MIN_FRAME_BYTES);
        int maxLog2 = Integer.numberOfTrailingZeros(StreamOptions.MAX_FRAME_BYTES);
        if (frameLog2 < minLog2 || frameLog2 > maxLog2) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER, "header frame size 2^" + frameLog2
                    + " outside 2^" + minLog2 + "..2^" + maxLog2, offset - 1, null);
        }
        int blockLog2 = readHeaderByte();
        if (blockLog2 != ContainerFormat.ONE_BLOCK && (blockLog2 < frameLog2 || blockLog2 > ContainerFormat.MAX_BLOCK_LOG2)) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER, "header block size 2^" + blockLog2
                    + " outside 2^" + frameLog2 + "..2^" + ContainerFormat.MAX_BLOCK_LOG2, offset - 1, null);
        }
        long specLength = readVarint(true, "header");
        if (specLength < 1 || specLength > ContainerFormat.MAX_SPEC_BYTES) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER, "header model spec length "
                    + specLength + " outside 1.." + ContainerFormat.MAX_SPEC_BYTES, offset, null);
        }
        byte[] specBytes = readExactly((int) specLength, "header model spec");
        crc.update(specBytes);
        String spec;
        try {
            spec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(specBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER, "header model spec is not valid UTF-8",
                    offset, e);
        }
        byte[] snapshot = null;
        if ((flags & ContainerFormat.FLAG_SNAPSHOT) != 0) {
            snapshot = readExactly(ContainerFormat.SHA256_BYTES, "header snapshot digest");
            crc.update(snapshot);
        }
        StreamTransform transform = StreamTransform.NONE;
        if ((flags & ContainerFormat.FLAG_TRANSFORM) != 0) {
            int id = readHeaderByte();
            transform = StreamTransform.ofId(id);
            if (transform == null || transform == StreamTransform.NONE) {
                throw new UnsupportedFormatException("the stream names transform " + id + ", which this build does "
                        + "not know (it knows 1, words)");
            }
        }
        int computed = (int) crc.getValue();
        int stored = readIntLE("header checksum");
        if (stored != computed) {
            throw new CorruptedInputException(CorruptedInputException.Check.HEADER,
                    String.format("header checksum mismatch (stored %08x, computed %08x)", stored, computed), offset - 4, null);
        }
        return new StreamHeader(version, spec, 1 << frameLog2, blockLog2 == ContainerFormat.ONE_BLOCK ? 0 : 1L << blockLog2,
                snapshot, transform, (int) (offset - start));
    }

    // ---------------------------------------------------------------- reading

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
        try {
            while (framePosition == frameLength) {
                if (endOfStream) {
                    return -1;
                }
                if (threads == 1) {
                    nextRecord();
                } else {
                    nextBlock();
                }
            }
        } catch (IOException e) {
            throw fail(e);
        } catch (OutOfMemoryError e) {
            throw fail(new MemoryLimitException("decoding frame " + frameCount + " (the heap ran out)",
                    memoryLimitBytes, memoryLimitBytes));
        } catch (RuntimeException e) {
            throw fail(new CorruptedInputException(CorruptedInputException.Check.PAYLOAD,
                    "frame " + frameCount + " could not be decoded: " + e, offset, e));
        }
        int n = Math.min(length, frameLength - framePosition);
        System.arraycopy(frame, framePosition, buffer, off, n);
        framePosition += n;
        return n;
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
            shutdownPool();
        }
        return failure;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One record, on one thread: a frame becomes the bytes served next. */
    private void nextRecord() throws IOException {
        long recordOffset = offset;
        int tag = readTag();
        if (tag == ContainerFormat.TAG_END) {
            readEnd(recordOffset);
            nextMemberOrEnd();
            return;
        }
        Record record = readRecord(tag, recordOffset, frameCount);
        if (loop == null) {
            createModel();
        }
        frame = ensureCapacity(frame, record.length, header.frameBytes());
        decodeRecord(record, loop, frame, 0, frameDecoder());
        frameLength = record.length;
        framePosition = 0;
        afterFrame(record.length);
        uncompressedBytes += record.length;
        frameCount++;
    }

    private FrameDecoder frameDecoder() {
        if (frameDecoder == null) {
            frameDecoder = new FrameDecoder(header.transform() == StreamTransform.WORDS ? new WordTransform() : null);
        }
        return frameDecoder;
    }

    /** Block bookkeeping after a frame of a member: a finished block means a fresh model next. */
    private void afterFrame(int length) {
        memberBytes += length;
        memberFrames++;
        positionInBlock += length;
        if (header.blockBytes() != 0 && positionInBlock == header.blockBytes()) {
            positionInBlock = 0;
            models.give(loop.predictor());
            loop = null;
            if (frameDecoder != null && frameDecoder.words != null) {
                frameDecoder.words.reset();     // the writer's dictionary starts afresh every block too
            }
        }
    }

    private int readTag() throws IOException {
        int tag = in.read();
        if (tag < 0) {
            throw new CorruptedInputException(CorruptedInputException.Check.TRUNCATION,
                    "truncated: the stream ends after frame " + frameCount + " without an end record", offset, null);
        }
        offset++;
        return tag;
    }

    /**
     * A frame record read and checked for structure, not yet decoded; {@code codedLength} is the
     * length of what the model codes: the transformed bytes of a transformed frame, else {@code length}.
     */
    private record Record(boolean stored, boolean transformed, int length, int codedLength, byte[] body, int bodyLength,
                          int crc, long offset, long index, long crcOffset) {
    }

    /** What decoding frames needs besides the model: the coder, the dictionary, a buffer. One per thread. */
    private static final class FrameDecoder {
        final ArithmeticDecoder decoder = new ArithmeticDecoder(new byte[0], 0, 0);
        /** The block's dictionary, or {@code null} for a stream without a transform. */
        final WordTransform words;
        byte[] transformed = new byte[0];

        FrameDecoder(WordTransform words) {
            this.words = words;
        }
    }

    private Record readRecord(int tag, long recordOffset, long index) throws IOException {
        boolean transformed = tag == ContainerFormat.TAG_TRANSFORMED || tag == ContainerFormat.TAG_TRANSFORMED_STORED;
        if (tag != ContainerFormat.TAG_FRAME && tag != ContainerFormat.TAG_STORED
                && !(transformed && header.transform() != StreamTransform.NONE)) {
            throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE,
                    String.format("unknown record tag 0x%02x after frame %d%s", tag, index, transformed
                            ? " (a transformed frame in a stream whose header names no transform)" : ""),
                    recordOffset, null);
        }
        boolean stored = tag == ContainerFormat.TAG_STORED || tag == ContainerFormat.TAG_TRANSFORMED_STORED;
        long longest = header.frameBytes();
        if (header.blockBytes() != 0) {
            longest = Math.min(longest, header.blockBytes() - positionInBlock);
        }
        long originalLength = readVarint(false, "frame header");
        if (originalLength < 1 || originalLength > longest) {
            throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE, "frame " + index
                    + " declares " + originalLength + " bytes, outside 1.." + longest
                    + (longest < header.frameBytes() ? " (the rest of its block)" : ""), offset, null);
        }
        long codedLength = originalLength;
        if (transformed) {
            // A code byte stands for at most MAX_CONTRACTION original bytes and a byte becomes at
            // most two (an escape): outside these bounds the lengths are lies.
            codedLength = readVarint(false, "frame header");
            long fewest = (originalLength + WordTransform.MAX_CONTRACTION - 1) / WordTransform.MAX_CONTRACTION;
            long most = WordTransform.maxEncodedLength((int) originalLength);
            if (codedLength < fewest || codedLength > most) {
                throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE, "frame " + index
                        + " declares " + codedLength + " transformed bytes for " + originalLength + " bytes, outside "
                        + fewest + ".." + most, offset, null);
            }
        }
        long bodyLength = codedLength;
        if (!stored) {
            bodyLength = readVarint(false, "frame header");
            long maxPayload = ContainerFormat.maxPayload(codedLength);
            if (bodyLength > maxPayload) {
                throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE, "frame " + index
                        + " declares a " + bodyLength + "-byte payload for " + codedLength + " bytes (at most "
                        + maxPayload + ")", offset, null);
            }
            if (bodyLength * 8.0 < ContainerFormat.minPayloadBits(codedLength, bitModel)) {
                throw new CorruptedInputException(CorruptedInputException.Check.FRAME_STRUCTURE, "frame " + index
                        + " declares " + codedLength + (transformed ? " transformed" : "") + " bytes but carries a "
                        + bodyLength + "-byte payload, less than any model can code them in", offset, null);
            }
        }
        long needed = saturatedSum(saturatedProduct(Math.max(0, modelBytes), threads),
                saturatedSum(Math.max(frame.length, originalLength), Math.max(payload.length, bodyLength)));
        if (transformed) {
            needed = saturatedSum(needed, saturatedProduct(threads, WordTransform.MEMORY_BYTES + codedLength));
        }
        if (!fitsMemory(needed)) {
            throw new MemoryLimitException("frame " + index + " at compressed byte " + recordOffset, needed,
                    memoryLimitBytes);
        }
        byte[] body = readGrowing((int) bodyLength, "frame " + index);
        int crcStored = readIntLE("checksum of frame " + index);
        return new Record(stored, transformed, (int) originalLength, (int) codedLength, body, (int) bodyLength, crcStored,
                recordOffset, index, offset - 4);
    }

    /**
     * Reads {@code length} bytes into a buffer that grows as they arrive (never more than twice
     * what was read), so a truncated file cannot force a large allocation.
     */
    private byte[] readGrowing(int length, String what) throws IOException {
        byte[] target = threads == 1 ? payload : new byte[0];
        int capacity = Math.min(length, Math.max(target.length, 1 << 16));
        if (target.length < capacity) {
            target = new byte[capacity];
        }
        int got = 0;
        while (got < length) {
            if (got == target.length) {
                target = Arrays.copyOf(target, (int) Math.min(length, 2L * target.length));
            }
            int n = in.read(target, got, Math.min(target.length, length) - got);
            if (n < 0) {
                offset += got;
                throw new CorruptedInputException(CorruptedInputException.Check.TRUNCATION,
                        "truncated: the stream ends inside " + what, offset, null);
            }
            got += n;
        }
        offset += length;
        if (threads == 1) {
            payload = target;
        }
        return target;
    }

    /**
     * Decodes (or, if stored, learns) one record into {@code out}, inverts its transform and
     * checks its CRC; the dictionary learns a frame that was not transformed.
     */
    private static void decodeRecord(Record record, PredictiveCoder model, byte[] out, int at, FrameDecoder context)
            throws CorruptedInputException {
        int length = record.length;
        if (record.transformed) {
            decodeTransformed(record, model, out, at, context);
            return;
        }
        if (record.stored) {
            System.arraycopy(record.body, 0, out, at, length);
        } else {
            decodePayload(record, model, out, at, context.decoder);
        }
        checkCrc(record, out, at);
        if (record.stored) {
            model.learn(out, at, length);   // the writer's model learned these bytes while coding them
        }
        if (context.words != null) {
            context.words.learn(out, at, length);   // the writer's dictionary learned them too
        }
    }

    private static void decodeTransformed(Record record, PredictiveCoder model, byte[] out, int at,
                                          FrameDecoder context) throws CorruptedInputException {
        byte[] coded;
        if (record.stored) {
            coded = record.body;
        } else {
            if (context.transformed.length < record.codedLength) {
                context.transformed = new byte[Math.max(record.codedLength, 2 * context.transformed.length)];
            }
            coded = context.transformed;
            decodePayload(record, model, coded, 0, context.decoder);
        }
        try {
            context.words.decode(coded, 0, record.codedLength, out, at, record.length);
        } catch (MalformedTransformException e) {
            throw new CorruptedInputException(CorruptedInputException.Check.TRANSFORM, "frame " + record.index
                    + " transformed bytes are damaged: " + e.getMessage(), record.offset, e);
        }
        checkCrc(record, out, at);
        if (record.stored) {
            model.learn(coded, 0, record.codedLength);  // the writer's model learned the transformed bytes
        }
    }

    /** Runs the arithmetic decoder over a coded record's payload, filling {@code codedLength} bytes. */
    private static void decodePayload(Record record, PredictiveCoder model, byte[] out, int at, ArithmeticDecoder decoder)
            throws CorruptedInputException {
        try {
            decoder.reset(record.body, 0, record.bodyLength);
            if (!decoder.validStart()) {
                throw new CorruptedInputException(CorruptedInputException.Check.PAYLOAD, "frame " + record.index
                        + " payload starts with a value no encoder writes", record.offset, null);
            }
            model.codeBlock(decoder, out, at, record.codedLength);
        } catch (RuntimeException e) {
            throw new CorruptedInputException(CorruptedInputException.Check.PAYLOAD, "frame " + record.index
                    + " could not be decoded: " + e.getMessage(), record.offset, e);
        }
        if (decoder.bytesRead() < record.bodyLength) {
            throw new CorruptedInputException(CorruptedInputException.Check.PAYLOAD, "frame " + record.index
                    + " payload has " + (record.bodyLength - decoder.bytesRead()) + " bytes the decoder did not use",
                    record.crcOffset, null);
        }
    }

    private static void checkCrc(Record record, byte[] out, int at) throws CorruptedInputException {
        CRC32C crc = new CRC32C();
        crc.update(out, at, record.length);
        int computed = (int) crc.getValue();
        if (computed != record.crc) {
            throw new CorruptedInputException(CorruptedInputException.Check.FRAME_CRC, String.format(
                    "frame %d checksum mismatch (stored %08x, computed %08x over %d decoded bytes)",
                    record.index, record.crc, computed, record.length), record.crcOffset, null);
        }
    }

    // ---------------------------------------------------------------- several threads

    /** Serves the next decoded block, reading and submitting blocks ahead while threads are free. */
    private void nextBlock() throws IOException {
        while (pending.size() < threads && !memberEndRead) {
            submitNextBlock();
        }
        if (pending.isEmpty()) {
            nextMemberOrEnd();
            return;
        }
        Future<byte[]> oldest = pending.removeFirst();
        byte[] block;
        try {
            block = oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decompressing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof OutOfMemoryError) {
                throw new MemoryLimitException("a block (the heap ran out)", memoryLimitBytes, memoryLimitBytes);
            }
            throw new CorruptedInputException(CorruptedInputException.Check.PAYLOAD, "a block could not be decoded: "
                    + cause, offset, cause);
        }
        frame = block;
        frameLength = block.length;
        framePosition = 0;
        uncompressedBytes += block.length;
    }

    /** Reads one block's records (or the end record) and submits its decoding. */
    private void submitNextBlock() throws IOException {
        List<Record> records = new ArrayList<>();
        long blockLength = 0;
        try {
            while (blockLength < header.blockBytes()) {
                long recordOffset = offset;
                int tag = readTag();
                if (tag == ContainerFormat.TAG_END) {
                    frameCount += records.size();
                    readEnd(recordOffset);
                    memberEndRead = true;
                    break;
                }
                Record record = readRecord(tag, recordOffset, frameCount + records.size());
                records.add(record);
                blockLength += record.length;
                memberBytes += record.length;
                memberFrames++;
                positionInBlock = (positionInBlock + record.length) % header.blockBytes();
            }
            if (!memberEndRead) {
                frameCount += records.size();
            }
        } catch (IOException e) {
            // Served in order: the blocks before this one are still delivered first.
            pending.add(CompletableFuture.failedFuture(e));
            memberEndRead = true;
            return;
        }
        if (records.isEmpty()) {
            return;
        }
        ModelPool blockModels = models;
        int length = (int) blockLength;
        boolean words = header.transform() == StreamTransform.WORDS;
        pending.add(pool.submit(() -> {
            PredictiveCoder model = PredictiveCoder.of(blockModels.take());
            WordTransform blockWords = null;
            if (words) {
                blockWords = workerWords.get();
                blockWords.reset();
            }
            FrameDecoder blockDecoder = new FrameDecoder(blockWords);
            byte[] out = new byte[length];
            int at = 0;
            for (Record record : records) {
                decodeRecord(record, model, out, at, blockDecoder);
                at += record.length;
            }
            blockModels.give(model.predictor());    // only after a block that decoded: a failed one stays unknown
            return out;
        }));
    }

    // ---------------------------------------------------------------- end records and members

    private void readEnd(long recordOffset) throws IOException {
        crc.reset();
        crc.update(ContainerFormat.TAG_END);
        long totalLength = readVarint(false, "end record");
        long frames = readVarint(false, "end record");
        int computed = (int) crc.getValue();
        int stored = readIntLE("end record");
        if (stored != computed) {
            throw new CorruptedInputException(CorruptedInputException.Check.END_RECORD, String.format(
                    "end record checksum mismatch (stored %08x, computed %08x)", stored, computed), offset - 4, null);
        }
        if (totalLength != memberBytes || frames != memberFrames) {
            throw new CorruptedInputException(CorruptedInputException.Check.END_RECORD, "end record says "
                    + totalLength + " bytes in " + frames + " frames, but " + memberBytes + " bytes in "
                    + memberFrames + " frames were read", recordOffset, null);
        }
    }

    /** After an end record: the next member, the end of the input, or trailing garbage. */
    private void nextMemberOrEnd() throws IOException {
        if (!options.concatenated()) {
            endOfStream = true;
            return;
        }
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        offset += got;
        if (got == 0) {
            endOfStream = true;
            return;
        }
        startMember(magic, got);
    }

    // ---------------------------------------------------------------- primitives

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

    private byte[] readExactly(int length, String what) throws IOException {
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

    /**
     * Reads an unsigned LEB128 varint of at most 9 bytes (63 bits), rejecting overlong forms;
     * header and end-record bytes also go into the running CRC.
     */
    private long readVarint(boolean inHeader, String what) throws IOException {
        boolean checked = inHeader || what.equals("end record");
        CorruptedInputException.Check check = inHeader ? CorruptedInputException.Check.HEADER
                : checked ? CorruptedInputException.Check.END_RECORD : CorruptedInputException.Check.FRAME_STRUCTURE;
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = readByte(what);
            if (checked) {
                crc.update(b);
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CorruptedInputException(check, "overlong length field in the " + what, offset - 1, null);
                }
                return value;
            }
        }
        throw new CorruptedInputException(check, "length field longer than 9 bytes in the " + what, offset, null);
    }

    private static byte[] ensureCapacity(byte[] buffer, int length, int most) {
        if (buffer.length >= length) {
            return buffer;
        }
        return new byte[(int) Math.min(most, Math.max(length, 2L * buffer.length))];
    }

    /** {@code a + b} for non-negative b, saturating at {@link Long#MAX_VALUE} instead of wrapping. */
    private static long saturatedSum(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private static long saturatedProduct(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
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
            shutdownPool();
            in.close();
        }
    }

    private void shutdownPool() {
        if (pool != null) {
            pending.forEach(f -> f.cancel(true));
            pending.clear();
            pool.shutdownNow();
            pool = null;
        }
    }

    /** Compressed bytes read so far, headers included. */
    public long compressedBytesRead() {
        return offset;
    }

    /** Uncompressed bytes decoded and verified so far. */
    public long uncompressedBytes() {
        return uncompressedBytes;
    }

    /** Streams (members) begun so far: more than one for concatenated input. */
    public int members() {
        return members;
    }

    /** Whether the input has been read to its end, every end record checked. */
    public boolean endOfStream() {
        return endOfStream;
    }
}

package io.bitscale.scaling.baseline;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The pure-Java general-purpose compressors bitscale is compared with in the same run, each at a
 * named setting, compressing whole in-memory inputs into their standard container (so every byte
 * a user would store is counted, as for bitscale's own container). Native codecs (zstd) are
 * measured only in the JMH module, so the library and the CLI carry no native code:
 *
 * <table>
 *   <caption>peers</caption>
 *   <tr><th>name</th><th>library</th><th>format and setting</th></tr>
 *   <tr><td>{@code deflate-6}, {@code deflate-9}</td><td>JDK {@link Deflater}</td><td>zlib stream, level 6 (the default) and 9</td></tr>
 *   <tr><td>{@code xz-6}, {@code xz-9e}</td><td>xz-java</td><td>.xz with CRC64, LZMA2 preset 6 (the default) and 9 extreme
 *       ({@code nice_len 273, depth 512}, as liblzma's {@code -9e})</td></tr>
 *   <tr><td>{@code bzip2-9}</td><td>commons-compress</td><td>.bz2, 900 kB blocks (the default)</td></tr>
 * </table>
 *
 * <p>All run single-threaded. xz reuses its large arrays between calls through one
 * {@link BasicArrayCache} (xz-java's documented way to compress many inputs), so its speed on
 * small files measures the algorithm rather than zeroing a 674 MiB match finder per call.
 *
 * <pre>{@code
 * ByteSink sink = new ByteSink(1 << 20);
 * int compressedBytes = Baseline.byName("xz-9e").compress(data, sink);
 * byte[] restored = new byte[data.length];
 * Baseline.byName("xz-9e").decompress(sink.toByteArray(), restored);
 * }</pre>
 */
public enum Baseline implements Codec {

    DEFLATE_6("deflate-6", (data, sink) -> deflate(data, sink, 6), Baseline::inflate),
    DEFLATE_9("deflate-9", (data, sink) -> deflate(data, sink, 9), Baseline::inflate),
    XZ_6("xz-6", (data, sink) -> xz(data, sink, xzOptions(6, false)), Baseline::unxz),
    XZ_9E("xz-9e", (data, sink) -> xz(data, sink, xzOptions(9, true)), Baseline::unxz),
    BZIP2_9("bzip2-9", Baseline::bzip2, Baseline::bunzip2);

    @FunctionalInterface
    private interface Compressor {
        int compress(byte[] data, ByteSink sink) throws IOException;
    }

    @FunctionalInterface
    private interface Decompressor {
        int decompress(byte[] compressed, byte[] target) throws IOException;
    }

    /** All peer names, in table order; the values of the benchmarks' {@code peer} parameter. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Baseline::peerName).toList();

    private static final ArrayCache XZ_ARRAYS = BasicArrayCache.getInstance();

    private final String peerName;
    private final Compressor compressor;
    private final Decompressor decompressor;

    Baseline(String peerName, Compressor compressor, Decompressor decompressor) {
        this.peerName = peerName;
        this.compressor = compressor;
        this.decompressor = decompressor;
    }

    @Override
    public String peerName() {
        return peerName;
    }

    /**
     * The peer with this name.
     *
     * @throws IllegalArgumentException naming the known peers
     */
    public static Baseline byName(String name) {
        for (Baseline p : values()) {
            if (p.peerName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown baseline '" + name + "'; known: " + String.join(", ", NAMES));
    }

    /**
     * Compresses all of {@code data} into {@code sink} (reset first).
     *
     * @return the compressed size, {@code sink.size()}
     */
    @Override
    public int compress(byte[] data, ByteSink sink) throws IOException {
        return compressor.compress(data, sink);
    }

    /**
     * Decompresses a whole stream written by {@link #compress} into {@code target}, which must
     * have exactly the original length.
     *
     * @return bytes written to {@code target}
     * @throws IOException if the stream is corrupt or does not decode to {@code target.length} bytes
     */
    @Override
    public int decompress(byte[] compressed, byte[] target) throws IOException {
        return decompressor.decompress(compressed, target);
    }

    private static int deflate(byte[] data, ByteSink sink, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(data);
            deflater.finish();
            sink.reset();
            // zlib's bound: input + 0.1% + 12, plus the 6-byte zlib wrapper; grow if ever exceeded.
            sink.ensureCapacity(data.length + (data.length >>> 10) + 64);
            int size = 0;
            while (!deflater.finished()) {
                if (size == sink.array().length) {
                    sink.ensureCapacity(size + 1);
                }
                size += deflater.deflate(sink.array(), size, sink.array().length - size);
            }
            sink.setSize(size);
            return size;
        } finally {
            deflater.end();
        }
    }

    private static int inflate(byte[] compressed, byte[] target) throws IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            int size = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(target, size, target.length - size);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary() || size == target.length)) {
                    throw new IOException("zlib stream does not decode to " + target.length + " bytes (got "
                            + size + ")");
                }
                size += n;
            }
            return size;
        } catch (DataFormatException e) {
            throw new IOException("corrupt zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static int bzip2(byte[] data, ByteSink sink) throws IOException {
        sink.reset();
        try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(sink, 9)) {
            out.write(data);
            out.finish();
        }
        return sink.size();
    }

    private static int bunzip2(byte[] compressed, byte[] target) throws IOException {
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(compressed))) {
            return readFully(in, target);
        }
    }

    private static LZMA2Options xzOptions(int preset, boolean extreme) {
        try {
            LZMA2Options options = new LZMA2Options(preset);
            if (extreme) {
                // liblzma's LZMA_PRESET_EXTREME for levels other than 3 and 5.
                options.setMode(LZMA2Options.MODE_NORMAL);
                options.setMatchFinder(LZMA2Options.MF_BT4);
                options.setNiceLen(273);
                options.setDepthLimit(512);
            }
            return options;
        } catch (UnsupportedOptionsException e) {
            throw new IllegalStateException("xz preset " + preset + " rejected", e);
        }
    }

    private static int xz(byte[] data, ByteSink sink, LZMA2Options options) throws IOException {
        sink.reset();
        try (XZOutputStream out = new XZOutputStream(sink, options, XZ.CHECK_CRC64, XZ_ARRAYS)) {
            out.write(data);
            out.finish();
        }
        return sink.size();
    }

    private static int unxz(byte[] compressed, byte[] target) throws IOException {
        try (InputStream in = new XZInputStream(new ByteArrayInputStream(compressed), -1, true, XZ_ARRAYS)) {
            return readFully(in, target);
        }
    }

    /** Reads exactly {@code target.length} bytes and checks the stream ends there. */
    public static int readFully(InputStream in, byte[] target) throws IOException {
        int n = in.readNBytes(target, 0, target.length);
        if (n != target.length || in.read() >= 0) {
            throw new IOException("stream does not decode to " + target.length + " bytes");
        }
        return n;
    }
}

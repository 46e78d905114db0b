package io.bitscale.jmh;

import com.github.luben.zstd.Zstd;
import io.bitscale.scaling.baseline.Baseline;
import io.bitscale.scaling.baseline.ByteSink;
import io.bitscale.scaling.baseline.Codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every in-JVM peer the benchmarks compare with: the pure-Java {@link Baseline}s plus zstd
 * through zstd-jni (native libzstd; it lives here so the library and CLI jars carry no native
 * code). {@code zstd-3} and {@code zstd-19} write a zstd frame with the content size.
 */
public final class Peers {

    /** All peer names, baselines first. */
    public static final List<String> NAMES = names();

    private Peers() {
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(Baseline.NAMES);
        names.add("zstd-3");
        names.add("zstd-19");
        return List.copyOf(names);
    }

    /**
     * The peer with this name.
     *
     * @throws IllegalArgumentException naming the known peers
     */
    public static Codec byName(String name) {
        switch (name) {
            case "zstd-3":
                return new ZstdCodec(name, 3);
            case "zstd-19":
                return new ZstdCodec(name, 19);
            default:
                for (Baseline b : Baseline.values()) {
                    if (b.peerName().equals(name)) {
                        return b;
                    }
                }
                throw new IllegalArgumentException("unknown peer '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }

    private record ZstdCodec(String peerName, int level) implements Codec {
        @Override
        public int compress(byte[] data, ByteSink sink) {
            sink.reset();
            sink.ensureCapacity((int) Zstd.compressBound(data.length));
            long size = Zstd.compress(sink.array(), data, level);
            if (Zstd.isError(size)) {
                throw new IllegalStateException("zstd level " + level + ": " + Zstd.getErrorName(size));
            }
            // compress(dst, src) writes from offset 0, where a fresh sink starts.
            sink.setSize((int) size);
            return (int) size;
        }

        @Override
        public int decompress(byte[] compressed, byte[] target) throws IOException {
            long size;
            try {
                size = Zstd.decompress(target, compressed);
            } catch (RuntimeException e) { // ZstdException
                throw new IOException("corrupt zstd stream: " + e.getMessage(), e);
            }
            if (Zstd.isError(size) || size != target.length) {
                throw new IOException("zstd stream does not decode to " + target.length + " bytes: "
                        + (Zstd.isError(size) ? Zstd.getErrorName(size) : size + " bytes"));
            }
            return (int) size;
        }
    }
}

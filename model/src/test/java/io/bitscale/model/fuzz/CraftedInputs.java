package io.bitscale.model.fuzz;

import io.bitscale.core.io.Sha256;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Small hostile inputs, each aimed at one way a decoder can be made to crash, allocate without
 * bound or run for years — built here, with valid checksums where the attack needs them, so the
 * checks that refuse them are tested and measured (docs/hardening.md). Each names the exit code
 * and the message the CLI must give.
 *
 * <pre>{@code
 * for (CraftedInputs.Crafted crafted : CraftedInputs.all()) {
 *     // crafted.kind() is "stream" (decompress it) or "snapshot" (use it as --model-file)
 * }
 * }</pre>
 */
public final class CraftedInputs {

    /**
     * One crafted input.
     *
     * @param name     a file name
     * @param what     the attack, for the report
     * @param kind     {@code stream} or {@code snapshot}
     * @param bytes    the input
     * @param exitCode the CLI's exit code for it
     * @param message  a fragment the CLI's one-line message contains
     */
    public record Crafted(String name, String what, String kind, byte[] bytes, int exitCode, String message) {
    }

    private static final byte[] MAGIC = {(byte) 0x89, 'B', 'S', 'C'};

    private CraftedInputs() {
    }

    /** Every crafted input of the hardening table. */
    public static List<Crafted> all() {
        List<Crafted> all = new ArrayList<>();
        String deep = "mix(".repeat(500) + "order0" + ")".repeat(500);
        all.add(new Crafted("deep-spec.bsc", "model spec nested 500 deep in a header (valid CRC)", "stream",
                concat(header(deep, 20, 24), end(0, 0)), 3, "nest at most"));
        String huge = "mix(" + String.join(",", java.util.Collections.nCopies(60, "match(bits=28)")) + ")";
        all.add(new Crafted("huge-mixture.bsc", "header asking for a mixture of "
                + Models.factory(huge).memoryBytes() / (1L << 30) + " GiB", "stream",
                concat(header(huge, 20, 24), end(0, 0)), 3, "memory limit"));
        all.add(new Crafted("frame-1gib.bsc", "a 1 GiB payload declared in a 30-byte file", "stream",
                concat(header("order0", 26, 26), new byte[] {(byte) 0xD1}, varints(1L << 26, 1L << 30)), 3,
                "truncated"));
        all.add(new Crafted("neural-64mib-frame.bsc", "header naming mlp with a 64 MiB frame and a 10-byte payload",
                "stream", concat(header("mlp", 26, 26), new byte[] {(byte) 0xD1}, varints(1L << 26, 10), new byte[10], new byte[4]), 3,
                "less than any model can code"));
        all.add(new Crafted("slow-model.bsc", "header naming an mlp of 8 layers of 4096 units (hours per MiB)",
                "stream", concat(header("mlp(width=4096,depth=8,embed=64,ctx=16)", 20, 24), end(0, 0)), 3,
                "--allow-slow-models"));
        byte[] text = "concatenated streams decode one after the other\n".getBytes(StandardCharsets.US_ASCII);
        byte[] one = compress("order1", text);
        all.add(new Crafted("concatenated.bsc", "two streams concatenated (decoded in turn, like gzip and xz)",
                "stream", concat(one, compress("kt0", text)), 0, ""));
        all.add(new Crafted("trailing-garbage.bsc", "garbage after the end record", "stream",
                concat(one, "GARBAGE".getBytes(StandardCharsets.US_ASCII)), 3, "trailing garbage"));
        all.add(new Crafted("control-characters.bsc", "terminal escape sequences in the header's spec", "stream",
                concat(header("order0\u001b[31m\u001b]0;pwned\u0007", 20, 24), end(0, 0)), 3, "\\u001b"));
        all.add(new Crafted("overlong-end.bsc", "end record with an overlong length field (valid CRC)", "stream",
                concat(header("order0", 20, 24), endWithOverlongCount()), 3, "overlong"));
        all.add(new Crafted("unknown-transform.bsc", "header naming transform 9, which no build knows (valid CRC)",
                "stream", concat(header("order0", 20, 24, 2, new byte[] {9}), end(0, 0)), 3, "does not know"));
        all.add(new Crafted("snapshot-overflow.bsm", "snapshot whose rows x columns overflow (valid SHA-256)",
                "snapshot", overflowingSnapshot(), 3, "more than 2^28 values"));
        return all;
    }

    /** Writes every crafted input into {@code directory} (created if needed). */
    public static List<Path> writeAll(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        for (Crafted crafted : all()) {
            written.add(Files.write(directory.resolve(crafted.name()), crafted.bytes()));
        }
        return written;
    }

    /** A version 2 header with a correct CRC: any spec, any frame and block size. */
    public static byte[] header(String spec, int frameLog2, int blockLog2) {
        return header(spec, frameLog2, blockLog2, 0, new byte[0]);
    }

    /**
     * A version 2 header with a correct CRC, any flags, and the bytes the flags announce after the
     * spec (a snapshot digest, then a transform id; docs/format.md).
     */
    public static byte[] header(String spec, int frameLog2, int blockLog2, int flags, byte[] afterSpec) {
        byte[] specBytes = spec.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(2);
        out.write(flags);
        out.write(frameLog2);
        out.write(blockLog2);
        out.writeBytes(varints(specBytes.length));
        out.writeBytes(specBytes);
        out.writeBytes(afterSpec);
        return withCrc(out.toByteArray());
    }

    /** An end record with a correct CRC. */
    public static byte[] end(long totalLength, long frames) {
        return withCrc(concat(new byte[] {(byte) 0xE0}, varints(totalLength, frames)));
    }

    private static byte[] endWithOverlongCount() {
        return withCrc(new byte[] {(byte) 0xE0, 0, (byte) 0x80, 0});
    }

    private static byte[] withCrc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        int value = (int) crc.getValue();
        return concat(body, new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /** Unsigned LEB128 varints, one after another. */
    public static byte[] varints(long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long value : values) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] compress(String spec, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BitscaleOutputStream compressor = new BitscaleOutputStream(out, Models.factory(spec), new StreamOptions(1024))) {
            compressor.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A model snapshot of one tensor whose shape is 2^32-1 by 2^32-1, with a valid trailing SHA-256. */
    static byte[] overflowingSnapshot() {
        byte[] spec = "mlp".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(4 + 1 + 1 + 2 + spec.length + 32 + 8 + 2 + 1 + 1 + 4 + 4 + 1)
                .order(ByteOrder.LITTLE_ENDIAN);
        body.put(new byte[] {(byte) 0x89, 'B', 'S', 'M'}).put((byte) 1).put((byte) 0).putShort((short) spec.length)
                .put(spec).put(new byte[32]).putLong(0).putShort((short) 1).put((byte) 1).put((byte) 'w')
                .putInt(-1).putInt(-1).put((byte) 0);
        byte[] bytes = body.array();
        return concat(bytes, Sha256.of(bytes));
    }
}

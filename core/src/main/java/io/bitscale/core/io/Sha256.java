package io.bitscale.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest helper of the project: corpus checksums, snapshot identities in stream
 * headers, and result-row provenance all go through it. Files are streamed in 64 KiB chunks, so
 * gigabyte inputs are never read whole.
 *
 * <pre>{@code
 * String hex = Sha256.hex(Sha256.of(bytes));
 * String fileHex = Sha256.fileHex(Path.of("calgary/book1"));
 * }</pre>
 */
public final class Sha256 {

    /** Length of a digest in bytes. */
    public static final int BYTES = 32;
    private static final int BUFFER = 1 << 16;

    private Sha256() {
    }

    /** A fresh SHA-256 digest (every Java platform provides one). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The digest of {@code data}. */
    public static byte[] of(byte[] data) {
        return newDigest().digest(data);
    }

    /** The digest of {@code length} bytes of {@code data} from {@code offset}. */
    public static byte[] of(byte[] data, int offset, int length) {
        MessageDigest digest = newDigest();
        digest.update(data, offset, length);
        return digest.digest();
    }

    /** The digest of everything {@code in} delivers (not closed). */
    public static byte[] of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    /** Lower-case hex digest of a file, streamed. */
    public static String fileHex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return hex(of(in));
        }
    }

    /** Lower-case hex of a digest (or any bytes). */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}

package io.bitscale.bench.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streaming SHA-256 helpers; corpus files reach 1 GB, so nothing here reads a file whole. */
final class Digests {

    static final int BUFFER = 1 << 16;

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Lower-case hex SHA-256 of a file, read in 64 KiB chunks. */
    static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return hex(md.digest());
    }

    /**
     * True when {@code file} is a regular file of exactly {@code entry.bytes()} bytes and, if the
     * manifest has a checksum, that checksum. The size is checked first because it is free and
     * rejects truncated downloads without reading a gigabyte.
     */
    static boolean matches(Path file, CorpusEntry entry) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != entry.bytes()) {
            return false;
        }
        return entry.sha256() == null || entry.sha256().equals(sha256(file));
    }
}

package io.bitscale.corpora;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One file of the corpus manifest.
 *
 * <p>Guarantees (checked at construction): {@code name} is a normalised relative path with
 * {@code /} separators and no {@code .} or {@code ..} segments, so {@code root.resolve(name)}
 * always stays inside {@code root}; {@code set} is non-blank; {@code bytes >= 0}; {@code sha256}
 * is either {@code null} (no published checksum) or 64 lower-case hex digits; {@code url} is
 * absolute.
 *
 * @param name   path relative to the corpus root, e.g. {@code calgary/book1}
 * @param set    the set the file belongs to, e.g. {@code calgary}
 * @param bytes  exact size in bytes
 * @param sha256 lower-case hex SHA-256 of the file, or {@code null} when none is published
 * @param url    the canonical download: an archive holding the file, or the file itself
 */
public record CorpusEntry(String name, String set, long bytes, String sha256, URI url) {

    public CorpusEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(url, "url");
        if (!isSafeRelativeName(name)) {
            throw new IllegalArgumentException("corpus name must be a relative path without . or .. segments: '" + name + "'");
        }
        if (set.isBlank()) {
            throw new IllegalArgumentException("empty set for " + name);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size for " + name);
        }
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 of " + name + " must be 64 lower-case hex digits: '" + sha256 + "'");
        }
        if (!url.isAbsolute()) {
            throw new IllegalArgumentException("url of " + name + " must be absolute: " + url);
        }
    }

    /** The checksum, if one was published for this file. */
    public Optional<String> checksum() {
        return Optional.ofNullable(sha256);
    }

    /** The last path component of {@link #name()}: the member name inside its archive. */
    public String fileName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    private static boolean isSafeRelativeName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code file} is a regular file of exactly {@link #bytes()} bytes and, if the
     * manifest has a checksum, that checksum. The size is checked first because it is free and
     * rejects truncated downloads without reading a gigabyte; the digest is streamed.
     */
    public boolean matches(java.nio.file.Path file) throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(file) || java.nio.file.Files.size(file) != bytes) {
            return false;
        }
        return sha256 == null || sha256.equals(io.bitscale.core.io.Sha256.fileHex(file));
    }
}

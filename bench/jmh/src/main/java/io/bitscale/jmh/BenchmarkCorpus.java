package io.bitscale.jmh;

import io.bitscale.corpora.CorpusEntry;
import io.bitscale.corpora.CorpusLocator;
import io.bitscale.corpora.CorpusNotFoundException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes a benchmark runs on, by the name used in its {@code corpus} {@code @Param}.
 *
 * <p>Names: any file of the corpus manifest ({@code calgary/book1}, {@code canterbury/kennedy.xls},
 * ...), resolved by {@link CorpusLocator} (flag-free: {@code $BITSCALE_CORPORA}, then
 * {@code corpora/data}, then {@code ../shared/corpora}), plus {@value #ENWIKI_10MB}: the first
 * 10,000,000 bytes of the {@code text-enwiki} set concatenated in manifest order
 * ({@code cat text/enwiki-wikiextractor/AA/wiki_*}, which needs {@code wiki_00..wiki_09}).
 *
 * <p>Every file read is checked against the manifest's size and SHA-256 before it is used, so
 * a number in a results table always belongs to the published bytes. Loaded once per JVM and
 * cached; callers must not modify the returned arrays.
 */
public final class BenchmarkCorpus {

    /** The first {@code 10^7} bytes of the concatenated Wikipedia text. */
    public static final String ENWIKI_10MB = "enwiki-10MB";
    private static final int ENWIKI_10MB_BYTES = 10_000_000;
    private static final String ENWIKI_SET = "text-enwiki";

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private BenchmarkCorpus() {
    }

    /**
     * The bytes of a corpus name.
     *
     * @throws IllegalStateException if the name is unknown, a file is missing, or a checksum
     *     differs, with the places searched in the message
     */
    public static byte[] load(String name) {
        return CACHE.computeIfAbsent(name, BenchmarkCorpus::read);
    }

    private static byte[] read(String name) {
        CorpusLocator locator = CorpusLocator.fromEnvironment(Optional.empty());
        try {
            if (name.equals(ENWIKI_10MB)) {
                return prefixOfSet(locator, ENWIKI_SET, ENWIKI_10MB_BYTES);
            }
            return Files.readAllBytes(verified(locator, name));
        } catch (CorpusNotFoundException e) {
            throw new IllegalStateException("benchmark corpus '" + name + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("benchmark corpus '" + name + "'", e);
        }
    }

    private static byte[] prefixOfSet(CorpusLocator locator, String set, int bytes)
            throws CorpusNotFoundException, IOException {
        List<CorpusEntry> entries = locator.manifest().set(set);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes);
        for (CorpusEntry entry : entries) {
            if (out.size() >= bytes) {
                break;
            }
            out.write(Files.readAllBytes(verified(locator, entry.name())));
        }
        if (out.size() < bytes) {
            throw new IllegalStateException("set " + set + " has only " + out.size() + " bytes, need " + bytes);
        }
        return Arrays.copyOf(out.toByteArray(), bytes);
    }

    private static Path verified(CorpusLocator locator, String name) throws CorpusNotFoundException, IOException {
        Path file = locator.resolve(name);
        if (!locator.verify(name)) {
            throw new IllegalStateException(file + " does not match the manifest's size and SHA-256 for " + name);
        }
        return file;
    }
}

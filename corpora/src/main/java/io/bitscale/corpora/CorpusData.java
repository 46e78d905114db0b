package io.bitscale.corpora;

import io.bitscale.corpora.synthetic.SyntheticSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The byte streams a sweep measures, loaded once and shared (read-only) by all cells.
 *
 * <p>A corpus is named by one of:
 * <ul>
 *   <li>a manifest file or set name ({@code calgary/book1}, {@code text-enwiki}): the set's files
 *       concatenated in manifest order, resolved by {@link CorpusLocator};</li>
 *   <li>{@code file:PATH}: a file, or a directory's regular files concatenated in name order;</li>
 *   <li>{@code synthetic:SPEC}: a {@link SyntheticSource} (an infinite, prefix-consistent
 *       stream with a known entropy rate);</li>
 *   <li>{@code shuffled(BASE,seed=N)}: the finite corpus BASE with its wikiextractor documents in
 *       a seeded random order ({@link DocumentShuffle}); every prefix is then a prefix of the
 *       shuffled stream, which is built once from all of BASE's bytes;</li>
 *   <li>{@code shuffled(BASE,seed=N,unit=book)}: the same with whole books as the unit, their
 *       boundaries read from the {@link BookIndex} {@code BOOKS.tsv} beside BASE's files (for a
 *       manifest set, the manifest file {@code DIR/BOOKS.tsv} of the set's directory, resolved and
 *       looked up like any corpus file).</li>
 *   <li>{@code shuffled(BASE,seed=N,unit=book,dedup=true)}: the same without the books that
 *       repeat an earlier one ({@link NearDuplicates}); its size is that of the books kept.</li>
 * </ul>
 * The held-out split of a finite corpus is its last {@code testBytes} bytes, so every training
 * size is a prefix that never overlaps it. A synthetic stream has no end: its held-out split is
 * the {@code testBytes} bytes right after the training bytes (fresh samples of a stationary
 * source). Thread-safe; each corpus is read at most once per size needed.
 */
public final class CorpusData {

    private final Supplier<CorpusLocator> locator;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param locator resolves manifest names (called lazily, only when one is used) */
    public CorpusData(Supplier<CorpusLocator> locator) {
        this.locator = locator;
    }

    /** The synthetic source behind a {@code synthetic:} corpus, else null. */
    public static SyntheticSource synthetic(String corpus) {
        return corpus.startsWith("synthetic:") ? SyntheticSource.parse(corpus.substring("synthetic:".length())) : null;
    }

    /**
     * Checks that a corpus can be used, without reading its bytes: its files are found (or it is a
     * valid synthetic source), so a sweep can refuse a missing corpus before any cell runs.
     *
     * @throws IOException if its files are not found (for a manifest name the cause is the
     *                     locator's {@code CorpusNotFoundException}, which lists the places searched)
     */
    public void require(String corpus) throws IOException {
        entry(corpus);
    }

    /** Total bytes of a corpus; {@link Long#MAX_VALUE} for a synthetic stream. */
    public long size(String corpus) throws IOException {
        return entry(corpus).size();
    }

    /** The first {@code length} bytes (the array may be longer; read only the prefix). */
    public byte[] prefix(String corpus, long length) throws IOException {
        return entry(corpus).prefix(length);
    }

    /**
     * The training bytes and held-out split of a heldout cell: training is {@code [0, D)} and
     * the split is returned as an {@code [offset, offset + testBytes)} slice of {@code bytes}.
     *
     * @param bytes  the array holding both
     * @param offset where the held-out split starts in it
     */
    public record Split(byte[] bytes, int offset) {
    }

    /** Training prefix and held-out split for a heldout cell. */
    public Split split(String corpus, long trainBytes, long testBytes) throws IOException {
        Entry entry = entry(corpus);
        long size = entry.size();
        if (entry.source != null) {
            return new Split(entry.prefix(trainBytes + testBytes), (int) trainBytes);
        }
        if (trainBytes + testBytes > size) {
            throw new IllegalArgumentException(corpus + " has " + size + " bytes: too few for " + trainBytes
                    + " training bytes plus a held-out split of " + testBytes);
        }
        return new Split(entry.prefix(size), (int) (size - testBytes));
    }

    private Entry entry(String corpus) throws IOException {
        Entry entry = entries.get(corpus);
        if (entry == null) {
            Entry created = create(corpus);
            entry = entries.putIfAbsent(corpus, created);
            if (entry == null) {
                entry = created;
            }
        }
        return entry;
    }

    private Entry create(String corpus) throws IOException {
        SyntheticSource source = synthetic(corpus);
        if (source != null) {
            return new Entry(corpus, null, source, null, null);
        }
        if (DocumentShuffle.isShuffled(corpus)) {
            DocumentShuffle shuffle = DocumentShuffle.parse(corpus);
            List<Path> files = files(shuffle.base());
            BookIndex index = null;
            if (shuffle.unit().equals(DocumentShuffle.BOOK)) {
                // A directory base holds its own index: the corpus is the other files.
                files = files.stream().filter(f -> !f.getFileName().toString().equals(BookIndex.FILE_NAME)).toList();
                index = bookIndex(shuffle.base(), files);
            }
            return new Entry(corpus, files, null, shuffle, index);
        }
        return new Entry(corpus, files(corpus), null, null, null);
    }

    /**
     * The book index of a base corpus: for {@code file:} bases {@code BOOKS.tsv} in the directory
     * of the first file (a directory base's own index is not part of its bytes); for manifest names the manifest file {@code DIR/BOOKS.tsv}, where DIR is
     * the directory of the set's first file.
     */
    private BookIndex bookIndex(String base, List<Path> files) throws IOException {
        Path index;
        if (base.startsWith("file:")) {
            index = files.get(0).toAbsolutePath().getParent().resolve(BookIndex.FILE_NAME);
        } else {
            CorpusLocator located = locator.get();
            CorpusManifest manifest = located.manifest();
            List<CorpusEntry> set = manifest.isSet(base) ? manifest.set(base)
                    : manifest.entry(base).map(List::of).orElse(List.of());
            if (set.isEmpty()) {
                throw new IOException("unit=book: " + base + " is not a manifest set or file");
            }
            String first = set.get(0).name();
            String name = (first.contains("/") ? first.substring(0, first.lastIndexOf('/') + 1) : "") + BookIndex.FILE_NAME;
            if (manifest.entry(name).isEmpty()) {
                throw new IOException("unit=book: " + base + " has no book index; the manifest lists no " + name);
            }
            try {
                index = located.resolve(name);
            } catch (CorpusNotFoundException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if (!Files.isRegularFile(index)) {
            throw new java.nio.file.NoSuchFileException(index + " (the book index that unit=book needs)");
        }
        return BookIndex.read(index, files);
    }

    private List<Path> files(String corpus) throws IOException {
        List<Path> files;
        if (corpus.startsWith("file:")) {
            Path path = Path.of(corpus.substring("file:".length()));
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    files = list.filter(Files::isRegularFile).sorted().toList();
                }
                if (files.isEmpty()) {
                    throw new IOException(path + ": directory holds no regular files");
                }
            } else if (Files.isRegularFile(path)) {
                files = List.of(path);
            } else {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
        } else {
            try {
                files = locator.get().resolveFiles(corpus);
            } catch (CorpusNotFoundException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return files;
    }

    private static final class Entry {
        final String name;
        final List<Path> files;
        final SyntheticSource source;
        final DocumentShuffle shuffle;
        final BookIndex books;
        private long size = -1;
        private byte[] loaded = new byte[0];
        private long loadedLength;

        Entry(String name, List<Path> files, SyntheticSource source, DocumentShuffle shuffle, BookIndex books) {
            this.name = name;
            this.files = files;
            this.source = source;
            this.shuffle = shuffle;
            this.books = books;
        }

        synchronized long size() throws IOException {
            if (size < 0) {
                if (source != null) {
                    size = Long.MAX_VALUE;
                } else if (shuffle != null && shuffle.dedup()) {
                    // Which units are repeats depends on all of them: the size is known once built.
                    size = buildShuffled();
                } else {
                    size = filesSize();
                }
            }
            return size;
        }

        synchronized byte[] prefix(long length) throws IOException {
            if (length > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(name + ": " + length + " bytes exceed the 2 GiB in-memory limit");
            }
            if (length <= loadedLength) {
                return loaded;
            }
            if (source != null) {
                loaded = source.generate((int) length);
                loadedLength = length;
                return loaded;
            }
            if (length > size()) {
                throw new IllegalArgumentException(name + " has " + size() + " bytes, fewer than the " + length
                        + " the sweep asks for; lower the largest size");
            }
            if (shuffle == null) {
                loaded = read(files, (int) length);
                loadedLength = length;
            } else if (loadedLength == 0) {
                buildShuffled();
            }
            return loaded;
        }

        /**
         * Builds the whole shuffled stream (a shuffled prefix depends on every document) and
         * returns its length.
         */
        private long buildShuffled() throws IOException {
            long total = filesSize();
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(name + ": a shuffle holds all " + total
                        + " bytes in memory, above the 2 GiB limit");
            }
            byte[] all = read(files, (int) total);
            loaded = books != null ? shuffle.apply(all, books.starts()) : shuffle.apply(all);
            loadedLength = loaded.length;
            return loaded.length;
        }

        private long filesSize() throws IOException {
            long total = 0;
            for (Path file : files) {
                total += Files.size(file);
            }
            return total;
        }

        private static byte[] read(List<Path> files, int length) throws IOException {
            byte[] data = new byte[length];
            int filled = 0;
            List<Path> queue = new ArrayList<>(files);
            for (Path file : queue) {
                if (filled == length) {
                    break;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    filled += in.readNBytes(data, filled, length - filled);
                }
            }
            if (filled != length) {
                throw new IOException("read " + filled + " of " + length + " bytes from " + files.size() + " files");
            }
            return data;
        }
    }
}

package io.bitscale.corpora;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The book boundaries of a corpus made of whole books concatenated into parts, read from its
 * index file {@value #FILE_NAME} (tab-separated, header {@code part book bytes sha256}, one line
 * per book in stream order): what {@code shuffled(text-gutenberg,seed=N,unit=book)} permutes.
 *
 * <pre>{@code
 * List<Path> parts = List.of(Path.of("text/gutenberg/part-00.txt"), Path.of("text/gutenberg/part-01.txt"));
 * BookIndex index = BookIndex.read(Path.of("text/gutenberg/BOOKS.tsv"), parts);
 * int[] starts = index.starts();   // offset of every book in the concatenated parts
 * }</pre>
 *
 * <p><b>Guarantees</b> (checked by {@link #read}): the parts named in the index are exactly the
 * corpus files, in the same order, and the books of each part add up to that file's size, so
 * the starts cut the stream into whole books and nothing else. The books' own SHA-256 values
 * are kept for tests that verify them against the bytes.
 *
 * @param books the books in stream order
 */
public record BookIndex(List<Book> books) {

    /** The index file's name, beside the parts it describes. */
    public static final String FILE_NAME = "BOOKS.tsv";

    /**
     * One book.
     *
     * @param part   the file name of the part that holds it
     * @param title  the book's path in the source collection
     * @param bytes  its length
     * @param sha256 lower-case hex SHA-256 of its bytes
     */
    public record Book(String part, String title, long bytes, String sha256) {
    }

    /** Immutable. */
    public BookIndex {
        books = List.copyOf(books);
    }

    /**
     * Reads an index and checks it against the parts it describes.
     *
     * @param index the index file
     * @param parts the corpus files, in stream order
     * @throws IOException if the index is malformed or disagrees with the parts (order, names, sizes)
     */
    public static BookIndex read(Path index, List<Path> parts) throws IOException {
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals("part\tbook\tbytes\tsha256")) {
            throw new IOException(index + ": expected the header 'part<TAB>book<TAB>bytes<TAB>sha256'");
        }
        List<Book> books = new ArrayList<>();
        Map<String, Long> perPart = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] columns = lines.get(i).split("\t", -1);
            if (columns.length != 4) {
                throw new IOException(index + ":" + (i + 1) + ": expected 4 tab-separated columns");
            }
            long bytes;
            try {
                bytes = Long.parseLong(columns[2]);
            } catch (NumberFormatException e) {
                throw new IOException(index + ":" + (i + 1) + ": bytes '" + columns[2] + "' is not a number", e);
            }
            if (bytes <= 0) {
                throw new IOException(index + ":" + (i + 1) + ": a book must have at least one byte");
            }
            books.add(new Book(columns[0], columns[1], bytes, columns[3]));
            perPart.merge(columns[0], bytes, Long::sum);
        }
        List<String> names = parts.stream().map(p -> p.getFileName().toString()).toList();
        if (!new ArrayList<>(perPart.keySet()).equals(names)) {
            throw new IOException(index + " describes the parts " + perPart.keySet() + " but the corpus is " + names);
        }
        String previous = null;
        for (Book book : books) {
            if (previous != null && !previous.equals(book.part()) && names.indexOf(book.part()) < names.indexOf(previous)) {
                throw new IOException(index + ": books of " + book.part() + " are not contiguous");
            }
            previous = book.part();
        }
        for (Path part : parts) {
            long expected = perPart.get(part.getFileName().toString());
            if (Files.size(part) != expected) {
                throw new IOException(index + ": the books of " + part.getFileName() + " add up to " + expected
                        + " bytes but the file has " + Files.size(part));
            }
        }
        return new BookIndex(books);
    }

    /** The offset of every book in the concatenated parts, ascending, the first 0. */
    public int[] starts() {
        int[] starts = new int[books.size()];
        long offset = 0;
        for (int i = 0; i < books.size(); i++) {
            if (offset > Integer.MAX_VALUE) {
                throw new IllegalStateException("a book starts beyond 2^31 bytes");
            }
            starts[i] = (int) offset;
            offset += books.get(i).bytes();
        }
        return starts;
    }
}

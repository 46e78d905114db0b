package io.bitscale.corpora;

import io.bitscale.core.io.Sha256;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gutenberg text as the manifest lists it: its book index cuts the twelve parts into the 301
 * books whose SHA-256 it records, and the book shuffle through the locator is a permutation of
 * exactly those books (skipped without corpora, like every corpus test).
 */
class GutenbergBooksTest {

    @Test
    void theIndexCutsThePartsIntoItsBooksAndTheShuffleKeepsThemWhole() throws Exception {
        List<String> names = TestCorpora.files("text-gutenberg");
        assertThat(names).hasSize(12);
        Path index = TestCorpora.path("text/gutenberg/BOOKS.tsv");
        List<Path> parts = names.stream().map(TestCorpora::path).toList();
        BookIndex books = BookIndex.read(index, parts);
        assertThat(books.books()).hasSize(301);

        CorpusData corpora = new CorpusData(TestCorpora::locator);
        long size = TestCorpora.manifest().bytes("text-gutenberg");
        assertThat(size).isEqualTo(114_901_539L);
        byte[] stream = Arrays.copyOf(corpora.prefix("text-gutenberg", size), (int) size);
        int[] starts = books.starts();
        for (int i = 0; i < starts.length; i++) {
            int to = i + 1 < starts.length ? starts[i + 1] : stream.length;
            assertThat(Sha256.hex(Sha256.of(Arrays.copyOfRange(stream, starts[i], to))))
                    .as(books.books().get(i).title()).isEqualTo(books.books().get(i).sha256());
        }

        String shuffled = "shuffled(text-gutenberg,seed=0,unit=book)";
        assertThat(corpora.size(shuffled)).isEqualTo(size);
        byte[] permuted = Arrays.copyOf(corpora.prefix(shuffled, size), (int) size);
        int[] order = DocumentShuffle.permutation(starts.length, 0);
        int at = 0;
        for (int book : order) {
            int from = starts[book];
            int to = book + 1 < starts.length ? starts[book + 1] : stream.length;
            assertThat(Arrays.equals(permuted, at, at + to - from, stream, from, to)).as("book " + book).isTrue();
            at += to - from;
        }
        assertThat(at).isEqualTo(stream.length);
    }
}

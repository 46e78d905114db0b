package io.bitscale.corpora;

import io.bitscale.core.io.Sha256;
import io.bitscale.corpora.testing.TestCorpora;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gutenberg text as the manifest lists it: its book index cuts the twelve parts into the 301
 * books whose SHA-256 it records, and the book shuffle through the locator is a permutation of
 * exactly those books; with {@code dedup=true} it leaves out exactly the eight books that repeat an
 * earlier one (skipped without corpora, like every corpus test).
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

    @Test
    void dedupLeavesOutTheEightBooksThatRepeatAnEarlierOne() throws Exception {
        List<String> names = TestCorpora.files("text-gutenberg");
        List<Path> parts = names.stream().map(TestCorpora::path).toList();
        BookIndex books = BookIndex.read(TestCorpora.path("text/gutenberg/BOOKS.tsv"), parts);
        CorpusData corpora = new CorpusData(TestCorpora::locator);
        long size = TestCorpora.manifest().bytes("text-gutenberg");
        byte[] stream = Arrays.copyOf(corpora.prefix("text-gutenberg", size), (int) size);
        int[] starts = books.starts();
        boolean[] keep = NearDuplicates.keep(stream, starts);
        List<String> dropped = new ArrayList<>();
        long keptBytes = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                keptBytes += books.books().get(i).bytes();
            } else {
                dropped.add(books.books().get(i).title());
            }
        }
        // Each is the second copy of a book earlier in the index: the same translation filed under
        // its translator, the same novel under its editor, the same stories in an anthology, four
        // Beatrix Potter tales that her Great Big Treasury already holds.
        assertThat(dropped).containsExactly(
                "Poe, Edgar Allan/Famous Modern Ghost Stories.txt",
                "Potter, Beatrix/The Tale of Ginger and Pickles.txt",
                "Potter, Beatrix/The Tale of Mr. Tod.txt",
                "Potter, Beatrix/The Tale of Mrs. Tiggy-Winkle.txt",
                "Potter, Beatrix/The Tale of Samuel Whiskers; Or, The Roly-Poly Pudding.txt",
                "Scott, Walter/Anne of Geierstein; Or, The Maiden of the Mist. Volume 1.txt",
                "Wyllie, David/Metamorphosis.txt",
                "Wyllie, David/The Trial.txt");
        assertThat(keptBytes).isEqualTo(size - 1_961_199L);

        String deduped = "shuffled(text-gutenberg,seed=0,unit=book,dedup=true)";
        assertThat(corpora.size(deduped)).isEqualTo(keptBytes);
        byte[] permuted = corpora.prefix(deduped, keptBytes);
        int[] kept = IntStream.range(0, keep.length).filter(i -> keep[i]).toArray();
        int at = 0;
        for (int index : DocumentShuffle.permutation(kept.length, 0)) {
            int book = kept[index];
            int from = starts[book];
            int to = book + 1 < starts.length ? starts[book + 1] : stream.length;
            assertThat(Arrays.equals(permuted, at, at + to - from, stream, from, to)).as("book " + book).isTrue();
            at += to - from;
        }
        assertThat((long) at).isEqualTo(keptBytes);
    }
}

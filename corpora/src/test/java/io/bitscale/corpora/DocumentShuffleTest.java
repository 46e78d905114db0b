package io.bitscale.corpora;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class DocumentShuffleTest {

    @TempDir
    Path dir;

    /** A wikiextractor-like corpus: a preamble, documents, and stray bytes between some of them. */
    public static byte[] corpus(int documents, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder("preamble line\n");
        for (int d = 0; d < documents; d++) {
            text.append("<doc id=\"").append(d).append("\" title=\"T").append(d).append("\">\n");
            int lines = 1 + random.nextInt(4);
            for (int l = 0; l < lines; l++) {
                // '<doc' inside a line is text, not a document start
                text.append("line ").append(random.nextInt(1000)).append(l == 1 ? " see <doc x> here" : "").append('\n');
            }
            text.append("</doc>\n");
            if (d % 3 == 1) {
                text.append("\nbetween ").append(d).append('\n');
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The units of a stream: preamble, then each document with the bytes up to the next one. */
    private static List<String> units(byte[] data) {
        int[] starts = DocumentShuffle.documentStarts(data, data.length);
        List<String> units = new ArrayList<>();
        units.add(new String(data, 0, starts[0], StandardCharsets.UTF_8));
        for (int i = 0; i < starts.length; i++) {
            int to = i + 1 < starts.length ? starts[i + 1] : data.length;
            units.add(new String(data, starts[i], to - starts[i], StandardCharsets.UTF_8));
        }
        return units;
    }

    private static String sortedDigest(List<String> documents) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        documents.stream().sorted().forEach(d -> sha.update(d.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void permutationIsPinnedForASeed() {
        // Golden, computed by an independent Python transcription of splitmix64 + Fisher-Yates: a change
        // here changes every shuffled corpus and every published shuffled result.
        assertThat(DocumentShuffle.permutation(10, 1)).containsExactly(6, 0, 1, 9, 5, 4, 8, 7, 3, 2);
        assertThat(DocumentShuffle.permutation(10, 0)).containsExactly(5, 6, 1, 4, 8, 3, 2, 9, 0, 7);
        assertThat(DocumentShuffle.permutation(1, 1)).containsExactly(0);
        assertThat(DocumentShuffle.permutation(0, 1)).isEmpty();
    }

    @Property(tries = 200)
    void permutationIsAPermutation(@ForAll @IntRange(min = 0, max = 500) int n, @ForAll long seed) {
        int[] order = DocumentShuffle.permutation(n, seed);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertThat(sorted).containsExactly(IntStream.range(0, n).toArray());
    }

    @Test
    void everyOrderOfThreeIsEquallyLikely() {
        // 6 orders x 10,000 expected each; a biased draw (e.g. nextInt(n) instead of nextInt(i + 1))
        // moves some counts by thousands, sampling noise by about 100.
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (long seed = 0; seed < 60_000; seed++) {
            counts.merge(Arrays.toString(DocumentShuffle.permutation(3, seed)), 1, Integer::sum);
        }
        assertThat(counts).hasSize(6);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(9_500, 10_500));
    }

    @Test
    void shuffleIsAnExactPermutationOfDocuments() throws Exception {
        byte[] data = corpus(200, 5);
        byte[] shuffled = DocumentShuffle.parse("shuffled(x,seed=1)").apply(data);

        assertThat(shuffled).hasSize(data.length).isNotEqualTo(data);
        List<String> before = units(data);
        List<String> after = units(shuffled);
        assertThat(after.get(0)).isEqualTo("preamble line\n");
        assertThat(after).hasSize(201).containsExactlyInAnyOrderElementsOf(before);
        assertThat(sortedDigest(after)).isEqualTo(sortedDigest(before));
        // stray bytes travel with the document before them
        assertThat(after.stream().filter(u -> u.endsWith("\nbetween 1\n"))).hasSize(1)
                .allSatisfy(u -> assertThat(u).startsWith("<doc id=\"1\""));
        int[] sortedBytes = IntStream.range(0, data.length).map(i -> data[i]).sorted().toArray();
        assertThat(IntStream.range(0, shuffled.length).map(i -> shuffled[i]).sorted().toArray()).isEqualTo(sortedBytes);
    }

    @Test
    void sameSeedSameStreamOtherSeedOtherStream() throws Exception {
        byte[] data = corpus(100, 9);
        byte[] one = DocumentShuffle.parse("shuffled(x,seed=1)").apply(data);
        assertThat(DocumentShuffle.parse("shuffled(y,seed=1)").apply(data.clone())).isEqualTo(one);
        assertThat(DocumentShuffle.parse("shuffled(x,seed=2)").apply(data)).isNotEqualTo(one);
        assertThat(DocumentShuffle.parse("shuffled(x,seed=0)").apply(data)).isNotEqualTo(one);
    }

    @Test
    void aStreamWithoutDocumentsIsRefused() {
        byte[] text = "plain text\nwith <doc inside a line\n<document> is not one\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(plain,seed=1)").apply(text))
                .isInstanceOf(NoDocumentsException.class)
                .hasMessageContaining("'plain'").hasMessageContaining("no line starts with '<doc ");
    }

    @Test
    void parsesTheModifier() {
        assertThat(DocumentShuffle.parse("shuffled(text-enwiki,seed=1)"))
                .isEqualTo(new DocumentShuffle("text-enwiki", "wikiextractor-doc", 1));
        assertThat(DocumentShuffle.parse(" shuffled( file:/a,b/c , seed = -3 , unit = wikiextractor-doc ) "))
                .isEqualTo(new DocumentShuffle("file:/a,b/c", "wikiextractor-doc", -3));
        assertThat(DocumentShuffle.parse("shuffled(text-enwiki,unit=wikiextractor-doc,seed=7)").name())
                .isEqualTo("shuffled(text-enwiki,seed=7)");
        assertThat(DocumentShuffle.isShuffled("text-enwiki")).isFalse();
        assertThat(DocumentShuffle.parse("shuffled(text-gutenberg,dedup=true,seed=2,unit=book)"))
                .isEqualTo(new DocumentShuffle("text-gutenberg", "book", 2, true));
        assertThat(DocumentShuffle.parse("shuffled(text-gutenberg,seed=2,unit=book,dedup=true)").name())
                .isEqualTo("shuffled(text-gutenberg,seed=2,unit=book,dedup=true)");
        assertThat(DocumentShuffle.parse("shuffled(text-enwiki,seed=2,dedup=false)"))
                .isEqualTo(new DocumentShuffle("text-enwiki", "wikiextractor-doc", 2));
    }

    @Test
    void dedupLeavesOutTheRepeatedDocumentsAndShufflesTheRest() throws Exception {
        String story = "It was a dark and stormy night; the rain fell in torrents.\n"
                + "Except at occasional intervals, when it was checked by a violent gust.\n";
        String other = "Call me Ishmael. Some years ago, never mind how long precisely,\n"
                + "having little or no money in my purse, and nothing to interest me on shore.\n";
        String text = "<doc id=\"0\">\n" + story + "</doc>\n"
                + "<doc id=\"1\">\n" + other + "</doc>\n"
                + "<doc id=\"2\">\n  " + story.replace("\n", " \r\n") + "</doc>\n";
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        byte[] kept = DocumentShuffle.parse("shuffled(x,seed=1,dedup=true)").apply(data);
        List<String> units = units(kept);
        assertThat(units.subList(1, units.size())).containsExactlyInAnyOrder(
                "<doc id=\"0\">\n" + story + "</doc>\n", "<doc id=\"1\">\n" + other + "</doc>\n");
        // Without dedup the same call keeps all three.
        assertThat(DocumentShuffle.parse("shuffled(x,seed=1)").apply(data)).hasSize(data.length);
    }

    @Test
    void badModifiersSayWhatIsWrong() {
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(text-enwiki)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no seed");
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(text-enwiki,seed=1,unit=sentence)"))
                .hasMessageContaining("unknown shuffle unit 'sentence'").hasMessageContaining("wikiextractor-doc")
                .hasMessageContaining("book");
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(text-enwiki,seed=1,order=2)"))
                .hasMessageContaining("unknown shuffle option 'order'").hasMessageContaining("dedup");
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(text-enwiki,seed=1,dedup=yes)"))
                .hasMessageContaining("dedup 'yes' must be true or false");
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(text-enwiki,seed=one)"))
                .hasMessageContaining("seed 'one' is not a whole number");
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(text-enwiki,seed=1"))
                .hasMessageContaining("cannot read corpus");
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(synthetic:text-like,seed=1)"))
                .hasMessageContaining("synthetic");
        assertThatThrownBy(() -> DocumentShuffle.parse("shuffled(shuffled(text-enwiki,seed=1),seed=2)"))
                .hasMessageContaining("shuffle once");
    }

    @Test
    void corpusDataServesPrefixesOfTheShuffledStream() throws Exception {
        byte[] data = corpus(300, 11);
        Path files = Files.createDirectory(dir.resolve("AA"));
        int half = DocumentShuffle.documentStarts(data, data.length)[150];
        // Split mid-document across two files: the shuffle sees the concatenation, not the files.
        Files.write(files.resolve("wiki_00"), Arrays.copyOfRange(data, 0, half + 5));
        Files.write(files.resolve("wiki_01"), Arrays.copyOfRange(data, half + 5, data.length));
        String name = "shuffled(file:" + files + ",seed=4)";
        CorpusData corpora = new CorpusData(() -> null);

        byte[] expected = new DocumentShuffle("file:" + files, "wikiextractor-doc", 4).apply(data);
        assertThat(corpora.size(name)).isEqualTo(data.length);
        byte[] prefix = corpora.prefix(name, 1000);
        assertThat(Arrays.copyOf(prefix, 1000)).isEqualTo(Arrays.copyOf(expected, 1000));
        assertThat(Arrays.copyOf(corpora.prefix(name, data.length), data.length)).isEqualTo(expected);
        assertThat(Arrays.copyOf(corpora.prefix("file:" + files, 1000), 1000)).isEqualTo(Arrays.copyOf(data, 1000));
        assertThatThrownBy(() -> corpora.prefix(name, data.length + 1L)).hasMessageContaining("fewer than");
    }

    @Test
    void bookShuffleCutsAtTheIndexAndKeepsEveryBook() throws Exception {
        // Three parts of whole books; the books begin with varied headers, so only the index can cut them.
        String[][] parts = {{"The Project Gutenberg EBook of A\nbody a\n", "\r\nProject Gutenberg's B\nbody b b\n"},
            {"<?xml?>C\n", "   D starts with spaces\n", "E\n"}, {"F, the last book\n"}};
        Path partsDir = Files.createDirectory(dir.resolve("parts"));
        StringBuilder index = new StringBuilder("part\tbook\tbytes\tsha256\n");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> books = new ArrayList<>();
        for (int p = 0; p < parts.length; p++) {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            for (String book : parts[p]) {
                byte[] bytes = book.getBytes(StandardCharsets.UTF_8);
                part.writeBytes(bytes);
                books.add(book);
                index.append("part-0").append(p).append(".txt\tAuthor/").append(books.size()).append(".txt\t")
                        .append(bytes.length).append('\t')
                        .append(io.bitscale.core.io.Sha256.hex(io.bitscale.core.io.Sha256.of(bytes))).append('\n');
            }
            Files.write(partsDir.resolve("part-0" + p + ".txt"), part.toByteArray());
            all.writeBytes(part.toByteArray());
        }
        String name = "shuffled(file:" + partsDir + ",seed=3,unit=book)";
        assertThatThrownBy(() -> new CorpusData(() -> null).prefix(name, 10)).hasMessageContaining("BOOKS.tsv");
        Files.writeString(partsDir.resolve(BookIndex.FILE_NAME), index);

        byte[] expected = String.join("", IntStream.of(DocumentShuffle.permutation(6, 3)).mapToObj(books::get).toList())
                .getBytes(StandardCharsets.UTF_8);
        // The directory's index is not part of the corpus: the stream is the six books, reordered whole.
        CorpusData corpora = new CorpusData(() -> null);
        assertThat(corpora.size(name)).isEqualTo(all.size());
        assertThat(Arrays.copyOf(corpora.prefix(name, all.size()), all.size())).isEqualTo(expected);
        int[] starts = BookIndex.read(partsDir.resolve(BookIndex.FILE_NAME), List.of(partsDir.resolve("part-00.txt"),
                partsDir.resolve("part-01.txt"), partsDir.resolve("part-02.txt"))).starts();
        assertThat(starts).hasSize(6).startsWith(0);
        assertThat(new DocumentShuffle("x", DocumentShuffle.BOOK, 3).apply(all.toByteArray(), starts)).isEqualTo(expected);
        assertThatThrownBy(() -> new DocumentShuffle("x", DocumentShuffle.BOOK, 1).apply(all.toByteArray()))
                .hasMessageContaining("index");
        assertThat(DocumentShuffle.parse("shuffled(text-gutenberg,seed=2,unit=book)").name())
                .isEqualTo("shuffled(text-gutenberg,seed=2,unit=book)");
    }

    @Test
    void aBookIndexThatDisagreesWithItsPartsIsRefused() throws IOException {
        Path part = Files.writeString(dir.resolve("part-00.txt"), "abcdef");
        Path index = Files.writeString(dir.resolve("BOOKS.tsv"), "part\tbook\tbytes\tsha256\npart-00.txt\ta\t2\t-\n"
                + "part-00.txt\tb\t3\t-\n");
        assertThatThrownBy(() -> BookIndex.read(index, List.of(part))).hasMessageContaining("add up to 5")
                .hasMessageContaining("has 6");
        Files.writeString(index, "part\tbook\tbytes\n");
        assertThatThrownBy(() -> BookIndex.read(index, List.of(part))).hasMessageContaining("header");
        Files.writeString(index, "part\tbook\tbytes\tsha256\npart-01.txt\ta\t6\t-\n");
        assertThatThrownBy(() -> BookIndex.read(index, List.of(part))).hasMessageContaining("describes the parts");
    }

    @Test
    void corpusDataRefusesAFileWithoutDocuments() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "no documents here\n".repeat(100));
        CorpusData corpora = new CorpusData(() -> null);
        assertThatThrownBy(() -> corpora.prefix("shuffled(file:" + plain + ",seed=1)", 10))
                .isInstanceOf(NoDocumentsException.class).hasMessageContaining(plain.toString());
    }

    @Test
    void aRealWikiextractorLayoutKeepsEveryByte() throws Exception {
        // Two files as wikiextractor writes them, each ending in "</doc>\n".
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int f = 0; f < 2; f++) {
            for (int d = 0; d < 5; d++) {
                all.writeBytes(("<doc id=\"" + f + d + "\" url=\"u\" title=\"t\">\nTitle\n\nBody " + f + d
                        + ".\n</doc>\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] data = all.toByteArray();
        byte[] shuffled = DocumentShuffle.parse("shuffled(x,seed=3)").apply(data);
        assertThat(units(shuffled).get(0)).isEmpty();
        assertThat(units(shuffled)).containsExactlyInAnyOrderElementsOf(units(data));
        assertThat(new String(shuffled, StandardCharsets.UTF_8)).startsWith("<doc ").endsWith("</doc>\n");
    }
}

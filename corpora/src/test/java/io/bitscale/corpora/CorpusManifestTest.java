package io.bitscale.corpora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CorpusManifestTest {

    static final String HEADER = "name\tset\tbytes\tsha256\turl\n";
    static final String SHA = "0f1a13936e358191533aca4a32ff42906d1b7f641f3afb0a90458b2410419fcf";

    @Test
    void bundledManifestHasEveryStandardFile() throws IOException {
        CorpusManifest m = CorpusManifest.load();

        assertThat(m.entries()).hasSize(132 + 12 + 1 + 2 + 8 + 2);
        assertThat(m.sets()).containsExactly("canterbury", "calgary", "large", "text-enwiki", "text-gutenberg",
                "text-gutenberg-books", "enwik", "debian", "prefix");
        assertThat(m.set("canterbury")).hasSize(11);
        assertThat(m.set("calgary")).hasSize(18);
        assertThat(m.set("large")).hasSize(3);
        assertThat(m.set("text-enwiki")).hasSize(100);
        assertThat(m.set("enwik")).hasSize(2);
        assertThat(m.bytes("canterbury")).isEqualTo(2_810_784L);
        assertThat(m.bytes("calgary")).isEqualTo(3_251_493L);
        assertThat(m.bytes("large")).isEqualTo(11_159_482L);
        assertThat(m.bytes("text-enwiki")).isEqualTo(102_738_297L);
        assertThat(m.set("text-gutenberg")).hasSize(12);
        assertThat(m.bytes("text-gutenberg")).isEqualTo(114_901_539L);
        assertThat(m.set("text-gutenberg-books")).extracting(CorpusEntry::name).containsExactly("text/gutenberg/BOOKS.tsv");
        assertThat(m.set("debian")).hasSize(8);
        assertThat(m.bytes("debian")).isEqualTo(59_752_979L);
        assertThat(m.set("prefix")).hasSize(2);
        assertThat(m.bytes("prefix")).isEqualTo(20_000_000L);
        assertThat(m.set("debian").get(0).url().getScheme()).isEqualTo(CorpusFetcher.RECIPE_SCHEME);
    }

    @Test
    void bundledManifestHasPublishedSizes() throws IOException {
        CorpusManifest m = CorpusManifest.load();
        Map<String, Long> published = Map.of(
                "calgary/book1", 768_771L,
                "calgary/paper1", 53_161L,
                "canterbury/alice29.txt", 152_089L,
                "canterbury/lcet10.txt", 426_754L,
                "canterbury/plrabn12.txt", 481_861L,
                "canterbury/kennedy.xls", 1_029_744L,
                "canterbury/ptt5", 513_216L,
                "large/bible.txt", 4_047_392L,
                "large/world192.txt", 2_473_400L,
                "large/E.coli", 4_638_690L);
        published.forEach((name, bytes) -> assertThat(m.entry(name)).get()
                .extracting(CorpusEntry::bytes).as(name).isEqualTo(bytes));
        assertThat(m.entry("enwik8").orElseThrow().bytes()).isEqualTo(100_000_000L);
        assertThat(m.entry("enwik9").orElseThrow().bytes()).isEqualTo(1_000_000_000L);
        // ptt5 and pic are the same file, byte for byte.
        assertThat(m.entry("canterbury/ptt5").orElseThrow().sha256())
                .isEqualTo(m.entry("calgary/pic").orElseThrow().sha256());
    }

    @Test
    void bundledManifestUrlsAreTheCanonicalArchives() throws IOException {
        CorpusManifest m = CorpusManifest.load();
        assertThat(m.entry("calgary/book1").orElseThrow().url())
                .isEqualTo(URI.create("https://corpus.canterbury.ac.nz/resources/calgary.tar.gz"));
        assertThat(m.entry("canterbury/alice29.txt").orElseThrow().url())
                .isEqualTo(URI.create("https://corpus.canterbury.ac.nz/resources/cantrbry.tar.gz"));
        assertThat(m.entry("large/E.coli").orElseThrow().url())
                .isEqualTo(URI.create("https://corpus.canterbury.ac.nz/resources/large.tar.gz"));
        assertThat(m.entry("text/enwiki-wikiextractor/AA/wiki_42").orElseThrow().url().toString())
                .endsWith("/1c0fac92f29f17c1603bfffbe864e0dfdff66897/text/AA/wiki_42");
        assertThat(m.entry("enwik9").orElseThrow().url()).isEqualTo(URI.create("http://mattmahoney.net/dc/enwik9.zip"));
        assertThat(m.entries()).allSatisfy(e -> assertThat(e.sha256()).isNotNull());
    }

    @Test
    void setsKeepManifestOrderAndUnknownSetsAreEmpty() throws IOException {
        CorpusManifest m = parse(HEADER
                + "b/2\tb\t2\t-\thttps://x/b.tar.gz\n"
                + "a/1\ta\t1\t-\thttps://x/a.tar.gz\n"
                + "b/1\tb\t1\t" + SHA + "\thttps://x/b.tar.gz\n");
        assertThat(m.sets()).containsExactly("b", "a");
        assertThat(m.set("b")).extracting(CorpusEntry::name).containsExactly("b/2", "b/1");
        assertThat(m.set("nope")).isEmpty();
        assertThat(m.isSet("a")).isTrue();
        assertThat(m.isSet("a/1")).isFalse();
        assertThat(m.entry("b/2").orElseThrow().sha256()).as("'-' means no checksum").isNull();
        assertThat(m.entry("b/1").orElseThrow().checksum()).contains(SHA);
        assertThat(m.entry("b/1").orElseThrow().fileName()).isEqualTo("1");
    }

    @Test
    void commentsAndBlankLinesAreIgnored() throws IOException {
        CorpusManifest m = parse("# provenance\n\n" + HEADER + "# a comment\na/1\ta\t1\t-\thttps://x/a\n\n");
        assertThat(m.entries()).hasSize(1);
    }

    @Test
    void malformedManifestsFailWithTheLine() {
        assertThatThrownBy(() -> parse("set\tfile\tbytes\tsha256\tsource\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("test:1").hasMessageContaining("expected header");
        assertThatThrownBy(() -> parse(HEADER + "a/1\ta\t1\t-\n"))
                .hasMessageContaining("test:2").hasMessageContaining("5 tab-separated columns");
        assertThatThrownBy(() -> parse(HEADER + "a/1\ta\tmany\t-\thttps://x\n"))
                .hasMessageContaining("test:2");
        assertThatThrownBy(() -> parse(HEADER + "a/1\ta\t1\tABC\thttps://x\n"))
                .hasMessageContaining("64 lower-case hex");
        assertThatThrownBy(() -> parse(HEADER + "../etc/passwd\ta\t1\t-\thttps://x\n"))
                .hasMessageContaining("relative path");
        assertThatThrownBy(() -> parse(HEADER + "/abs\ta\t1\t-\thttps://x\n"))
                .hasMessageContaining("relative path");
        assertThatThrownBy(() -> parse(HEADER + "a/1\ta\t1\t-\thttps://x\na/1\ta\t1\t-\thttps://x\n"))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> parse(HEADER + "a\tb\t1\t-\thttps://x\nb/1\ta\t1\t-\thttps://x\n"))
                .hasMessageContaining("also a file name");
        assertThatThrownBy(() -> parse(HEADER + "a/1\ta\t1\t-\trelative/url\n"))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
    }

    @Test
    void entriesListIsImmutable() throws IOException {
        CorpusManifest m = parse(HEADER + "a/1\ta\t1\t-\thttps://x\n");
        List<CorpusEntry> entries = m.entries();
        assertThatThrownBy(() -> entries.add(entries.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.sets().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    static CorpusManifest parse(String text) throws IOException {
        return CorpusManifest.parse(new StringReader(text), "test");
    }
}

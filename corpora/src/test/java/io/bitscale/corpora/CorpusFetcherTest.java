package io.bitscale.corpora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFetcherTest {

    static final URI TGZ = URI.create("https://corpus.example/resources/calgary.tar.gz");
    static final URI ZIP = URI.create("http://example.org/dc/enwik8.zip");
    static final URI RAW = URI.create("https://raw.example/text/AA/wiki_00");

    @TempDir
    Path target;

    final Map<String, byte[]> files = new LinkedHashMap<>();
    final Map<URI, byte[]> served = new HashMap<>();
    final AtomicInteger opens = new AtomicInteger();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void corpus() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        for (String name : List.of("book1", "paper1", "pic")) {
            byte[] b = new byte[10_000 + rnd.nextInt(50_000)];
            rnd.nextBytes(b);
            files.put(name, b);
        }
        files.put("wiki_00", "<doc id=\"12\">Anarchism</doc>\n".getBytes(StandardCharsets.UTF_8));
        files.put("enwik8", "<mediawiki>tiny stand-in</mediawiki>\n".getBytes(StandardCharsets.UTF_8));
        // Archive members at the root, as in the real calgary.tar.gz, plus a decoy directory.
        served.put(TGZ, tarGz(Map.of("book1", files.get("book1"), "./paper1", files.get("paper1"),
                "pic", files.get("pic"), "README", new byte[] {1, 2, 3})));
        served.put(ZIP, zip(Map.of("enwik8", files.get("enwik8"))));
        served.put(RAW, files.get("wiki_00"));
    }

    CorpusManifest manifest(String... overrides) throws Exception {
        Map<String, String> sha = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            sha.put(overrides[i], overrides[i + 1]);
        }
        StringBuilder sb = new StringBuilder("name\tset\tbytes\tsha256\turl\n");
        row(sb, "calgary/book1", "calgary", TGZ, sha);
        row(sb, "calgary/paper1", "calgary", TGZ, sha);
        row(sb, "calgary/pic", "calgary", TGZ, sha);
        row(sb, "text/AA/wiki_00", "text", RAW, sha);
        row(sb, "enwik8", "enwik", ZIP, sha);
        return CorpusManifest.parse(new StringReader(sb.toString()), "test");
    }

    void row(StringBuilder sb, String name, String set, URI url, Map<String, String> sha) throws Exception {
        byte[] b = files.get(name.substring(name.lastIndexOf('/') + 1));
        sb.append(name).append('\t').append(set).append('\t').append(b.length).append('\t')
                .append(sha.getOrDefault(name, sha256(b))).append('\t').append(url).append('\n');
    }

    CorpusFetcher fetcher(CorpusManifest m) {
        return new CorpusFetcher(m, uri -> {
            opens.incrementAndGet();
            byte[] body = served.get(uri);
            if (body == null) {
                throw new IOException("HTTP 404 from " + uri);
            }
            return new ByteArrayInputStream(body);
        }, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unpacksALocalTarGzIntoSetDirectoriesAndVerifies() throws Exception {
        List<Path> out = fetcher(manifest()).fetch(List.of("calgary"), target);

        assertThat(out).containsExactly(target.resolve("calgary/book1"), target.resolve("calgary/paper1"),
                target.resolve("calgary/pic"));
        for (String name : List.of("book1", "paper1", "pic")) {
            assertThat(target.resolve("calgary").resolve(name)).hasBinaryContent(files.get(name));
        }
        assertThat(target.resolve("calgary/README")).doesNotExist();
        assertThat(opens).hasValue(1);
        assertThat(log()).contains("fetch  " + TGZ + "  (3 files)")
                .contains("ok     calgary/book1  (" + files.get("book1").length + " bytes, sha256 verified)");
        assertNoTemporaryFiles();
    }

    @Test
    void fetchesZipAndRawUrls() throws Exception {
        fetcher(manifest()).fetch(List.of("enwik", "text"), target);
        assertThat(target.resolve("enwik8")).hasBinaryContent(files.get("enwik8"));
        assertThat(target.resolve("text/AA/wiki_00")).hasBinaryContent(files.get("wiki_00"));
        assertThat(opens).hasValue(2);
    }

    @Test
    void verifiedFilesAreNeverOverwrittenOrDownloadedAgain() throws Exception {
        CorpusManifest m = manifest();
        fetcher(m).fetch(List.of("calgary"), target);
        Path book1 = target.resolve("calgary/book1");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(book1, old);

        fetcher(m).fetch(List.of("calgary"), target);

        assertThat(opens).as("nothing left to download").hasValue(1);
        assertThat(Files.getLastModifiedTime(book1)).isEqualTo(old);
        assertThat(log()).contains("ok     calgary/book1  (already present, verified)");
    }

    @Test
    void aCorruptExistingFileIsReplaced() throws Exception {
        CorpusManifest m = manifest();
        fetcher(m).fetch(List.of("calgary"), target);
        Files.write(target.resolve("calgary/paper1"), new byte[] {42});

        fetcher(m).fetch(List.of("calgary"), target);

        assertThat(target.resolve("calgary/paper1")).hasBinaryContent(files.get("paper1"));
        assertThat(opens).hasValue(2);
    }

    @Test
    void rejectsAChecksumMismatchAndWritesNothingForThatFile() throws Exception {
        String wrong = "0".repeat(64);
        CorpusManifest m = manifest("calgary/paper1", wrong);

        assertThatThrownBy(() -> fetcher(m).fetch(List.of("calgary"), target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch for calgary/paper1")
                .hasMessageContaining(TGZ.toString())
                .hasMessageContaining("expected " + files.get("paper1").length + " bytes, sha256 " + wrong)
                .hasMessageContaining(sha256(files.get("paper1")));
        assertThat(target.resolve("calgary/paper1")).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void rejectsAWrongSizeWithoutReadingTheWholeStream() throws Exception {
        served.put(RAW, new byte[10_000_000]);
        assertThatThrownBy(() -> fetcher(manifest()).fetch(List.of("text"), target))
                .hasMessageContaining("checksum mismatch for text/AA/wiki_00")
                .hasMessageContaining("got more than " + files.get("wiki_00").length + " bytes");
        assertThat(target.resolve("text/AA/wiki_00")).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void reportsAFileMissingFromItsArchive() throws Exception {
        served.put(TGZ, tarGz(Map.of("book1", files.get("book1"), "pic", files.get("pic"))));
        assertThatThrownBy(() -> fetcher(manifest()).fetch(List.of("calgary"), target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not contain calgary/paper1")
                .hasMessageContaining("paper1");
    }

    @Test
    void networkFailuresSayWhatFailedAndWhatToDo() throws Exception {
        CorpusFetcher offline = new CorpusFetcher(manifest(), uri -> {
            throw new ConnectException("Connection refused");
        }, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThatThrownBy(() -> offline.fetch(List.of("calgary"), target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not fetch " + TGZ)
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("--corpora DIR")
                .hasCauseInstanceOf(ConnectException.class);
        served.remove(ZIP);
        assertThatThrownBy(() -> fetcher(manifest()).fetch(List.of("enwik"), target))
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void unknownSetsAreRejectedUpFront() throws Exception {
        assertThatThrownBy(() -> fetcher(manifest()).fetch(List.of("calgary", "nope"), target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("calgary, text, enwik");
        assertThat(opens).hasValue(0);
    }

    @Test
    void entriesWithoutPublishedChecksumReportTheRecordedOne() throws Exception {
        String text = "name\tset\tbytes\tsha256\turl\n"
                + "enwik8\tenwik\t" + files.get("enwik8").length + "\t-\t" + ZIP + "\n";
        fetcher(CorpusManifest.parse(new StringReader(text), "test")).fetch(List.of("enwik"), target);
        assertThat(log()).contains("ok     enwik8  (" + files.get("enwik8").length
                + " bytes, no published checksum; recorded SHA-256 = " + sha256(files.get("enwik8")) + ")");
    }

    @Test
    void defaultOpenerReadsFileUris() throws Exception {
        Path archive = target.resolve("mirror/calgary.tar.gz");
        Files.createDirectories(archive.getParent());
        Files.write(archive, served.get(TGZ));
        try (var in = CorpusFetcher.httpOpener().open(archive.toUri())) {
            assertThat(in.readAllBytes()).isEqualTo(served.get(TGZ));
        }
    }

    void assertNoTemporaryFiles() throws IOException {
        try (var paths = Files.walk(target)) {
            assertThat(paths.map(Path::toString)).noneMatch(p -> p.endsWith(".part"));
        }
    }

    static byte[] tarGz(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            TarArchiveEntry dir = new TarArchiveEntry("docs/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            for (Map.Entry<String, byte[]> m : new java.util.TreeMap<>(members).entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(m.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(m.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] zip(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

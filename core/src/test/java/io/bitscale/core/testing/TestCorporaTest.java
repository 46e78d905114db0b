package io.bitscale.core.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The corpus locator finds the shared corpora and reads names and sizes from the manifest. */
class TestCorporaTest {

    @Test
    void listsTheStandardSetsFromTheManifest() {
        assertThat(Files.isRegularFile(TestCorpora.root().resolve("MANIFEST.tsv"))).isTrue();
        assertThat(TestCorpora.files("canterbury")).hasSize(11).contains("canterbury/alice29.txt");
        assertThat(TestCorpora.files("calgary")).hasSize(18).startsWith("calgary/bib").contains("calgary/book1");
        assertThat(TestCorpora.files("large")).containsExactlyInAnyOrder("large/E.coli", "large/bible.txt", "large/world192.txt");
        assertThat(TestCorpora.standardFiles()).hasSize(32);
        assertThat(TestCorpora.read("calgary/paper4")).hasSize(13286);
        assertThat(TestCorpora.manifest().get("calgary/book1").bytes()).isEqualTo(768771);
    }

    @Test
    void searchOrderIsPropertyThenEnvironmentThenAncestors(@TempDir Path temp) throws IOException {
        Path shared = Files.createDirectories(temp.resolve("work/shared/corpora"));
        Files.writeString(shared.resolve("MANIFEST.tsv"), "set\tfile\tbytes\tsha256\tsource\n");
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("MANIFEST.tsv"), "set\tfile\tbytes\tsha256\tsource\n");
        Path project = Files.createDirectories(temp.resolve("work/wt-x/model/target"));
        List<Path> tried = new ArrayList<>();
        assertThat(TestCorpora.locate(temp.resolve("work/wt-x").toString(), elsewhere.toString(), temp, tried))
                .as("the project root property wins").isEqualTo(shared);
        assertThat(TestCorpora.locate(temp.resolve("nowhere").toString(), elsewhere.toString(), temp, tried))
                .as("then the environment").isEqualTo(elsewhere);
        assertThat(TestCorpora.locate(null, null, project, tried)).as("then walking up from the working directory")
                .isEqualTo(shared);
        tried.clear();
        assertThat(TestCorpora.locate(null, temp.resolve("missing").toString(), temp, tried)).isNull();
        assertThat(tried).contains(temp.resolve("missing"));
    }

    @Test
    void missingCorporaSkipOrFailLoudly() {
        assertThatThrownBy(() -> TestCorpora.missing("no corpora", false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no corpora");
        assertThatThrownBy(() -> TestCorpora.missing("no corpora", true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("BITSCALE_REQUIRE_CORPORA=1");
    }

    @Test
    void refusesNamesOutsideTheManifest() {
        assertThatThrownBy(() -> TestCorpora.read("calgary/nope")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> TestCorpora.files("nope")).isInstanceOf(AssertionError.class);
    }
}

package io.bitscale.core.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

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
    void refusesNamesOutsideTheManifest() {
        assertThatThrownBy(() -> TestCorpora.read("calgary/nope")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> TestCorpora.files("nope")).isInstanceOf(AssertionError.class);
    }
}

package io.bitscale.corpora.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestCorporaTest {

    @Test
    void listsTheStandardSetsFromTheBundledManifestWithoutAnyCorpus() {
        // No file is read: these names are the same on a machine without corpora.
        assertThat(TestCorpora.files("canterbury")).hasSize(11).contains("canterbury/alice29.txt");
        assertThat(TestCorpora.files("calgary")).hasSize(18).startsWith("calgary/bib").contains("calgary/book1");
        assertThat(TestCorpora.files("large")).containsExactlyInAnyOrder("large/E.coli", "large/bible.txt", "large/world192.txt");
        assertThat(TestCorpora.standardFiles()).hasSize(32);
        assertThat(TestCorpora.manifest().entry("calgary/book1").orElseThrow().bytes()).isEqualTo(768771);
    }

    @Test
    void readsAFileCheckedAgainstTheManifest() {
        assertThat(TestCorpora.read("calgary/paper4")).hasSize(13286);
        assertThat(TestCorpora.prefix("calgary/paper4", 100)).hasSize(100);
    }

    @Test
    void missingCorporaSkipOrFailLoudly() {
        assertThatThrownBy(() -> TestCorpora.missing("no corpora", false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no corpora");
        assertThatThrownBy(() -> TestCorpora.missing("no corpora", true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("BITSCALE_REQUIRE_CORPORA=1");
    }

    @Test
    void refusesNamesOutsideTheManifestWhetherOrNotCorporaExist() {
        assertThatThrownBy(() -> TestCorpora.read("calgary/nope")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("not in the corpus manifest");
        assertThatThrownBy(() -> TestCorpora.files("nope")).isInstanceOf(AssertionError.class);
    }
}

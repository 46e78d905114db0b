package io.bitscale.corpora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusLocatorTest {

    static final byte[] X = "the x file\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] Y = "the y file, a bit longer\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    Path project;
    Path workingDir;
    Path shared;
    Path data;
    CorpusManifest manifest;

    @BeforeEach
    void layout() throws Exception {
        // tmp/project/corpora/MANIFEST.tsv, tmp/project/bench (working dir), tmp/shared/corpora
        project = Files.createDirectories(tmp.resolve("project"));
        workingDir = Files.createDirectories(project.resolve("bench"));
        data = project.resolve("corpora").resolve("data");
        shared = tmp.resolve("shared").resolve("corpora");
        String text = "name\tset\tbytes\tsha256\turl\n"
                + "demo/x\tdemo\t" + X.length + "\t" + sha256(X) + "\thttps://example.org/demo.tar.gz\n"
                + "demo/sub/y\tdemo\t" + Y.length + "\t" + sha256(Y) + "\thttps://example.org/demo.tar.gz\n"
                + "solo/z\tsolo\t3\t-\thttps://example.org/z\n";
        Files.createDirectories(project.resolve("corpora"));
        Files.writeString(project.resolve("corpora").resolve("MANIFEST.tsv"), text);
        manifest = CorpusManifest.parse(new StringReader(text), "test");
    }

    CorpusLocator locator(Optional<Path> explicit, Map<String, String> env) {
        return CorpusLocator.fromEnvironment(explicit, env, Optional.empty(), workingDir, manifest);
    }

    static void populate(Path root) throws IOException {
        Files.createDirectories(root.resolve("demo/sub"));
        Files.write(root.resolve("demo/x"), X);
        Files.write(root.resolve("demo/sub/y"), Y);
    }

    @Test
    void projectRootIsFoundByWalkingUpToTheManifest() {
        assertThat(locator(Optional.empty(), Map.of()).projectRoot()).isEqualTo(project);
    }

    @Test
    void projectRootPropertyWins() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        CorpusLocator l = CorpusLocator.fromEnvironment(Optional.empty(), Map.of(), Optional.of(other.toString()),
                workingDir, manifest);
        assertThat(l.projectRoot()).isEqualTo(other);
        assertThat(l.candidates()).extracting(CorpusLocator.Candidate::dir)
                .containsExactly(other.resolve("corpora/data"), tmp.resolve("shared/corpora"));
    }

    @Test
    void withoutProjectTheWorkingDirectoryIsTheRoot() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/deep"));
        CorpusLocator l = CorpusLocator.fromEnvironment(Optional.empty(), Map.of(), Optional.empty(), elsewhere, manifest);
        assertThat(l.projectRoot()).isEqualTo(elsewhere);
    }

    @Test
    void precedenceIsFlagThenEnvThenDataThenShared() throws Exception {
        Path flag = tmp.resolve("flag");
        Path env = tmp.resolve("env");
        for (Path p : List.of(flag, env, data, shared)) {
            populate(p);
        }
        Map<String, String> withEnv = Map.of(CorpusLocator.ENV_VAR, env.toString());

        assertThat(locator(Optional.of(flag), withEnv).root()).contains(flag);
        assertThat(locator(Optional.of(flag), withEnv).resolve("demo/x")).isEqualTo(flag.resolve("demo/x"));
        assertThat(locator(Optional.empty(), withEnv).root()).contains(env);
        assertThat(locator(Optional.empty(), withEnv).resolve("demo/x")).isEqualTo(env.resolve("demo/x"));
        assertThat(locator(Optional.empty(), Map.of()).root()).contains(data);
        assertThat(locator(Optional.empty(), Map.of()).resolve("demo/x")).isEqualTo(data.resolve("demo/x"));

        deleteTree(data);
        assertThat(locator(Optional.empty(), Map.of()).root()).contains(shared);
        assertThat(locator(Optional.empty(), Map.of()).resolve("demo/x")).isEqualTo(shared.resolve("demo/x"));

        deleteTree(shared);
        assertThat(locator(Optional.empty(), Map.of()).root()).isEmpty();
    }

    @Test
    void blankEnvIsIgnoredAndRelativePathsUseTheWorkingDirectory() throws IOException {
        populate(workingDir.resolve("mine"));
        CorpusLocator l = locator(Optional.of(Path.of("mine")), Map.of(CorpusLocator.ENV_VAR, " "));
        assertThat(l.root()).contains(workingDir.resolve("mine"));
        CorpusLocator viaEnv = locator(Optional.empty(), Map.of(CorpusLocator.ENV_VAR, "mine"));
        assertThat(viaEnv.root()).contains(workingDir.resolve("mine"));
        CorpusLocator blank = locator(Optional.empty(), Map.of(CorpusLocator.ENV_VAR, ""));
        assertThat(blank.candidates()).hasSize(2);
    }

    @Test
    void anExplicitDirectoryIsTheOnlyPlaceSearched() throws IOException {
        populate(shared);
        Path typo = tmp.resolve("corpra");
        CorpusLocator l = locator(Optional.of(typo), Map.of());
        assertThat(l.root()).isEmpty();
        assertThatThrownBy(() -> l.resolve("demo/x"))
                .isInstanceOf(CorpusNotFoundException.class)
                .hasMessageContaining("--corpora")
                .hasMessageContaining(typo.toString())
                .hasMessageContaining("[missing]")
                .hasMessageContaining("not consulted");
    }

    /** demo/x in corpora/data and solo/z in the shared place; the locator of the default places. */
    private CorpusLocator xInDataAndZInShared() throws IOException {
        Files.createDirectories(data.resolve("demo"));
        Files.write(data.resolve("demo/x"), X);
        Files.createDirectories(shared.resolve("solo"));
        Files.write(shared.resolve("solo/z"), new byte[3]);
        return locator(Optional.empty(), Map.of());
    }

    @Test
    void defaultPlacesAreSearchedFileByFile() throws Exception {
        CorpusLocator l = xInDataAndZInShared();
        assertThat(l.resolve("demo/x")).isEqualTo(data.resolve("demo/x"));
        assertThat(l.resolve("solo/z")).isEqualTo(shared.resolve("solo/z"));
    }

    /**
     * A file from the second place keeps its manifest name: {@code eval} labels its rows with
     * {@link CorpusLocator#nameOf}, and {@code corpora} counts a set file by file with
     * {@link CorpusLocator#find}, as resolving does (a label relative to the first place read
     * {@code ../../../shared/corpora/solo/z}, and the count said 0 present).
     */
    @Test
    void filesFromEitherPlaceKeepTheirManifestNames() throws Exception {
        CorpusLocator l = xInDataAndZInShared();
        assertThat(l.find("solo/z")).contains(shared.resolve("solo/z"));
        assertThat(l.find("demo/x")).contains(data.resolve("demo/x"));
        assertThat(l.find("demo/sub/y")).isEmpty();
        assertThatThrownBy(() -> l.find("demo/nope")).isInstanceOf(CorpusNotFoundException.class);
        assertThat(l.nameOf(l.resolve("solo/z"))).isEqualTo("solo/z");
        assertThat(l.nameOf(l.resolve("demo/x"))).isEqualTo("demo/x");
        Path elsewhere = tmp.resolve("elsewhere/file");
        assertThat(l.nameOf(elsewhere)).isEqualTo(elsewhere.toString());
        assertThat(locator(Optional.empty(), Map.of(CorpusLocator.ENV_VAR, CorpusLocator.NONE)).find("solo/z")).isEmpty();
    }

    @Test
    void resolveErrorsNameTheFileEveryPlaceSearchedAndTheFix() {
        CorpusLocator l = locator(Optional.empty(), Map.of());
        assertThatThrownBy(() -> l.resolve("demo/x"))
                .isInstanceOf(CorpusNotFoundException.class)
                .hasMessageContaining("corpus 'demo/x'")
                .hasMessageContaining(data.toString())
                .hasMessageContaining(shared.toString())
                .hasMessageContaining("corpora/fetch.sh")
                .hasMessageContaining("--corpora DIR")
                .satisfies(e -> assertThat(((CorpusNotFoundException) e).name()).isEqualTo("demo/x"))
                // The one-line form a command line prints says the same.
                .satisfies(e -> assertThat(((CorpusNotFoundException) e).summary()).doesNotContain("\n")
                        .contains("corpus 'demo/x'", data.toString(), shared.toString(), "corpora/fetch.sh", "--corpora DIR"));
        assertThat(l.describeSearch())
                .contains("1. <projectRoot>/corpora/data")
                .contains("2. <projectRoot>/../shared/corpora");
    }

    @Test
    void unknownNamesListTheSets() {
        CorpusLocator l = locator(Optional.empty(), Map.of());
        assertThatThrownBy(() -> l.resolve("demo/nope"))
                .isInstanceOf(CorpusNotFoundException.class)
                .hasMessageContaining("not a name in the corpus manifest")
                .hasMessageContaining("demo, solo");
        assertThatThrownBy(() -> l.resolveSet("nope")).hasMessageContaining("not a set");
    }

    @Test
    void setsResolveToAllFilesInManifestOrderFromOnePlace() throws Exception {
        populate(shared);
        Files.createDirectories(data.resolve("demo"));
        Files.write(data.resolve("demo/x"), X); // incomplete copy: y is missing here
        CorpusLocator l = locator(Optional.empty(), Map.of());

        assertThat(l.resolveSet("demo")).containsExactly(shared.resolve("demo/x"), shared.resolve("demo/sub/y"));
        assertThat(l.resolve("demo")).isEqualTo(shared.resolve("demo"));
        assertThat(l.resolveFiles("demo")).hasSize(2);
        assertThat(l.resolveFiles("demo/sub/y")).containsExactly(shared.resolve("demo/sub/y"));

        deleteTree(shared);
        assertThatThrownBy(() -> l.resolveSet("demo"))
                .isInstanceOf(CorpusNotFoundException.class)
                .hasMessageContaining("set incomplete")
                .hasMessageContaining("1 of 2 files")
                .hasMessageContaining("demo/sub/y");
    }

    @Test
    void verifyDetectsAFlippedByte() throws Exception {
        populate(data);
        CorpusLocator l = locator(Optional.empty(), Map.of());
        assertThat(l.verify("demo/x")).isTrue();
        assertThat(l.verify("demo")).isTrue();

        try (RandomAccessFile f = new RandomAccessFile(data.resolve("demo/sub/y").toFile(), "rw")) {
            f.seek(5);
            int b = f.read();
            f.seek(5);
            f.write(b ^ 0x01);
        }
        assertThat(l.verify("demo/sub/y")).isFalse();
        assertThat(l.verify("demo")).isFalse();
        assertThat(l.verify("demo/x")).isTrue();
    }

    @Test
    void verifyChecksTheSizeWhenNoChecksumIsPublished() throws Exception {
        Files.createDirectories(data.resolve("solo"));
        Files.write(data.resolve("solo/z"), new byte[3]);
        CorpusLocator l = locator(Optional.empty(), Map.of());
        assertThat(l.verify("solo/z")).isTrue();
        Files.write(data.resolve("solo/z"), new byte[4]);
        assertThat(l.verify("solo/z")).isFalse();
    }

    /** On machines with ../shared/corpora, the real files resolve and verify. */
    @Test
    void realSharedCorporaResolveAndVerify() throws Exception {
        CorpusLocator real = CorpusLocator.fromEnvironment(Optional.empty(), Map.of(),
                Optional.ofNullable(System.getProperty(CorpusLocator.PROJECT_ROOT_PROPERTY)),
                Path.of("").toAbsolutePath(), CorpusManifest.load());
        Path sharedRoot = real.projectRoot().resolve("../shared/corpora").normalize();
        assumeThat(Files.isRegularFile(sharedRoot.resolve("calgary/paper1"))).as("shared corpora present").isTrue();

        assertThat(real.verify("calgary/paper1")).isTrue();
        assertThat(real.verify("canterbury/ptt5")).isTrue();
        assertThat(real.resolveSet("calgary")).hasSize(18);
        assertThat(Files.size(real.resolve("calgary/book1"))).isEqualTo(768_771L);
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}

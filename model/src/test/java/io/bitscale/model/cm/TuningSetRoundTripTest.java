package io.bitscale.model.cm;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every preset round-trips every file of the tuning set (Calgary, Canterbury, large, the debian
 * set, and the 10^7-byte Wikipedia and Gutenberg prefixes when present), through the container,
 * with the size hint the container is to pass. About 77 MB per preset, so it is opt-in (a
 * separate CI job): {@code mvn -pl model test -Dtest=TuningSetRoundTripTest -Dbitscale.tuningSet=true
 * [-Dbitscale.corpora=DIR]}; a missing file is skipped.
 */
@EnabledIfSystemProperty(named = "bitscale.tuningSet", matches = "true")
class TuningSetRoundTripTest {

    static final List<String> FILES = List.of(
            "calgary/bib", "calgary/book1", "calgary/book2", "calgary/geo", "calgary/news", "calgary/obj1",
            "calgary/obj2", "calgary/paper1", "calgary/paper2", "calgary/paper3", "calgary/paper4",
            "calgary/paper5", "calgary/paper6", "calgary/pic", "calgary/progc", "calgary/progl", "calgary/progp",
            "calgary/trans", "canterbury/alice29.txt", "canterbury/asyoulik.txt", "canterbury/cp.html",
            "canterbury/fields.c", "canterbury/grammar.lsp", "canterbury/kennedy.xls", "canterbury/lcet10.txt",
            "canterbury/plrabn12.txt", "canterbury/ptt5", "canterbury/sum", "canterbury/xargs.1",
            "large/E.coli", "large/bible.txt", "large/world192.txt", "debian/man-de.txt", "debian/man-fr.txt",
            "debian/man-ru.txt", "debian/man-ja.txt", "debian/man-mixed.txt", "debian/src-py.txt",
            "debian/src-cpp.txt", "debian/dict-de.txt", "prefix/enwiki-1e7.txt", "prefix/gutenberg-1e7.txt");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String preset : List.of("fast", "default", "strong")) {
            for (String file : FILES) {
                cases.add(Arguments.of(preset, file));
            }
        }
        return cases.stream();
    }

    private static Path locate(String name) {
        List<Path> roots = new ArrayList<>();
        String configured = System.getProperty("bitscale.corpora", System.getenv("BITSCALE_CORPORA"));
        if (configured != null) {
            roots.add(Path.of(configured));
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            roots.add(dir.resolve("corpora/data"));
            roots.add(dir.resolve("../shared/corpora"));
        }
        roots.add(Path.of("/work/shared/corpora"));
        for (Path root : roots) {
            Path candidate = root.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void roundTrips(String preset, String file) throws IOException {
        Path path = locate(file);
        Assumptions.assumeTrue(path != null, "tuning-set file " + file + " not found");
        byte[] data = Files.readAllBytes(path);
        PredictorFactory factory = ((CmFactory) Models.factory(preset)).forInputBytes(data.length);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = new BitscaleOutputStream(packed, factory)) {
            out.write(data);
        }
        byte[] decoded;
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(packed.toByteArray()),
                Models.registry())) {
            decoded = in.readAllBytes();
        }
        assertThat(decoded).as("%s round trip of %s", factory.spec(), file).isEqualTo(data);
    }
}

package io.bitscale.corpora.testing;

import io.bitscale.corpora.CorpusEntry;
import io.bitscale.corpora.CorpusLocator;
import io.bitscale.corpora.CorpusManifest;
import io.bitscale.corpora.CorpusNotFoundException;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Corpus files for tests in every module, found by the one {@link CorpusLocator} (same search
 * order as the CLI: {@code $BITSCALE_CORPORA}, {@code <projectRoot>/corpora/data},
 * {@code <projectRoot>/../shared/corpora}; {@code BITSCALE_CORPORA=none} finds nothing).
 *
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("io.bitscale.corpora.testing.TestCorpora#standardFiles")
 * void roundTrips(String file) {
 *     byte[] data = TestCorpora.read(file);      // e.g. "calgary/book1"
 * }
 * }</pre>
 *
 * <p><b>Names never depend on the disk.</b> File lists come from the manifest bundled in the
 * corpora jar, so a parameterized corpus test has the same cases on every machine: where the
 * files are missing each case is <em>reported as skipped</em> (a JUnit assumption naming the
 * places searched), never silently absent. With {@code BITSCALE_REQUIRE_CORPORA=1} a missing
 * file fails the test instead. A name outside the manifest is always a failure.
 *
 * <p>Every file read is checked against its manifest size; reads are cached per JVM.
 */
public final class TestCorpora {

    /** Environment variable that turns a missing corpus into a test failure. */
    public static final String REQUIRE_ENV = "BITSCALE_REQUIRE_CORPORA";
    /** The sets every corpus round-trip test covers. */
    public static final List<String> STANDARD_SETS = List.of("canterbury", "calgary", "large");

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
    private static volatile CorpusLocator locator;

    private TestCorpora() {
    }

    /** The locator tests use: this process's environment and project root. */
    public static CorpusLocator locator() {
        CorpusLocator found = locator;
        if (found == null) {
            found = CorpusLocator.fromEnvironment(Optional.empty());
            locator = found;
        }
        return found;
    }

    /** The bundled manifest (always available, with or without the files). */
    public static CorpusManifest manifest() {
        return locator().manifest();
    }

    /** Files of the given sets in manifest order, e.g. {@code calgary/book1}. */
    public static List<String> files(String... sets) {
        List<String> names = new ArrayList<>();
        for (String set : sets) {
            List<CorpusEntry> entries = manifest().set(set);
            if (entries.isEmpty()) {
                throw new AssertionError("no set '" + set + "' in the corpus manifest; sets are " + manifest().sets());
            }
            entries.forEach(entry -> names.add(entry.name()));
        }
        return names;
    }

    /** Every file of canterbury, calgary and large (for {@code @MethodSource}). */
    public static List<String> standardFiles() {
        return files(STANDARD_SETS.toArray(new String[0]));
    }

    /**
     * The path of a corpus file; skips the calling test (or fails it under
     * {@value #REQUIRE_ENV}) when the file is not on this machine.
     *
     * @throws AssertionError if {@code name} is not in the manifest
     */
    public static Path path(String name) {
        if (manifest().entry(name).isEmpty()) {
            throw new AssertionError("'" + name + "' is not in the corpus manifest");
        }
        try {
            return locator().resolve(name);
        } catch (CorpusNotFoundException e) {
            missing(e.getMessage(), "1".equals(System.getenv(REQUIRE_ENV)));
            throw new AssertionError("unreachable", e);
        }
    }

    /** True if the file is on this machine; for tests that choose their input, never to skip silently. */
    public static boolean available(String name) {
        try {
            locator().resolve(name);
            return true;
        } catch (CorpusNotFoundException e) {
            return false;
        }
    }

    /** The bytes of a corpus file, checked against the manifest size; skips or fails as {@link #path} does. */
    public static byte[] read(String name) {
        byte[] cached = CACHE.computeIfAbsent(name, key -> {
            Path file = path(key);
            long expected = manifest().entry(key).orElseThrow().bytes();
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length != expected) {
                    throw new AssertionError(file + " has " + bytes.length + " bytes, the manifest says " + expected);
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Arrays.copyOf(cached, cached.length);
    }

    /** The first {@code length} bytes of a corpus file (all of it if shorter). */
    public static byte[] prefix(String name, int length) {
        byte[] all = read(name);
        return all.length <= length ? all : Arrays.copyOf(all, length);
    }

    /** Skips the calling test, or fails it when corpora are required. */
    static void missing(String message, boolean required) {
        if (required) {
            throw new AssertionError(message + System.lineSeparator() + "(" + REQUIRE_ENV + "=1: corpus tests must run)");
        }
        Assumptions.abort(message.lines().findFirst().orElse(message) + " (corpus test skipped; set "
                + CorpusLocator.ENV_VAR + " or run corpora/fetch.sh)");
    }
}

package io.bitscale.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the standard corpora for tests, without ever copying them into the project.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("io.bitscale.core.testing.TestCorpora#standardFiles")
 * void roundTrips(String file) {
 *     byte[] data = TestCorpora.read(file);      // e.g. "calgary/book1"
 * }
 * }</pre>
 *
 * <p><b>Where.</b> The first of: system property {@code bitscale.projectRoot} (set by surefire to
 * the reactor root) + {@code /../shared/corpora}; env {@code BITSCALE_CORPORA}; the first ancestor
 * {@code d} of the working directory with {@code d/../shared/corpora} or {@code d/shared/corpora}.
 * A candidate counts only if it holds {@code MANIFEST.tsv}.
 *
 * <p><b>Missing corpora.</b> With env {@code BITSCALE_REQUIRE_CORPORA=1} the test fails loudly;
 * otherwise it is skipped through a JUnit assumption naming what was searched.
 *
 * <p>File names come from {@code MANIFEST.tsv} (columns set, file, bytes, sha256, source); each
 * file's size is checked against the manifest when read. Reads are cached (the three standard
 * sets are 17 MB).
 */
public final class TestCorpora {

    /** The sets every corpus test covers. */
    public static final List<String> STANDARD_SETS = List.of("canterbury", "calgary", "large");

    private static final String MANIFEST = "MANIFEST.tsv";
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
    private static volatile Path root;
    private static volatile Map<String, Entry> manifest;

    /** One manifest row. */
    public record Entry(String set, String file, long bytes, String sha256) {
    }

    private TestCorpora() {
    }

    /** The corpus root (the directory holding MANIFEST.tsv); skips or fails the test if absent. */
    public static Path root() {
        Path found = root;
        if (found != null) {
            return found;
        }
        List<Path> tried = new ArrayList<>();
        found = locate(System.getProperty("bitscale.projectRoot"), System.getenv("BITSCALE_CORPORA"),
                Paths.get("").toAbsolutePath(), tried);
        if (found == null) {
            missing("corpora not found (searched " + tried + "); set -Dbitscale.projectRoot, "
                    + "BITSCALE_CORPORA, or place them in ../shared/corpora",
                    "1".equals(System.getenv("BITSCALE_REQUIRE_CORPORA")));
        }
        root = found;
        return found;
    }

    /** Fails loudly when corpora are required, otherwise skips the calling test. */
    static void missing(String message, boolean required) {
        if (required) {
            throw new AssertionError(message + " (BITSCALE_REQUIRE_CORPORA=1)");
        }
        Assumptions.assumeTrue(false, message);
    }

    /** The search order of {@link #root()}, from explicit inputs; null if nothing matches. */
    static Path locate(String projectRoot, String env, Path workingDirectory, List<Path> tried) {
        if (projectRoot != null && !projectRoot.isBlank()) {
            Path candidate = Paths.get(projectRoot).resolve("../shared/corpora").normalize();
            if (check(candidate, tried)) {
                return candidate;
            }
        }
        if (env != null && !env.isBlank()) {
            Path candidate = Paths.get(env).toAbsolutePath().normalize();
            if (check(candidate, tried)) {
                return candidate;
            }
        }
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            for (String relative : new String[] {"../shared/corpora", "shared/corpora"}) {
                Path candidate = dir.resolve(relative).normalize();
                if (check(candidate, tried)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static boolean check(Path candidate, List<Path> tried) {
        if (!tried.contains(candidate)) {
            tried.add(candidate);
        }
        return Files.isRegularFile(candidate.resolve(MANIFEST));
    }

    /** The manifest rows by file ({@code set-dir/name}), in manifest order. */
    public static Map<String, Entry> manifest() {
        Map<String, Entry> rows = manifest;
        if (rows != null) {
            return rows;
        }
        Path file = root().resolve(MANIFEST);
        rows = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length < 4) {
                    throw new AssertionError(file + " line " + (i + 1) + " has " + columns.length + " columns");
                }
                rows.put(columns[1], new Entry(columns[0], columns[1], Long.parseLong(columns[2]), columns[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        manifest = rows;
        return rows;
    }

    /** Files of one set ({@code canterbury}, {@code calgary}, {@code large}), e.g. {@code calgary/book1}. */
    public static List<String> files(String set) {
        List<String> names = new ArrayList<>();
        for (Entry entry : manifest().values()) {
            if (entry.set().equals(set)) {
                names.add(entry.file());
            }
        }
        if (names.isEmpty()) {
            throw new AssertionError("no files of set '" + set + "' in " + root().resolve(MANIFEST));
        }
        return names;
    }

    /** Files of several sets, in the order given. */
    public static List<String> files(String... sets) {
        List<String> names = new ArrayList<>();
        for (String set : sets) {
            names.addAll(files(set));
        }
        return names;
    }

    /** Every file of canterbury, calgary and large (for {@code @MethodSource}). */
    public static List<String> standardFiles() {
        return files(STANDARD_SETS.toArray(new String[0]));
    }

    /** The path of a corpus file named as in the manifest. */
    public static Path path(String file) {
        return root().resolve(file);
    }

    /** The bytes of a corpus file, checked against the manifest size; cached. */
    public static byte[] read(String file) {
        byte[] cached = CACHE.computeIfAbsent(file, name -> {
            Entry entry = manifest().get(name);
            if (entry == null) {
                throw new AssertionError("'" + name + "' is not in the corpus manifest");
            }
            try {
                byte[] bytes = Files.readAllBytes(path(name));
                if (bytes.length != entry.bytes()) {
                    throw new AssertionError(name + " has " + bytes.length + " bytes, the manifest says "
                            + entry.bytes());
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Arrays.copyOf(cached, cached.length);
    }
}

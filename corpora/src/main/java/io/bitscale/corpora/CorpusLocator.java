package io.bitscale.corpora;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds corpus files on this machine.
 *
 * <p>Search order (highest precedence first):
 * <ol>
 *   <li>an explicit directory ({@code --corpora DIR});</li>
 *   <li>the environment variable {@value #ENV_VAR};</li>
 *   <li>{@code <projectRoot>/corpora/data} (where {@code corpora/fetch.sh} puts files);</li>
 *   <li>{@code <projectRoot>/../shared/corpora} (the copy shared by the machines here).</li>
 * </ol>
 * The value {@value #NONE} (flag or environment variable) disables every place: nothing is
 * found, so a fresh machine without corpora can be imitated on one that has them (tests are
 * then skipped, the CLI falls back to synthetic data).
 * An explicit directory or the environment variable, when given, is the only place searched:
 * a mistyped path must fail loudly rather than quietly benchmark some other copy. Without
 * either, both default places are searched, file by file, so a {@code corpora/data} holding
 * only the small sets still lets the large ones come from the shared copy. Mixing roots is safe
 * because a file's identity is its manifest checksum ({@link #verify(String)}).
 *
 * <p>{@code projectRoot} is the system property {@value #PROJECT_ROOT_PROPERTY} if set, else the
 * nearest directory at or above the working directory that contains {@code corpora/MANIFEST.tsv},
 * else the working directory.
 *
 * <p>Guarantees: immutable and thread-safe; it reads the file system only when asked to
 * resolve or verify, so it always reflects the current state of the disk. Every failure to
 * resolve is a {@link CorpusNotFoundException} whose message lists the places searched.
 */
public final class CorpusLocator {

    /** Environment variable naming a corpus root. */
    public static final String ENV_VAR = "BITSCALE_CORPORA";
    /** The value of {@value #ENV_VAR} or {@code --corpora} that switches every corpus off. */
    public static final String NONE = "none";
    /** System property naming the project root (surefire sets it for tests). */
    public static final String PROJECT_ROOT_PROPERTY = "bitscale.projectRoot";

    /**
     * One place the locator searches.
     *
     * @param origin how the place was chosen, e.g. {@code --corpora} or {@code <projectRoot>/corpora/data}
     * @param dir    absolute, normalised directory
     */
    public record Candidate(String origin, Path dir) {
        public Candidate {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(dir, "dir");
        }
    }

    private final CorpusManifest manifest;
    private final Path projectRoot;
    private final List<Candidate> candidates;
    /** Lower-precedence places skipped because a higher one was given; shown in describeSearch. */
    private final List<String> skipped;

    private CorpusLocator(CorpusManifest manifest, Path projectRoot, List<Candidate> candidates, List<String> skipped) {
        this.manifest = manifest;
        this.projectRoot = projectRoot;
        this.candidates = List.copyOf(candidates);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * A locator for this process: environment from {@link System#getenv()}, project root from
     * the system property or the working directory, manifest from the classpath (or, when the
     * classpath lacks it, from {@code <projectRoot>/corpora/MANIFEST.tsv}).
     *
     * @param explicitDir the {@code --corpora DIR} option, if given
     * @throws UncheckedIOException if no manifest can be loaded (a broken build, not a user error)
     */
    public static CorpusLocator fromEnvironment(Optional<Path> explicitDir) {
        Path cwd = Path.of("").toAbsolutePath();
        Optional<String> property = Optional.ofNullable(System.getProperty(PROJECT_ROOT_PROPERTY));
        Path projectRoot = findProjectRoot(property, cwd);
        CorpusManifest manifest;
        try {
            manifest = defaultManifest(projectRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromEnvironment(explicitDir, System.getenv(), property, cwd, manifest);
    }

    /**
     * The testable variant: everything the search depends on is passed in.
     *
     * @param explicitDir         the {@code --corpora DIR} option, if given (relative paths are
     *                            taken against {@code workingDir})
     * @param env                 environment variables; only {@value #ENV_VAR} is read
     * @param projectRootProperty value of the {@value #PROJECT_ROOT_PROPERTY} system property, if set
     * @param workingDir          the directory to start the project-root walk from
     * @param manifest            the manifest names are resolved against
     */
    public static CorpusLocator fromEnvironment(Optional<Path> explicitDir, Map<String, String> env,
            Optional<String> projectRootProperty, Path workingDir, CorpusManifest manifest) {
        Objects.requireNonNull(explicitDir, "explicitDir");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(manifest, "manifest");
        Path cwd = workingDir.toAbsolutePath().normalize();
        Path projectRoot = findProjectRoot(projectRootProperty, cwd);
        Path data = projectRoot.resolve("corpora").resolve("data").normalize();
        Path shared = projectRoot.resolve("..").resolve("shared").resolve("corpora").normalize();
        Optional<String> envDir = Optional.ofNullable(env.get(ENV_VAR)).filter(s -> !s.isBlank());

        List<Candidate> candidates = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean disabled = explicitDir.map(p -> p.toString().equals(NONE)).orElse(false)
                || (explicitDir.isEmpty() && envDir.map(NONE::equals).orElse(false));
        if (disabled) {
            skipped.add("every place: corpora switched off by " + (explicitDir.isPresent() ? "--corpora" : "$" + ENV_VAR)
                    + " = " + NONE);
        } else if (explicitDir.isPresent()) {
            candidates.add(new Candidate("--corpora", cwd.resolve(explicitDir.get()).normalize()));
            envDir.ifPresent(v -> skipped.add("$" + ENV_VAR + " = " + v));
            skipped.add("<projectRoot>/corpora/data = " + data);
            skipped.add("<projectRoot>/../shared/corpora = " + shared);
        } else if (envDir.isPresent()) {
            candidates.add(new Candidate("$" + ENV_VAR, cwd.resolve(envDir.get()).normalize()));
            skipped.add("<projectRoot>/corpora/data = " + data);
            skipped.add("<projectRoot>/../shared/corpora = " + shared);
        } else {
            candidates.add(new Candidate("<projectRoot>/corpora/data", data));
            candidates.add(new Candidate("<projectRoot>/../shared/corpora", shared));
        }
        return new CorpusLocator(manifest, projectRoot, candidates, skipped);
    }

    /** The manifest names are resolved against. */
    public CorpusManifest manifest() {
        return manifest;
    }

    /** The project root the default places were derived from. */
    public Path projectRoot() {
        return projectRoot;
    }

    /** The places searched, in order. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** True if corpora were switched off with {@value #NONE}: nothing resolves. */
    public boolean disabled() {
        return candidates.isEmpty();
    }

    /** The first searched directory that exists, if any. */
    public Optional<Path> root() {
        return candidates.stream().map(Candidate::dir).filter(Files::isDirectory).findFirst();
    }

    /**
     * The places searched, one per line, each marked {@code [exists]} or {@code [missing]},
     * followed by the places not consulted because a higher-precedence one was given.
     * Meant for error messages and {@code --verbose} output.
     */
    public String describeSearch() {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        for (Candidate c : candidates) {
            sb.append(String.format("  %d. %-32s %s [%s]%n", i++, c.origin(), c.dir(),
                    Files.isDirectory(c.dir()) ? "exists" : "missing"));
        }
        for (String s : skipped) {
            sb.append("  -  not consulted: ").append(s).append(System.lineSeparator());
        }
        return sb.toString().stripTrailing();
    }

    /**
     * Resolves a manifest file name or a set name.
     *
     * @param name a file name such as {@code calgary/book1}, returning that file from the first
     *             place that has it; or a set name such as {@code calgary}, returning the
     *             directory that holds the set (the common parent of its files) in the first
     *             place that has the complete set (see {@link #resolveSet(String)})
     * @throws CorpusNotFoundException if the name is unknown or the files are not present
     */
    public Path resolve(String name) throws CorpusNotFoundException {
        if (manifest.isSet(name)) {
            List<Path> files = resolveSet(name);
            Path parent = files.get(0).getParent();
            for (Path f : files) {
                while (!f.startsWith(parent)) {
                    parent = parent.getParent();
                }
            }
            return parent;
        }
        return find(name).orElseThrow(() -> notFound(name, "file not present in any searched place"));
    }

    /**
     * The file a manifest file name stands for, from the first searched place that has it, or
     * empty when no place has it (or corpora are switched off).
     *
     * @throws CorpusNotFoundException if {@code name} is not a file name of the manifest
     */
    public Optional<Path> find(String name) throws CorpusNotFoundException {
        CorpusEntry entry = entry(name);
        for (Candidate c : candidates) {
            Path file = c.dir().resolve(entry.name());
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /**
     * The name of a file this locator resolved, as the manifest writes it ({@code calgary/book1}),
     * whichever searched place it came from; a path in none of them is returned as it is.
     */
    public String nameOf(Path file) {
        return placeOf(file).map(dir -> dir.relativize(file).toString().replace('\\', '/')).orElse(file.toString());
    }

    /** The searched place (a candidate directory) a file lies in, the first one if several nest. */
    public Optional<Path> placeOf(Path file) {
        return candidates.stream().map(Candidate::dir).filter(file::startsWith).findFirst();
    }

    /**
     * All files of a set, in manifest order, all taken from the first searched place that holds
     * every one of them (so a set is never silently partial).
     *
     * @throws CorpusNotFoundException if {@code set} is not a set name or no place holds it completely
     */
    public List<Path> resolveSet(String set) throws CorpusNotFoundException {
        List<CorpusEntry> entries = manifest.set(set);
        if (entries.isEmpty()) {
            throw notFound(set, "not a set; sets are " + String.join(", ", manifest.sets()));
        }
        List<String> partial = new ArrayList<>();
        for (Candidate c : candidates) {
            List<Path> files = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (CorpusEntry e : entries) {
                Path file = c.dir().resolve(e.name());
                if (Files.isRegularFile(file)) {
                    files.add(file);
                } else {
                    missing.add(e.name());
                }
            }
            if (missing.isEmpty()) {
                return List.copyOf(files);
            }
            if (!files.isEmpty()) {
                partial.add(c.dir() + " has " + files.size() + " of " + entries.size() + " files (missing "
                        + missing.stream().limit(3).collect(Collectors.joining(", "))
                        + (missing.size() > 3 ? ", ..." : "") + ")");
            }
        }
        throw notFound(set, partial.isEmpty()
                ? "set not present in any searched place"
                : "set incomplete: " + String.join("; ", partial));
    }

    /**
     * The files a name stands for: one file for a file name, every file of the set (manifest
     * order) for a set name. This is what a {@code --corpus NAME} option usually wants.
     */
    public List<Path> resolveFiles(String nameOrSet) throws CorpusNotFoundException {
        return manifest.isSet(nameOrSet) ? resolveSet(nameOrSet) : List.of(resolve(nameOrSet));
    }

    /**
     * Checks that the file (or every file of the set) has the manifest size and SHA-256.
     * When the manifest has no checksum for a file ({@code -}), only the size is checked.
     * The digest is streamed, so this works on gigabyte files but reads them completely.
     *
     * @return true if every file matches
     * @throws CorpusNotFoundException if the name is unknown or the files are not present
     * @throws IOException             if a file cannot be read
     */
    public boolean verify(String nameOrSet) throws CorpusNotFoundException, IOException {
        List<CorpusEntry> entries = manifest.isSet(nameOrSet) ? manifest.set(nameOrSet) : List.of(entry(nameOrSet));
        List<Path> files = resolveFiles(nameOrSet);
        for (int i = 0; i < files.size(); i++) {
            if (!entries.get(i).matches(files.get(i))) {
                return false;
            }
        }
        return true;
    }

    private CorpusEntry entry(String name) throws CorpusNotFoundException {
        Optional<CorpusEntry> entry = manifest.entry(name);
        if (entry.isEmpty()) {
            throw notFound(name, "not a name in the corpus manifest; use a file name such as "
                    + manifest.entries().stream().findFirst().map(CorpusEntry::name).orElse("calgary/book1")
                    + " or a set: " + String.join(", ", manifest.sets()));
        }
        return entry.get();
    }

    private CorpusNotFoundException notFound(String name, String reason) {
        return new CorpusNotFoundException(name, reason, describeSearch());
    }

    static Path findProjectRoot(Optional<String> property, Path cwd) {
        Optional<String> explicit = property.filter(s -> !s.isBlank());
        if (explicit.isPresent()) {
            return cwd.resolve(explicit.get()).toAbsolutePath().normalize();
        }
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("corpora").resolve("MANIFEST.tsv"))) {
                return dir;
            }
        }
        return cwd;
    }

    /** Classpath first (the shipped CLI has no source tree); the source tree for IDE runs. */
    private static CorpusManifest defaultManifest(Path projectRoot) throws IOException {
        if (CorpusManifest.class.getResource(CorpusManifest.RESOURCE) != null) {
            return CorpusManifest.load();
        }
        Path file = projectRoot.resolve("corpora").resolve("MANIFEST.tsv");
        if (Files.isRegularFile(file)) {
            return CorpusManifest.load(file);
        }
        throw new IOException("no corpus manifest: not on the classpath at " + CorpusManifest.RESOURCE
                + " and not at " + file);
    }
}

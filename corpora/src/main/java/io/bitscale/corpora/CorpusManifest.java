package io.bitscale.corpora;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The corpus manifest: every standard benchmark file with its set, size, SHA-256 and canonical
 * URL, parsed from the tab-separated {@code corpora/MANIFEST.tsv}.
 *
 * <p>Format: a header line {@code name set bytes sha256 url} (tab-separated, columns in that
 * order), then one row per file. A checksum of {@code -} means none was published. Blank lines
 * and lines starting with {@code #} are ignored.
 *
 * <p>Guarantees: instances are immutable; names are unique; {@link #entries()} keeps manifest
 * order, and so do {@link #set(String)} and {@link #sets()} (sets in order of first
 * appearance). Any malformed row fails the whole load with an {@link IOException} naming the
 * source and line, because a silently skipped row would be a silently skipped benchmark.
 */
public final class CorpusManifest {

    /** Classpath location of the manifest; the bench build copies corpora/MANIFEST.tsv there. */
    public static final String RESOURCE = "/io/bitscale/corpora/MANIFEST.tsv";

    static final List<String> HEADER = List.of("name", "set", "bytes", "sha256", "url");

    private final List<CorpusEntry> entries;
    private final Map<String, CorpusEntry> byName;
    private final Map<String, List<CorpusEntry>> bySet;

    private CorpusManifest(List<CorpusEntry> entries) throws IOException {
        Map<String, CorpusEntry> names = new LinkedHashMap<>();
        Map<String, List<CorpusEntry>> sets = new LinkedHashMap<>();
        for (CorpusEntry e : entries) {
            if (names.put(e.name(), e) != null) {
                throw new IOException("duplicate corpus name in manifest: " + e.name());
            }
            sets.computeIfAbsent(e.set(), s -> new ArrayList<>()).add(e);
        }
        // A set name doubles as a selector in CorpusLocator.resolve, so it must not shadow a file.
        for (String set : sets.keySet()) {
            if (names.containsKey(set)) {
                throw new IOException("manifest set name '" + set + "' is also a file name");
            }
        }
        sets.replaceAll((s, list) -> List.copyOf(list));
        this.entries = List.copyOf(entries);
        this.byName = Collections.unmodifiableMap(names);
        this.bySet = Collections.unmodifiableMap(sets);
    }

    /**
     * Loads the manifest bundled on the classpath at {@link #RESOURCE}.
     *
     * @throws IOException if the resource is missing (the build did not copy it) or malformed
     */
    public static CorpusManifest load() throws IOException {
        try (InputStream in = CorpusManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("corpus manifest not on the classpath at " + RESOURCE
                        + " (the bench build copies corpora/MANIFEST.tsv there; load it with CorpusManifest.load(Path) instead)");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + RESOURCE);
        }
    }

    /** Loads a manifest file, e.g. {@code <projectRoot>/corpora/MANIFEST.tsv}. */
    public static CorpusManifest load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        }
    }

    /**
     * Parses manifest text.
     *
     * @param source names the input in error messages
     */
    public static CorpusManifest parse(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<CorpusEntry> entries = new ArrayList<>();
        boolean sawHeader = false;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (!sawHeader) {
                if (!List.of(cols).equals(HEADER)) {
                    throw new IOException(source + ":" + lineNo + ": expected header '"
                            + String.join("\\t", HEADER) + "', got '" + line + "'");
                }
                sawHeader = true;
                continue;
            }
            if (cols.length != HEADER.size()) {
                throw new IOException(source + ":" + lineNo + ": expected " + HEADER.size()
                        + " tab-separated columns, got " + cols.length);
            }
            try {
                String sha = cols[3].equals("-") ? null : cols[3];
                entries.add(new CorpusEntry(cols[0], cols[1], Long.parseLong(cols[2]), sha, new URI(cols[4])));
            } catch (IllegalArgumentException | URISyntaxException e) { // includes NumberFormatException
                throw new IOException(source + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (!sawHeader) {
            throw new IOException(source + ": empty manifest");
        }
        return new CorpusManifest(entries);
    }

    /** All entries in manifest order. */
    public List<CorpusEntry> entries() {
        return entries;
    }

    /** The entry with this exact name ({@code calgary/book1}), if any. */
    public Optional<CorpusEntry> entry(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The entries of a set in manifest order; empty if there is no such set. */
    public List<CorpusEntry> set(String set) {
        return bySet.getOrDefault(set, List.of());
    }

    /** True if {@code name} is a set name such as {@code calgary}. */
    public boolean isSet(String name) {
        return bySet.containsKey(name);
    }

    /** Set names in order of first appearance in the manifest. */
    public List<String> sets() {
        return List.copyOf(bySet.keySet());
    }

    /** Total declared bytes of a set (0 for an unknown set). */
    public long bytes(String set) {
        return set(set).stream().mapToLong(CorpusEntry::bytes).sum();
    }
}

package io.bitscale.cli;

import io.bitscale.corpora.CorpusEntry;
import io.bitscale.corpora.CorpusFetcher;
import io.bitscale.corpora.CorpusLocator;
import io.bitscale.corpora.CorpusManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code bitscale corpora}: where the corpora are, whether they are intact, and fetching them. */
@Command(name = "corpora", mixinStandardHelpOptions = true,
        description = "List the corpus sets and where they were found; --verify checks sizes and SHA-256; "
                + "--fetch downloads sets (with checksums) into corpora/data.")
final class CorporaCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SET", arity = "0..*", description = "Sets or files to verify or fetch (default: all present).")
    List<String> names = new ArrayList<>();

    @Option(names = "--corpora", paramLabel = "DIR", description = "Corpus root to use instead of the search order.")
    Path corpusRoot;

    @Option(names = "--verify", description = "Check size and SHA-256 of every file named (or every file present).")
    boolean verify;

    @Option(names = "--fetch", description = "Download the named sets (default: canterbury calgary) into corpora/data.")
    boolean fetch;

    @Override
    public Integer call() throws Exception {
        CorpusLocator locator = CorpusLocator.fromEnvironment(Optional.ofNullable(corpusRoot));
        CorpusManifest manifest = locator.manifest();
        if (fetch) {
            List<String> sets = names.isEmpty() ? List.of("canterbury", "calgary") : names;
            Path target = corpusRoot != null ? corpusRoot : locator.projectRoot().resolve("corpora").resolve("data");
            new CorpusFetcher(manifest, System.err).fetch(sets, target);
            System.out.println("fetched " + sets + " into " + target);
            return ExitCode.OK;
        }
        System.out.println("corpus files are looked up one by one in these places, in this order:");
        System.out.println(locator.describeSearch());
        int bad = 0;
        for (String set : manifest.sets()) {
            if (!names.isEmpty() && !names.contains(set)) {
                continue;
            }
            // File by file, as every command resolves them: a set may come from several places.
            List<CorpusEntry> entries = manifest.set(set);
            Set<String> present = new LinkedHashSet<>();
            Set<Path> places = new LinkedHashSet<>();
            for (CorpusEntry entry : entries) {
                Optional<Path> file = locator.find(entry.name());
                if (file.isPresent()) {
                    present.add(entry.name());
                    places.add(locator.placeOf(file.get()).orElse(file.get().getParent()));
                }
            }
            System.out.printf(Locale.ROOT, "  %-12s %4d files %,14d bytes  %d present%s%n", set, entries.size(),
                    manifest.bytes(set), present.size(), places.isEmpty() ? "" : " in " + places.stream()
                            .map(Path::toString).collect(Collectors.joining(" and ")));
            if (verify) {
                for (CorpusEntry entry : entries) {
                    if (present.contains(entry.name())) {
                        boolean ok = locator.verify(entry.name());
                        if (!ok) {
                            bad++;
                        }
                        System.out.printf("    %-44s %s%n", entry.name(), ok ? "ok" : "MISMATCH");
                    }
                }
            }
        }
        if (bad > 0) {
            System.err.println("bitscale: " + bad + " corpus files do not match the manifest");
            return ExitCode.IO;
        }
        return ExitCode.OK;
    }
}

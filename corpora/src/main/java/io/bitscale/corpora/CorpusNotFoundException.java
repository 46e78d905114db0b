package io.bitscale.corpora;

import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A corpus name could not be resolved to files on this machine.
 *
 * <p>Guarantees: the message is meant to be shown to the user as is. It names what was asked
 * for, lists every place that was searched (see {@link CorpusLocator#describeSearch()}), and
 * says how to fix it: run {@code corpora/fetch.sh} or pass {@code --corpora DIR}.
 */
public final class CorpusNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String summary;

    /**
     * @param name   the requested manifest or set name
     * @param reason one line saying what is wrong (unknown name, file missing, ...)
     * @param search the places searched, one per line, from {@link CorpusLocator#describeSearch()}
     */
    public CorpusNotFoundException(String name, String reason, String search) {
        super("corpus '" + name + "': " + reason + "\nSearched:\n" + search
                + "\nRun corpora/fetch.sh (or corpora/fetch.sh --dir DIR SET...) or pass --corpora DIR"
                + " (or set " + CorpusLocator.ENV_VAR + "=DIR) pointing at a copy of the corpora.");
        this.name = Objects.requireNonNull(name, "name");
        this.summary = "corpus '" + name + "': " + reason + " (searched: " + search.lines().map(String::strip)
                .map(line -> line.replaceAll("\\s+", " ")).collect(Collectors.joining("; ")) + "); run corpora/fetch.sh or "
                + "pass --corpora DIR";
    }

    /**
     * The message as one line, for a command line that prints one line per error: what was asked
     * for, why it failed, the places searched and the fix.
     */
    public String summary() {
        return summary;
    }

    /** The name that could not be resolved. */
    public String name() {
        return name;
    }
}

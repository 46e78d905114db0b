package io.bitscale.corpora;

import java.io.IOException;

/**
 * A {@code shuffled(...)} corpus holds no document to shuffle: no line starts with {@code <doc}.
 *
 * <p>Guarantees: the message names the corpus and its size and says what the shuffle unit needs,
 * so it can be shown to the user as is. It is an {@link IOException} because it is raised while
 * a corpus is read, where the CLI reports I/O failures.
 */
public final class NoDocumentsException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param corpus the base corpus name
     * @param bytes  its size
     */
    public NoDocumentsException(String corpus, long bytes) {
        super("corpus '" + corpus + "' (" + bytes + " bytes) has no wikiextractor document: no line starts with "
                + "'<doc ' or '<doc>'; shuffle unit " + DocumentShuffle.WIKIEXTRACTOR_DOC
                + " needs WikiExtractor output (<doc id=...> ... </doc> blocks); use the unshuffled corpus name instead");
    }
}

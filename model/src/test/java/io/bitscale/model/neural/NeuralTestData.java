package io.bitscale.model.neural;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Inputs for the neural tests: a book1 prefix when the corpora are present, else generated text. */
final class NeuralTestData {

    private NeuralTestData() {
    }

    /** The shared corpora directory, if found (as the bench's locator: ../shared/corpora from the project root). */
    static Path corpus(String name) {
        String root = System.getProperty("bitscale.projectRoot", ".");
        for (Path candidate : new Path[] {Path.of(root, "..", "shared", "corpora", name),
                Path.of(root, "..", "..", "shared", "corpora", name)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The first {@code bytes} of book1, or English-like generated text of that length. */
    static byte[] text(int bytes) {
        Path book1 = corpus("calgary/book1");
        if (book1 != null) {
            try {
                return Arrays.copyOf(Files.readAllBytes(book1), bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return generatedText(bytes, 1);
    }

    /** Deterministic word salad with English-like letter statistics. */
    static byte[] generatedText(int bytes, long seed) {
        String[] words = ("the of and to a in that is was he for it with as his on be at by had not are but from "
                + "or have an they which one you were her all she there would their we him been has when who will "
                + "more no if out so said what up its about into than them can only other new some could time these "
                + "two may then do first any my now such like our over man me even most made after also did many "
                + "before must through back years where much your way well down should because each just those people")
                .split(" ");
        SplitMix64 random = new SplitMix64(seed);
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes) {
            text.append(words[(int) ((random.nextLong() >>> 1) % words.length)]);
            long r = (random.nextLong() >>> 1) % 20;
            text.append(r == 0 ? ".\n" : r == 1 ? ", " : " ");
        }
        return Arrays.copyOf(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), bytes);
    }
}

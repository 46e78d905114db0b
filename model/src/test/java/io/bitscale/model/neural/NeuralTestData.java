package io.bitscale.model.neural;

import io.bitscale.core.random.SplitMix64;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Inputs for the neural tests: generated English-like text, identical on every machine. */
final class NeuralTestData {

    private NeuralTestData() {
    }

    /**
     * {@code bytes} of English-like generated text: the same on every machine, with or without
     * corpora, so these tests never change what they check with the environment.
     */
    static byte[] text(int bytes) {
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

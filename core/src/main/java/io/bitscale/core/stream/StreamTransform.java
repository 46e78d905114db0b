package io.bitscale.core.stream;

import java.util.Locale;

/**
 * A reversible transform a writer applies to every frame before the model codes it, named in the
 * stream header so the reader inverts it (see {@code docs/format.md}). {@link #NONE} writes the
 * header and frames exactly as before transforms existed.
 */
public enum StreamTransform {
    /** The model codes the bytes themselves. */
    NONE(0, "none"),
    /**
     * Words seen before in the block are replaced by 2- or 3-byte dictionary codes
     * ({@link io.bitscale.core.transform.WordTransform}); frames it does not shorten by at least
     * a sixteenth are coded as they are.
     */
    WORDS(1, "words");

    private final int id;
    private final String label;

    StreamTransform(int id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The number stored in the header (0 is never stored: no transform means no field). */
    public int id() {
        return id;
    }

    /** The name used on command lines and in messages. */
    public String label() {
        return label;
    }

    /**
     * The transform with this {@link #label()}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the known labels
     */
    public static StreamTransform parse(String label) {
        for (StreamTransform transform : values()) {
            if (transform.label.equals(label.toLowerCase(Locale.ROOT))) {
                return transform;
            }
        }
        throw new IllegalArgumentException("unknown transform '" + label + "'; known: none, words");
    }

    /** The transform with this header id, or {@code null}. */
    static StreamTransform ofId(int id) {
        for (StreamTransform transform : values()) {
            if (transform.id == id) {
                return transform;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}

package io.bitscale.model.cm;

import io.bitscale.core.model.PredictorFactory;

/**
 * Builds {@link CmPredictor}s of one configuration; the spec it reports is what a stream header
 * stores, and resolving that spec gives back the same configuration.
 *
 * <p>{@link #forInputBytes(long)} is the size hint: given the length of the input about to be
 * coded it returns a factory whose tables are no larger than that input needs, with the
 * resolved size written into its spec (for example {@code default(20)}), so the decoder
 * rebuilds the same model from the header alone.
 */
public final class CmFactory implements PredictorFactory {

    private final String spec;
    private final CmConfig config;
    private final SizedSpec sizer;

    /** Rebuilds a spec for a given size hint; {@code null} when the spec takes none. */
    @FunctionalInterface
    interface SizedSpec {
        CmFactory withSize(int sizeBits);
    }

    CmFactory(String spec, CmConfig config, SizedSpec sizer) {
        this.spec = spec;
        this.config = config;
        this.sizer = sizer;
    }

    @Override
    public String spec() {
        return spec;
    }

    /** The resolved configuration. */
    public CmConfig config() {
        return config;
    }

    @Override
    public long parameters() {
        return CmPredictor.parameters(config);
    }

    @Override
    public long memoryBytes() {
        return CmPredictor.memoryBytes(config);
    }

    @Override
    public CmPredictor create() {
        return new CmPredictor(config);
    }

    /**
     * This model with tables sized for an input of {@code inputBytes} bytes (never larger than
     * this factory's own tables), or this factory itself if its spec already names a size or
     * the input needs the largest tables anyway.
     *
     * @param inputBytes the exact or expected input length, at least 0
     */
    public CmFactory forInputBytes(long inputBytes) {
        if (inputBytes < 0) {
            throw new IllegalArgumentException("input length " + inputBytes + " < 0");
        }
        if (sizer == null || config.sizeHint() != 0) {
            return this;
        }
        CmFactory sized = sizer.withSize(CmSpecs.sizeBits(inputBytes));
        boolean same = sized.config.tableBits() == config.tableBits() && sized.config.matchBits() == config.matchBits();
        return same ? this : sized;
    }

    @Override
    public String toString() {
        return spec;
    }
}

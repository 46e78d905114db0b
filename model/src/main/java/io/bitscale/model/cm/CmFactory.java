package io.bitscale.model.cm;

import io.bitscale.core.model.ModelPart;
import io.bitscale.core.model.PredictorFactory;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Work per coded byte, counted per bit as the engine does it: every context looks up its
     * bit-history state, reads and updates its state map and stretches the result (8 each);
     * the match model and each direct counter likewise (8 each); every mixer computes a dot
     * product over all inputs and updates every weight (2 x inputs multiply-adds, 3 each with
     * the clamping: 6 x inputs per mixer); the final mixer over the mixers' outputs; 12 per SSE
     * stage. Per byte on top: each context hashes its context and searches its bucket at the two
     * nibble boundaries (40 per context).
     */
    @Override
    public long operationsPerByte() {
        long total = 0;
        for (ModelPart part : parts()) {
            total += part.operationsPerByte();
        }
        return total;
    }

    /**
     * The engine's parts: the contexts (bit-history table and state maps), the match model's
     * history and index, the direct counters, the mixers and the SSE stages; their parameters,
     * memory and work add up to the factory's totals.
     */
    @Override
    public List<ModelPart> parts() {
        CmConfig c = config;
        int inputs = c.inputs();
        int mixers = c.selectors().length;
        long sets = 0;
        for (int s : c.selectors()) {
            sets += c.selectorSets(s);
        }
        List<ModelPart> parts = new ArrayList<>();
        long mixerParameters = sets * inputs;
        long mixerBytes = 4 * sets * inputs + (mixers > 1 ? 4L * 256 * mixers : 0) + 4L * inputs;
        long mixerWork = 8 * (6L * inputs * mixers + (mixers > 1 ? 6L * (mixers + 1) : 0));
        long sseParameters = (c.apm() >= 1 ? 65536L * 33 : 0) + (c.apm() >= 2 ? 256L * 33 : 0);
        long sseBytes = 2 * sseParameters;
        long sseWork = 8 * 12L * c.apm();
        long counterParameters = c.counterCells();
        long counterBytes = c.direct() == 0 ? 0 : 4L * c.counterCells() + 16;
        long counterWork = 8 * 8L * c.direct();
        long historyBytes = (c.needsHistory() ? 1L << c.matchBits() : 0) + (c.matchMin() > 0 ? 1L << c.matchBits() : 0)
                + (c.records() > 0 ? 2 * (4L * 256 + 16) : 0);
        // Appending the byte, hashing the match window and checking the candidate; two inputs per bit.
        long matchWork = c.matchMin() > 0 ? 16 + 8 * 2 * 8L : (c.needsHistory() ? 2 : 0);
        long contextWork = c.contexts() * (8 * 8L + 40);
        long contextParameters = parameters() - mixerParameters - sseParameters - counterParameters;
        long contextBytes = memoryBytes() - mixerBytes - sseBytes - counterBytes - historyBytes;
        parts.add(new ModelPart(c.contexts() + " contexts (bit histories, state maps)", contextParameters, contextBytes,
                contextWork));
        if (historyBytes > 0) {
            parts.add(new ModelPart(c.matchMin() > 0 ? "match model" : "history", 0, historyBytes, matchWork));
        }
        if (c.direct() > 0) {
            parts.add(new ModelPart("direct counters", counterParameters, counterBytes, counterWork));
        }
        parts.add(new ModelPart(mixers == 1 ? "mixer" : mixers + " mixers", mixerParameters, mixerBytes, mixerWork));
        if (c.apm() > 0) {
            parts.add(new ModelPart("sse", sseParameters, sseBytes, sseWork));
        }
        return List.copyOf(parts);
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

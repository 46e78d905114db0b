package io.bitscale.model.neural;

import io.bitscale.core.model.SegmentedPredictor;
import io.bitscale.model.neural.tensor.Workers;

/**
 * The coding protocol of the batched networks: a block is coded as {@link #segments()}
 * interleaved segments ({@link SegmentedPredictor}); at the first {@link #cdf()} of a round the
 * network predicts the next byte of every active segment in one batched pass, the coder then takes
 * the tables segment by segment, and after the round's last {@link #update(int)} the network
 * appends the round's bytes to the segments' contexts and, when it adapts, takes a training step
 * every {@link #every()} rounds on what those rounds coded.
 *
 * <p>With one segment the network may also be driven by the plain loop (no
 * {@link #beginBlock(int)}): it then behaves exactly as with blocks, since its schedule counts
 * rounds, not blocks. With more segments it must be driven by the segmented loop; a network inside
 * {@code bits(...)} or a mixture therefore needs {@code segments=1}.
 *
 * <p>Each segment keeps its own context across blocks: segment {@code s} of a block continues from
 * the bytes segment {@code s} of the previous block ended with (for one segment, the preceding
 * bytes of the stream).
 *
 * <p>{@link #freeze()} ends the training steps: weights and optimizer state stay as they are,
 * while each segment's context (for a transformer, its cached keys and values) still advances.
 */
abstract class SegmentedNetwork implements SegmentedPredictor, NeuralModel {

    /** Bits of the fixed-point total handed to the coder. */
    static final int TOTAL_BITS = NeuralPredictor.TOTAL_BITS;

    /** Segments per block, B. */
    protected final int segments;
    /** Rounds between training steps, U. */
    protected final int every;
    /** Whether the network trains while coding: from the spec, until {@link #freeze()}. */
    protected boolean adapt;
    /** The thread pool of the batched passes. */
    protected final Workers workers;
    /** The tables of the current round, one per segment. */
    protected final int[][] cdfs;

    private final int[] roundSymbols;
    private int blockLength = -1;
    private int consumed;
    private int round;
    private int segment;
    private int active;
    private boolean predicted;
    private int roundsSinceStep;

    protected SegmentedNetwork(int segments, int every, boolean adapt, Workers workers) {
        if (segments < 1 || every < 1) {
            throw new IllegalArgumentException("segments " + segments + " and every " + every + " must be >= 1");
        }
        this.segments = segments;
        this.every = every;
        this.adapt = adapt;
        this.workers = workers;
        this.cdfs = new int[segments][257];
        this.roundSymbols = new int[segments];
    }

    /**
     * Predicts the next byte of segments {@code 0..active-1} from their contexts and writes their
     * tables into {@link #cdfs} (with {@link io.bitscale.core.model.Cdf#fromProbabilities}).
     */
    protected abstract void predictRound(int active);

    /**
     * The round's bytes are known: {@code symbols[s]} is the byte segment {@code s} coded. Keep
     * what training needs and append them to the contexts.
     */
    protected abstract void endRound(int active, int[] symbols);

    /** One training step on what the rounds since the previous step coded. */
    protected abstract void trainStep();

    @Override
    public final int segments() {
        return segments;
    }

    /** Rounds between training steps. */
    public final int every() {
        return every;
    }

    @Override
    public final boolean adapts() {
        return adapt;
    }

    /**
     * No training step from here on, so weights and optimizer state stop changing; the bytes kept
     * for the next step are dropped. A decoder must freeze at the same byte as the encoder.
     */
    @Override
    public final void freeze() {
        adapt = false;
        roundsSinceStep = 0;
    }

    @Override
    public final void beginBlock(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("block length " + length);
        }
        if (blockLength >= 0 && consumed < blockLength) {
            throw new IllegalStateException("a block of " + blockLength + " bytes was left after " + consumed);
        }
        blockLength = length;
        consumed = 0;
        round = 0;
        segment = 0;
        predicted = false;
    }

    @Override
    public final int[] cdf() {
        if (!predicted) {
            active = activeSegments();
            predictRound(active);
            predicted = true;
        }
        return cdfs[segment];
    }

    @Override
    public final void update(int symbol) {
        if (symbol < 0 || symbol > 255) {
            throw new IllegalArgumentException("symbol " + symbol);
        }
        cdf();
        roundSymbols[segment] = symbol;
        consumed++;
        if (++segment < active) {
            return;
        }
        endRound(active, roundSymbols);
        segment = 0;
        round++;
        predicted = false;
        if (adapt && ++roundsSinceStep == every) {
            roundsSinceStep = 0;
            trainStep();
        }
    }

    private int activeSegments() {
        if (segments == 1) {
            return 1; // with or without blocks: byte after byte
        }
        if (blockLength < 0 || consumed >= blockLength) {
            throw new IllegalStateException("segments=" + segments + " needs the segmented loop: call beginBlock "
                    + "first (inside bits(...) or a mixture use segments=1)");
        }
        return SegmentedPredictor.active(blockLength, segments, round);
    }
}

package io.bitscale.scaling.explain;

import io.bitscale.core.accounting.CodeLength;
import io.bitscale.core.coding.CodingObserver;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.ByteLookahead;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.Probability;
import io.bitscale.model.mix.Attributable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One model's run over bytes, a {@link ByteRecord} at a time, from {@link Explainer#records}:
 * pull the records of two models in turn to compare them byte by byte.
 *
 * <pre>{@code
 * ByteRecords a = new Explainer(Models.factory("order2")).records(data);
 * ByteRecords b = new Explainer(Models.factory("default")).records(data);
 * double saved = 0;
 * while (a.hasNext()) {
 *     saved += a.next().bits() - b.next().bits();
 * }
 * }</pre>
 *
 * <p>Not thread-safe; holds one model (rebuilt at every block boundary).
 */
public final class ByteRecords implements Iterator<ByteRecord> {

    private final PredictorFactory factory;
    private final int alternatives;
    private final long blockBytes;
    private final byte[] data;
    private final long length;
    private final byte[] one = new byte[1];
    private final double[] next = new double[256];
    private final int[] path = new int[8];
    private final List<String> contributors;
    private final double[] decision;
    private final double[] byteContributions;
    private final double[] totals;
    private Predictor predictor;
    private PredictiveCoder loop;
    private Attributable attributable;
    private ByteLookahead lookahead;
    private long positionInBlock;
    private long offset;
    private double idealBits;
    private double byteBits;
    private int depth;
    private List<Alternative> symbolAlternatives;

    ByteRecords(PredictorFactory factory, int alternatives, long blockBytes, byte[] data, long length) {
        this.factory = factory;
        this.alternatives = alternatives;
        this.blockBytes = blockBytes;
        this.data = data;
        this.length = length;
        fresh();
        contributors = attributable == null ? List.of() : List.copyOf(attributable.contributors());
        decision = new double[contributors.size()];
        byteContributions = new double[contributors.size()];
        totals = new double[contributors.size()];
    }

    /** The model's spec. */
    public String spec() {
        return factory.spec();
    }

    /** Names of {@link ByteRecord#contributions()}; empty for a model that does not attribute. */
    public List<String> contributors() {
        return contributors;
    }

    /** Totals of the bytes explained so far. */
    public Explanation explanation() {
        return new Explanation(factory.spec(), offset, idealBits, contributors, totals.clone(),
                lookahead != null || !(predictor instanceof BitPredictor));
    }

    @Override
    public boolean hasNext() {
        return offset < length;
    }

    @Override
    public ByteRecord next() {
        if (offset >= length) {
            throw new NoSuchElementException("all " + length + " bytes explained");
        }
        return step(data[(int) offset]);
    }

    private void fresh() {
        predictor = factory.create();
        loop = PredictiveCoder.of(predictor).observedBy(new CodingObserver() {
            @Override
            public void bitCoded(int p1, int bit) {
                ByteRecords.this.bitCoded(p1, bit);
            }

            @Override
            public void symbolCoded(int[] cdf, int symbolCount, int symbol) {
                ByteRecords.this.symbolCoded(cdf, symbolCount, symbol);
            }

            @Override
            public void byteCoded(int value) {
            }
        });
        attributable = predictor instanceof Attributable a ? a : null;
        lookahead = predictor instanceof ByteLookahead l ? l : null;
        if (contributors != null && attributable != null && !attributable.contributors().equals(contributors)) {
            throw new IllegalStateException("the model's contributors changed between blocks");
        }
        positionInBlock = 0;
    }

    /** Explains the next byte, {@code b}. */
    ByteRecord step(byte b) {
        if (blockBytes != 0 && positionInBlock == blockBytes) {
            fresh();
        }
        if (lookahead != null && alternatives > 0) {
            lookahead.nextByteProbabilities(next);
        }
        one[0] = b;
        depth = 0;
        byteBits = 0;
        symbolAlternatives = null;
        Arrays.fill(byteContributions, 0);
        loop.learn(one, 0, 1);
        int value = b & 0xFF;
        List<Alternative> alts;
        if (alternatives == 0) {
            alts = List.of();
        } else if (symbolAlternatives != null) {
            alts = symbolAlternatives;
        } else if (lookahead != null) {
            alts = topBytes(next, 256, 1.0, value);
        } else {
            alts = pathAlternatives(value);
        }
        for (int i = 0; i < totals.length; i++) {
            totals[i] += byteContributions[i];
        }
        positionInBlock++;
        return new ByteRecord(offset++, value, byteBits, byteContributions.clone(), alts);
    }

    private void bitCoded(int p1, int bit) {
        double cost = CodeLength.bitCost(p1, bit);
        idealBits += cost;
        byteBits += cost;
        path[depth++] = p1;
        if (attributable != null) {
            attributable.attribute(bit, decision);
            for (int i = 0; i < decision.length; i++) {
                byteContributions[i] += decision[i];
            }
        }
    }

    private void symbolCoded(int[] cdf, int symbolCount, int symbol) {
        double cost = CodeLength.symbolCost(cdf[symbol + 1] - cdf[symbol], cdf[symbolCount]);
        idealBits += cost;
        byteBits += cost;
        if (alternatives > 0) {
            double[] widths = new double[symbolCount];
            for (int s = 0; s < symbolCount; s++) {
                widths[s] = cdf[s + 1] - cdf[s];
            }
            symbolAlternatives = topBytes(widths, symbolCount, cdf[symbolCount], symbol);
        }
    }

    /** The most probable single bytes other than {@code value}: weight / total each. */
    private List<Alternative> topBytes(double[] weights, int count, double total, int value) {
        int k = Math.min(alternatives, count - 1);
        List<Alternative> best = new ArrayList<>(Math.max(0, k));
        boolean[] taken = new boolean[count];
        if (value < count) {
            taken[value] = true;
        }
        for (int j = 0; j < k; j++) {
            int arg = -1;
            for (int s = 0; s < count; s++) {
                if (!taken[s] && (arg < 0 || weights[s] > weights[arg])) {
                    arg = s;
                }
            }
            taken[arg] = true;
            best.add(new Alternative(arg, arg, weights[arg] / total));
        }
        return best;
    }

    /** The eight sibling ranges of the coded path, most probable first. */
    private List<Alternative> pathAlternatives(int value) {
        List<Alternative> ranges = new ArrayList<>(8);
        double prefix = 1;
        for (int k = 0; k < 8; k++) {
            int shift = 7 - k;
            int bit = (value >>> shift) & 1;
            double p1 = (double) path[k] / Probability.ONE;
            double taken = bit == 1 ? p1 : 1 - p1;
            int first = ((value >>> shift) ^ 1) << shift;
            ranges.add(new Alternative(first, first | ((1 << shift) - 1), prefix * (1 - taken)));
            prefix *= taken;
        }
        ranges.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        return List.copyOf(ranges.subList(0, Math.min(alternatives, ranges.size())));
    }
}

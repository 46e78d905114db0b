package io.bitscale.scaling.sweep;

import io.bitscale.core.io.Sha256;
import io.bitscale.corpora.CorpusData;
import io.bitscale.scaling.theory.AlphabetPredictor;

import io.bitscale.corpora.synthetic.SyntheticSource;
import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Measures one {@link Cell}.
 *
 * <p><b>online</b> (prequential): a fresh model codes the first D bytes while learning from them;
 * the result is the arithmetic coder's payload for those bytes, i.e. the area under the learning
 * curve. <b>heldout</b>: a fresh model is fed the first D bytes ({@code p1}/{@code update} or
 * {@code cdf}/{@code update}, no coding), then codes the held-out split <em>still adapting</em>
 * (the SPI has no freeze; for count models this is the natural continuation, and the split is
 * small next to the largest D). Sizes are the coder's payload only: container framing is a
 * constant that would distort small D and says nothing about the model.
 *
 * <p>With {@code verify}, a second fresh model decodes the payload (after the same training)
 * and every byte is compared with the input. Thread-safe: cells share only read-only corpus
 * bytes.
 */
public final class CellRunner {

    private static final int CHUNK = 1 << 20;

    private final ModelResolver models;
    private final CorpusData corpora;
    private final boolean verify;
    private final Provenance provenance;

    /**
     * @param models     resolves specs (e.g. {@link ScaleModels#registry()})
     * @param corpora    the corpus bytes
     * @param verify     decode every payload and compare with the input
     * @param provenance JVM and git revision written into each row
     */
    public CellRunner(ModelResolver models, CorpusData corpora, boolean verify, Provenance provenance) {
        this.models = models;
        this.corpora = corpora;
        this.verify = verify;
        this.provenance = provenance;
    }

    /** True if every payload is decoded and compared with the input. */
    public boolean verifies() {
        return verify;
    }

    /**
     * Measures a cell.
     *
     * @param progress  receives byte counts as the model processes them (training and coding)
     * @param cancelled polled between chunks of 1 MiB; when true the cell stops with a
     *                  {@link CancellationException}
     */
    public ResultRow run(Cell cell, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
        long start = System.nanoTime();
        PredictorFactory factory = models.resolve(cell.spec());
        boolean online = cell.protocol().equals(SweepConfig.ONLINE);
        byte[] data;
        int testOffset;
        if (online) {
            data = corpora.prefix(cell.corpus(), cell.trainBytes());
            testOffset = 0;
        } else {
            CorpusData.Split split = corpora.split(cell.corpus(), cell.trainBytes(), cell.testBytes());
            data = split.bytes();
            testOffset = split.offset();
        }
        int train = (int) cell.trainBytes();
        int test = (int) cell.testBytes();

        PredictiveCoder loop = PredictiveCoder.of(factory.create());
        CodeLengthMeter meter = new CodeLengthMeter();
        double redundancyBefore = 0;
        if (!online) {
            learn(loop, data, 0, train, progress, cancelled);
            redundancyBefore = expectedRedundancy(loop.predictor());
        }
        ArithmeticEncoder encoder = new ArithmeticEncoder((int) Math.min(Integer.MAX_VALUE - 16, test / 2L + 4096));
        encode(loop.observedBy(meter), encoder, data, testOffset, test, progress, cancelled);
        byte[] payload = encoder.finish();
        double modelSeconds = (System.nanoTime() - start) / 1e9;
        double expected = (expectedRedundancy(loop.predictor()) - redundancyBefore) / test;

        if (verify) {
            PredictiveCoder replay = PredictiveCoder.of(factory.create());
            if (!online) {
                learn(replay, data, 0, train, progress, cancelled);
            }
            ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
            decodeAndCompare(replay, decoder, data, testOffset, test, progress, cancelled);
        }

        MessageDigest digest = sha256();
        if (!online) {
            digest.update(data, 0, train);
        }
        digest.update(data, testOffset, test);
        return row(cell, factory, digest, payload.length, meter, expected, modelSeconds,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Measures the online cells of one series (the same corpus, spec, seed and bits per
     * parameter, differing only in D) in a single pass: one fresh model codes the largest D, and
     * at each smaller D the row is taken from the state reached there. The rows equal those of
     * separate runs, because a prequential model has not seen the bytes after D when it codes
     * byte D and {@link ArithmeticEncoder#lengthIfFinished()} gives the payload length a run that
     * stopped at D would have finished with; only {@code seconds} differs, being the time to
     * reach D in this pass. The work is the largest D instead of the sum of all D (about 1.5× less
     * for half-decade sizes, 1.1× for decades).
     *
     * <p>Without {@code verify}, each row goes to {@code finished} as soon as its D is reached, so
     * an interrupted series keeps its smaller cells. With it, the whole payload is decoded and
     * compared after the pass and the rows are delivered only then.
     *
     * @param series   online cells that differ only in D, in any order
     * @param finished receives each cell with its row, smallest D first
     * @throws IllegalArgumentException if the cells are not one online series
     */
    public void runSeries(List<Cell> series, BiConsumer<Cell, ResultRow> finished, LongConsumer progress,
                          BooleanSupplier cancelled) throws IOException {
        List<Cell> cells = new ArrayList<>(series);
        cells.sort(Comparator.comparingLong(Cell::trainBytes));
        for (Cell cell : cells) {
            if (!seriesKey(cell).equals(seriesKey(cells.get(0)))) {
                throw new IllegalArgumentException("not one online series: " + cells.get(0).label() + " and " + cell.label());
            }
        }
        long start = System.nanoTime();
        Cell largest = cells.get(cells.size() - 1);
        PredictorFactory factory = models.resolve(largest.spec());
        byte[] data = corpora.prefix(largest.corpus(), largest.trainBytes());
        int total = (int) largest.testBytes();
        PredictiveCoder loop = PredictiveCoder.of(factory.create());
        CodeLengthMeter meter = new CodeLengthMeter();
        PredictiveCoder metered = loop.observedBy(meter);
        ArithmeticEncoder encoder = new ArithmeticEncoder((int) Math.min(Integer.MAX_VALUE - 16, total / 2L + 4096));
        MessageDigest digest = sha256();
        List<ResultRow> rows = new ArrayList<>();
        int done = 0;
        for (Cell cell : cells) {
            int test = (int) cell.testBytes();
            encode(metered, encoder, data, done, test - done, progress, cancelled);
            digest.update(data, done, test - done);
            done = test;
            double seconds = (System.nanoTime() - start) / 1e9;
            double expected = expectedRedundancy(loop.predictor()) / test;
            ResultRow row = row(cell, factory, copy(digest), encoder.lengthIfFinished(), meter, expected, seconds, seconds);
            if (verify) {
                rows.add(row);
            } else {
                finished.accept(cell, row);
            }
        }
        if (verify) {
            byte[] payload = encoder.finish();
            PredictiveCoder replay = PredictiveCoder.of(factory.create());
            ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
            decodeAndCompare(replay, decoder, data, 0, total, progress, cancelled);
            for (int i = 0; i < cells.size(); i++) {
                finished.accept(cells.get(i), rows.get(i));
            }
        }
    }

    /** What an online series shares: every field of a cell but its sizes and index. */
    static List<Object> seriesKey(Cell cell) {
        return cell.protocol().equals(SweepConfig.ONLINE)
                ? List.of(cell.corpus(), cell.protocol(), cell.spec(), cell.seed(), cell.bitsPerParameter())
                : List.of(cell.id());
    }

    private ResultRow row(Cell cell, PredictorFactory factory, MessageDigest digest, int payloadLength,
                          CodeLengthMeter meter, double expected, double modelSeconds, double seconds) {
        boolean online = cell.protocol().equals(SweepConfig.ONLINE);
        int test = (int) cell.testBytes();
        Double entropyRate = null;
        Double sourceBpb = null;
        Double bound = null;
        SyntheticSource source = CorpusData.synthetic(cell.corpus());
        long parameters = factory.parameters();
        if (source != null) {
            entropyRate = source.entropyRateBits();
            long from = online ? 0 : cell.trainBytes();
            sourceBpb = source.codeLengthBits(from, from + test) / test;
            bound = online
                    ? parameters / 2.0 * log2(test) / test
                    : parameters / 2.0 * log2((cell.trainBytes() + test) / (double) cell.trainBytes()) / test;
        }
        double bpb = 8.0 * payloadLength / test;
        double modelBits = parameters * cell.bitsPerParameter();
        double adjusted = online ? bpb : (8.0 * payloadLength + modelBits) / test;
        String knobs = cell.knobs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
        return new ResultRow(cell.id(), cell.corpus(), HexFormat.of().formatHex(digest.digest()), cell.protocol(),
                cell.family(), factory.spec(), knobs, parameters, factory.memoryBytes(), cell.trainBytes(), test,
                payloadLength, bpb, meter.idealBits() / test, cell.bitsPerParameter(), modelBits, adjusted,
                meter.correctBytes() / (double) test, entropyRate, sourceBpb, bound,
                Double.isNaN(expected) ? null : expected, seconds, cell.workBytes() / 1e6 / modelSeconds,
                cell.seed(), verify, provenance.jvm(), provenance.gitRevision());
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static double expectedRedundancy(Predictor predictor) {
        return predictor instanceof AlphabetPredictor a ? a.expectedRedundancyBits() : Double.NaN;
    }

    /** Trains without coding, in 1 MiB chunks so a cancelled sweep stops promptly. */
    private static void learn(PredictiveCoder loop, byte[] data, int offset, int length, LongConsumer progress,
                              BooleanSupplier cancelled) {
        for (int done = 0; done < length; ) {
            int n = nextChunk(length - done, cancelled);
            loop.learn(data, offset + done, n);
            done += n;
            progress.accept(n);
        }
    }

    /** Codes the bytes; the loop's encoder writes the payload and leaves {@code data} as it was. */
    private static void encode(PredictiveCoder loop, ArithmeticEncoder encoder, byte[] data, int offset, int length,
                               LongConsumer progress, BooleanSupplier cancelled) {
        for (int done = 0; done < length; ) {
            int n = nextChunk(length - done, cancelled);
            loop.codeBlock(encoder, data, offset + done, n);
            done += n;
            progress.accept(n);
        }
    }

    /**
     * Decodes into a scratch chunk and compares it with the input.
     *
     * @throws IllegalStateException naming the first byte that differs (a bug in the model or the coder)
     */
    private static void decodeAndCompare(PredictiveCoder loop, ArithmeticDecoder decoder, byte[] data, int offset,
                                         int length, LongConsumer progress, BooleanSupplier cancelled) {
        byte[] scratch = new byte[Math.min(CHUNK, Math.max(1, length))];
        for (int done = 0; done < length; ) {
            int n = nextChunk(length - done, cancelled);
            loop.codeBlock(decoder, scratch, 0, n);
            int at = Arrays.mismatch(scratch, 0, n, data, offset + done, offset + done + n);
            if (at >= 0) {
                throw new IllegalStateException("verification failed: decoded byte " + (scratch[at] & 0xFF)
                        + " at offset " + (offset + done + at) + " but the input has " + (data[offset + done + at] & 0xFF)
                        + " (a bug in the model or the coder)");
            }
            done += n;
            progress.accept(n);
        }
    }

    private static int nextChunk(int remaining, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled");
        }
        return Math.min(CHUNK, remaining);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}

package io.bitscale.scaling.sweep;

import io.bitscale.core.io.Sha256;
import io.bitscale.corpora.CorpusData;
import io.bitscale.scaling.theory.AlphabetPredictor;

import io.bitscale.corpora.synthetic.SyntheticSource;
import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.Freezable;
import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.neural.ChunkPredictor;
import io.bitscale.model.neural.SequenceTrainer;
import io.bitscale.model.neural.Snapshot;
import io.bitscale.model.neural.SnapshotFactory;
import io.bitscale.model.neural.tensor.Workers;

import io.bitscale.scaling.baseline.Baseline;
import io.bitscale.scaling.baseline.ByteSink;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * (for count models the natural continuation). <b>frozen</b>: the same, but the model is frozen
 * ({@link Freezable}) after training, so nothing is learnt from the test split; a model that
 * cannot freeze fails the cell with a message saying so. <b>pretrained</b>: the model (a
 * {@code transformer}) is trained on the D bytes in minibatches of windows ({@link Pretraining}),
 * frozen, and codes the split as independent chunks, each from an empty context. Sizes are the coder's payload only:
 * container framing is a constant that would distort small D and says nothing about the model.
 *
 * <p><b>Baselines</b> (family {@value SweepConfig#BASELINE_FAMILY}) compress the first D bytes
 * with a pure-Java {@link Baseline} or an external peer ({@link PeerCompressor}); their sizes are
 * whole compressed files, their {@code idealBpb} equals {@code bpb} and {@code top1Accuracy} is 0.
 *
 * <p>Every row records the CPU time of the cell's thread ({@link ThreadMXBean}) and the work per
 * byte the factory states, the compute axis of the plots.
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
    private final PeerCompressor peers;

    /**
     * A runner without external peers (a {@code peer:} baseline is then skipped as unavailable).
     *
     * @param models     resolves specs (e.g. {@link ScaleModels#registry()})
     * @param corpora    the corpus bytes
     * @param verify     decode every payload and compare with the input
     * @param provenance JVM and git revision written into each row
     */
    public CellRunner(ModelResolver models, CorpusData corpora, boolean verify, Provenance provenance) {
        this(models, corpora, verify, provenance, new PeerCompressor(null));
    }

    /**
     * @param peers runs the external peers of {@code peer:} baselines
     */
    public CellRunner(ModelResolver models, CorpusData corpora, boolean verify, Provenance provenance,
                      PeerCompressor peers) {
        this.models = models;
        this.corpora = corpora;
        this.verify = verify;
        this.provenance = provenance;
        this.peers = peers;
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
        if (cell.family().equals(SweepConfig.BASELINE_FAMILY)) {
            return runBaseline(cell, progress);
        }
        if (cell.protocol().equals(SweepConfig.PRETRAINED)) {
            return runPretrained(cell, progress, cancelled);
        }
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        PredictorFactory factory = models.resolve(cell.spec());
        boolean online = cell.protocol().equals(SweepConfig.ONLINE);
        boolean frozen = cell.protocol().equals(SweepConfig.FROZEN);
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
            if (frozen) {
                freeze(loop.predictor(), cell.spec());
            }
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
                if (frozen) {
                    freeze(replay.predictor(), cell.spec());
                }
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
                (System.nanoTime() - start) / 1e9, (cpuNanos() - cpuStart) / 1e9);
    }

    /**
     * The pretrained protocol: {@link SequenceTrainer} on the D bytes (minibatches of windows, the
     * last part held out for early stopping), the best weights frozen, then the test split coded
     * as independent chunks, each from an empty context with a fresh copy of the frozen model
     * whose tables for the chunk come from one causal pass. The payload is the sum of the chunks'
     * payloads; with {@code verify}, each chunk is decoded byte by byte and compared.
     */
    private ResultRow runPretrained(Cell cell, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        PredictorFactory factory = models.resolve(cell.spec());
        CorpusData.Split split = corpora.split(cell.corpus(), cell.trainBytes(), cell.testBytes());
        byte[] data = split.bytes();
        int train = (int) cell.trainBytes();
        int test = (int) cell.testBytes();
        byte[] training = Arrays.copyOf(data, train);
        SequenceTrainer.Result trained;
        try {
            trained = SequenceTrainer.train(cell.spec(), training, cell.pretraining().options(),
                    new SequenceTrainer.Listener() {
                        private long reported;

                        @Override
                        public void progress(SequenceTrainer.Progress p) {
                            stopIfCancelled(cancelled);
                            progress.accept(p.trainedBytes() - reported);
                            reported = p.trainedBytes();
                        }
                    }, Workers.shared());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cell.spec() + " cannot take the " + SweepConfig.PRETRAINED
                    + " protocol: " + e.getMessage(), e);
        }
        PredictorFactory frozen = SnapshotFactory.of(Snapshot.of(trained.spec(), trained.model(),
                Snapshot.Quantization.FLOAT32, Sha256.of(training), train), false);

        CodeLengthMeter meter = new CodeLengthMeter();
        int chunkBytes = cell.pretraining().chunkBytes();
        long payload = 0;
        for (int from = 0; from < test; from += chunkBytes) {
            int length = Math.min(chunkBytes, test - from);
            stopIfCancelled(cancelled);
            Predictor predictor = frozen.create();
            if (predictor instanceof ChunkPredictor prepared && prepared.canPrepare()) {
                prepared.prepare(data, split.offset() + from, length);
            }
            PredictiveCoder loop = PredictiveCoder.of(predictor).observedBy(meter);
            ArithmeticEncoder encoder = new ArithmeticEncoder(length + 64);
            loop.codeBlock(encoder, data, split.offset() + from, length);
            byte[] chunkPayload = encoder.finish();
            payload += chunkPayload.length;
            if (verify) {
                PredictiveCoder replay = PredictiveCoder.of(frozen.create());
                ArithmeticDecoder decoder = new ArithmeticDecoder(chunkPayload, 0, chunkPayload.length);
                decodeAndCompare(replay, decoder, data, split.offset() + from, length, n -> { }, cancelled);
            }
            progress.accept(length);
        }
        double modelSeconds = (System.nanoTime() - start) / 1e9;
        MessageDigest digest = sha256();
        digest.update(data, 0, train);
        digest.update(data, split.offset(), test);
        return row(cell, factory, digest, Math.toIntExact(payload), meter, Double.NaN, modelSeconds,
                (System.nanoTime() - start) / 1e9, (cpuNanos() - cpuStart) / 1e9);
    }

    /** Stops a trained model learning; a model without {@link Freezable} cannot take the frozen protocol. */
    private static void freeze(Predictor predictor, String spec) {
        if (!(predictor instanceof Freezable frozen)) {
            throw new IllegalArgumentException(spec + " cannot freeze (" + predictor.getClass().getName()
                    + " does not implement Freezable); measure it with protocol heldout instead");
        }
        frozen.freeze();
    }

    /** A baseline compressor on the first D bytes. */
    private ResultRow runBaseline(Cell cell, LongConsumer progress) throws IOException {
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        byte[] data = corpora.prefix(cell.corpus(), cell.trainBytes());
        int length = (int) cell.trainBytes();
        long compressed;
        double cpu;
        if (BaselineCells.isPeer(cell.spec())) {
            PeerCompressor.Result result = peers.compress(cell.spec().substring(BaselineCells.PEER.length()), data, length,
                    verify);
            compressed = result.compressedBytes();
            cpu = result.cpuSeconds();
        } else {
            Baseline baseline = Baseline.byName(cell.spec());
            byte[] input = Arrays.copyOf(data, length);
            ByteSink sink = new ByteSink(length / 2 + 4096);
            compressed = baseline.compress(input, sink);
            cpu = (cpuNanos() - cpuStart) / 1e9;
            if (verify) {
                byte[] restored = new byte[length];
                baseline.decompress(sink.toByteArray(), restored);
                if (!Arrays.equals(restored, input)) {
                    throw new IllegalStateException("verification failed: " + cell.spec() + " did not restore its input");
                }
            }
        }
        progress.accept(length);
        double seconds = (System.nanoTime() - start) / 1e9;
        MessageDigest digest = sha256();
        digest.update(data, 0, length);
        double bpb = 8.0 * compressed / length;
        return new ResultRow(cell.id(), cell.corpus(), HexFormat.of().formatHex(digest.digest()), cell.protocol(),
                cell.family(), cell.spec(), "", cell.series(), null, 0, 0, cell.trainBytes(), length, compressed, bpb,
                bpb, cell.bitsPerParameter(), 0, bpb, 0, null, null, null, null, seconds, length / 1e6 / seconds, cpu,
                null, cell.seed(), verify, provenance.jvm(), provenance.gitRevision());
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
        long cpuStart = cpuNanos();
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
            ResultRow row = row(cell, factory, copy(digest), encoder.lengthIfFinished(), meter, expected, seconds, seconds,
                    (cpuNanos() - cpuStart) / 1e9);
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
        return cell.protocol().equals(SweepConfig.ONLINE) && !cell.family().equals(SweepConfig.BASELINE_FAMILY)
                ? List.of(cell.corpus(), cell.protocol(), cell.spec(), cell.seed(), cell.bitsPerParameter(),
                        String.valueOf(cell.capacity()))
                : List.of(cell.id());
    }

    private ResultRow row(Cell cell, PredictorFactory factory, MessageDigest digest, int payloadLength,
                          CodeLengthMeter meter, double expected, double modelSeconds, double seconds, double cpuSeconds) {
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
        long operations = factory.operationsPerByte();
        return new ResultRow(cell.id(), cell.corpus(), HexFormat.of().formatHex(digest.digest()), cell.protocol(),
                cell.family(), factory.spec(), knobs, cell.series(), cell.capacity(), parameters, factory.memoryBytes(),
                cell.trainBytes(), test, payloadLength, bpb, meter.idealBits() / test, cell.bitsPerParameter(), modelBits,
                adjusted, meter.correctBytes() / (double) test, entropyRate, sourceBpb, bound,
                Double.isNaN(expected) ? null : expected, seconds, cell.workBytes() / 1e6 / modelSeconds, cpuSeconds,
                operations < 0 ? null : operations, cell.seed(), verify, provenance.jvm(), provenance.gitRevision());
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
        stopIfCancelled(cancelled);
        return Math.min(CHUNK, remaining);
    }

    /** Throws {@link CancellationException} if the sweep was cancelled or this thread interrupted. */
    private static void stopIfCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled");
        }
    }

    /** CPU nanoseconds of the current thread (0 where the JVM cannot measure it). */
    private static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}

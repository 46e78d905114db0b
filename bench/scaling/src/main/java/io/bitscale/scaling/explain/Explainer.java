package io.bitscale.scaling.explain;

import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.ByteLookahead;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.mix.Attributable;

import java.io.IOException;
import java.io.InputStream;

/**
 * Runs a model over bytes and reports, for every byte, what it cost, which of the model's parts
 * carried it and what the model expected instead ({@link ByteRecord}): the data of a surprise
 * map, for analyses of your own.
 *
 * <pre>{@code
 * Explainer explainer = new Explainer(Models.factory("default"));
 * try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(target))) {
 *     Explanation totals = explainer.explain(Files.newInputStream(source), record ->
 *             tsv.printf(Locale.ROOT, "%d\t%d\t%.6f%n", record.offset(), record.value(), record.bits()));
 *     System.out.printf("%.4f bpb, %s%n", totals.idealBitsPerByte(), totals.contributors());
 * }
 * for (ByteRecords records = explainer.records(data); records.hasNext(); ) {
 *     ByteRecord record = records.next();   // pull instead of push, e.g. two models in lockstep
 * }
 * }</pre>
 *
 * <p><b>Exactness.</b> The model sees the same calls as when compressing (the one coding loop,
 * {@link PredictiveCoder#learn}), and starts afresh every {@code blockBytes} like the container
 * does, so each byte's cost is the one the stream's {@link io.bitscale.core.accounting.CodeLengthMeter}
 * reports for it and {@link Explanation#idealBits()} equals the stream's ideal bits when the block
 * sizes agree (by default both are {@link StreamOptions#DEFAULT}'s). Attributions come from
 * {@link Attributable}, alternatives as {@link ByteRecord} describes; nothing is estimated.
 *
 * <p>Cost: the model's own, plus for an {@link Attributable} model about as much again, plus 255
 * products per byte for a {@link ByteLookahead} model. Immutable; each run builds its own model.
 */
public final class Explainer {

    /** Alternatives listed per byte unless {@link #withAlternatives} says otherwise. */
    public static final int DEFAULT_ALTERNATIVES = 3;

    private final PredictorFactory factory;
    private final int alternatives;
    private final long blockBytes;

    /** An explainer of the model {@code factory} makes, with the defaults of a stream. */
    public Explainer(PredictorFactory factory) {
        this(factory, DEFAULT_ALTERNATIVES, StreamOptions.DEFAULT.blockBytes());
    }

    private Explainer(PredictorFactory factory, int alternatives, long blockBytes) {
        if (factory == null) {
            throw new NullPointerException("factory");
        }
        this.factory = factory;
        this.alternatives = alternatives;
        this.blockBytes = blockBytes;
    }

    /**
     * The same explainer listing up to {@code count} alternatives per byte.
     *
     * @throws IllegalArgumentException for a count outside 0..255
     */
    public Explainer withAlternatives(int count) {
        if (count < 0 || count > 255) {
            throw new IllegalArgumentException("alternatives " + count + " outside 0..255");
        }
        return new Explainer(factory, count, blockBytes);
    }

    /**
     * The same explainer with the model starting afresh every {@code bytes} bytes (0: never), as
     * a stream with {@link StreamOptions#blockBytes()} {@code = bytes} does.
     *
     * @throws IllegalArgumentException for a negative size
     */
    public Explainer withBlockBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("blockBytes " + bytes + " is negative");
        }
        return new Explainer(factory, alternatives, bytes);
    }

    /** The model's spec. */
    public String spec() {
        return factory.spec();
    }

    /** Explains every byte of {@code in} (read to its end, not closed) to {@code listener}. */
    public Explanation explain(InputStream in, ByteRecordListener listener) throws IOException {
        ByteRecords run = new ByteRecords(factory, alternatives, blockBytes, null, 0);
        listener.started(factory.spec(), run.contributors());
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                listener.byteExplained(run.step(buffer[i]));
            }
        }
        return run.explanation();
    }

    /** Explains every byte of {@code data} to {@code listener}. */
    public Explanation explain(byte[] data, ByteRecordListener listener) {
        ByteRecords run = records(data);
        listener.started(factory.spec(), run.contributors());
        while (run.hasNext()) {
            listener.byteExplained(run.next());
        }
        return run.explanation();
    }

    /**
     * The records of {@code data}, computed as they are pulled (builds the model now); the data
     * must not change meanwhile. Two of these pulled in turn run two models in lockstep.
     */
    public ByteRecords records(byte[] data) {
        return new ByteRecords(factory, alternatives, blockBytes, data, data.length);
    }
}

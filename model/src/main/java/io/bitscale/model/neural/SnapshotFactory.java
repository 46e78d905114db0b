package io.bitscale.model.neural;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.spec.Spec;

/**
 * Makes predictors that start from a pretrained {@link Snapshot}: its spec (with {@code adapt}
 * set to 0 for a frozen model or 1 to keep learning while coding) goes into the stream header,
 * and its SHA-256 into the header's snapshot field, so a decoder given another snapshot, or none,
 * refuses the stream with {@link io.bitscale.core.stream.ModelMismatchException}.
 *
 * <pre>{@code
 * Snapshot snapshot = Snapshot.read(Path.of("model.bsm"));
 * try (OutputStream out = new BitscaleOutputStream(Files.newOutputStream(target), SnapshotFactory.of(snapshot, false))) {
 *     out.write(data);
 * }
 * try (InputStream in = new BitscaleInputStream(Files.newInputStream(target),
 *         SnapshotFactory.resolver(snapshot, Models.registry()))) {
 *     byte[] restored = in.readAllBytes();
 * }
 * }</pre>
 */
public final class SnapshotFactory implements PredictorFactory {

    private final Snapshot snapshot;
    private final Spec codingSpec;
    private final long parameters;
    private final long memoryBytes;

    private SnapshotFactory(Snapshot snapshot, Spec codingSpec, NeuralPredictor probe) {
        this.snapshot = snapshot;
        this.codingSpec = codingSpec;
        this.parameters = probe.parameters();
        this.memoryBytes = probe.memoryBytes();
    }

    /**
     * A factory for the snapshot's model.
     *
     * @param adapt whether the model keeps learning while it codes (else its weights are frozen)
     * @throws InvalidSnapshotException if the snapshot's tensors do not fit its spec
     */
    public static SnapshotFactory of(Snapshot snapshot, boolean adapt) throws InvalidSnapshotException {
        Spec spec = NeuralSpecs.with(parse(snapshot), "adapt", adapt ? 1 : 0);
        return new SnapshotFactory(snapshot, spec, snapshot.instantiate(spec.toString()));
    }

    private static Spec parse(Snapshot snapshot) throws InvalidSnapshotException {
        try {
            return Spec.parse(snapshot.spec());
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException("stored spec does not parse: " + e.getMessage(), 8);
        }
    }

    /**
     * A resolver for decoding: a header spec with the snapshot's architecture resolves to this
     * snapshot (training knobs such as {@code adapt} come from the header); any other spec goes
     * to {@code fallback}. The stream's snapshot digest is then checked against the factory's.
     */
    public static ModelResolver resolver(Snapshot snapshot, ModelResolver fallback) throws InvalidSnapshotException {
        Spec stored = parse(snapshot);
        return text -> {
            Spec spec = Spec.parse(text);
            if (NeuralSpecs.isNeural(spec) && NeuralSpecs.sameArchitecture(spec, stored)) {
                try {
                    return new SnapshotFactory(snapshot, spec, snapshot.instantiate(spec.toString()));
                } catch (InvalidSnapshotException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            return fallback.resolve(text);
        };
    }

    /** The snapshot. */
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public String spec() {
        return codingSpec.toString();
    }

    @Override
    public long parameters() {
        return parameters;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public Predictor create() {
        try {
            return snapshot.instantiate(codingSpec.toString());
        } catch (InvalidSnapshotException e) {
            throw new IllegalStateException("snapshot was validated when the factory was made", e);
        }
    }

    @Override
    public byte[] snapshotSha256() {
        return snapshot.sha256();
    }
}

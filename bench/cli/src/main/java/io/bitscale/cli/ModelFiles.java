package io.bitscale.cli;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.neural.Snapshot;
import io.bitscale.model.neural.SnapshotFactory;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model-file} for compress, decompress and eval: a pretrained snapshot instead of a fresh model. */
final class ModelFiles {

    private ModelFiles() {
    }

    /** Reads and validates a snapshot ({@link io.bitscale.model.neural.InvalidSnapshotException} if damaged). */
    static Snapshot read(Path file) throws IOException {
        return Snapshot.read(file);
    }

    /** The factory to code with: the snapshot's model (frozen unless {@code adapt}), else the spec's. */
    static PredictorFactory factory(String spec, Snapshot snapshot, boolean adapt) throws IOException {
        return snapshot == null ? Plugins.registry().factory(spec) : SnapshotFactory.of(snapshot, adapt);
    }

    /** The resolver to decode with: the snapshot's model for a header naming its architecture. */
    static ModelResolver resolver(Snapshot snapshot) throws IOException {
        return snapshot == null ? Plugins.registry() : SnapshotFactory.resolver(snapshot, Plugins.registry());
    }
}

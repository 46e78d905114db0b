package io.bitscale.scaling.sweep;

import io.bitscale.scaling.baseline.Baseline;

/**
 * The names a sweep's {@code baselines:} key takes: a pure-Java {@link Baseline}
 * ({@code deflate-9}, {@code xz-9e}, {@code bzip2-9}, ...) or an external peer written
 * {@code peer:NAME} ({@link PeerCompressor#NAMES}). Each becomes an online cell of family
 * {@value SweepConfig#BASELINE_FAMILY} per corpus, seed and size, whose spec is the name as written.
 */
final class BaselineCells {

    /** The prefix of an external peer. */
    static final String PEER = "peer:";

    private BaselineCells() {
    }

    /**
     * Checks a name.
     *
     * @throws IllegalArgumentException naming the known baselines and peers
     */
    static void check(String name) {
        if (name.startsWith(PEER)) {
            if (!PeerCompressor.NAMES.contains(name.substring(PEER.length()))) {
                throw new IllegalArgumentException("unknown peer '" + name + "' (peer:" + String.join(", peer:",
                        PeerCompressor.NAMES) + ")");
            }
            return;
        }
        if (!Baseline.NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown baseline '" + name + "' (" + String.join(", ", Baseline.NAMES)
                    + ", or peer:NAME for an external peer)");
        }
    }

    /** True for an external peer. */
    static boolean isPeer(String name) {
        return name.startsWith(PEER);
    }
}

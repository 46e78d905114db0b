package io.bitscale.scaling.sweep;

import io.bitscale.core.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One measurement of a sweep: a model spec on a corpus under a protocol at one data size.
 *
 * <p>The {@link #id()} is a hash of exactly what determines the measurement (corpus, protocol,
 * spec, sizes, seed, bits per parameter, and a growth policy if any), not of the whole config: adding a size or a model to a
 * config keeps every finished cell, while changing anything that would change a number gives a
 * new id. Two shards or two machines computing the same cell produce the same id.
 *
 * @param index            position in the plan (determines the shard)
 * @param corpus           the corpus, placeholders substituted
 * @param protocol         {@link SweepConfig#ONLINE}, {@link SweepConfig#HELDOUT}, {@link SweepConfig#FROZEN}
 *                         or {@link SweepConfig#PRETRAINED}
 * @param family           the model family label
 * @param spec             the model spec, placeholders substituted
 * @param knobs            knob values of this cell, in grid order
 * @param trainBytes       D: bytes the model learns from
 * @param testBytes        bytes coded and measured: D for online, the held-out split otherwise
 * @param seed             the seed substituted into templates
 * @param bitsPerParameter description length per parameter for the adjusted rate
 * @param series           the spec before capacity resolution (e.g. {@code order(4,bits=auto)}),
 *                         equal to {@code spec} for a fixed-capacity model: one L(D) curve
 * @param capacity         the growth policy that set the spec from D ({@link CapacityPolicy#describe()}),
 *                         or null for fixed capacity
 * @param pretraining      how a {@link SweepConfig#PRETRAINED} cell trains (part of its id); null for
 *                         the other protocols
 */
public record Cell(int index, String corpus, String protocol, String family, String spec, Map<String, String> knobs,
                   long trainBytes, long testBytes, long seed, double bitsPerParameter, String series,
                   String capacity, Pretraining pretraining) {

    /** Version of the cell-id recipe; bump it when a measurement's definition changes. */
    static final String ID_VERSION = "bitscale-cell-v1";

    /** A fixed-capacity cell: its series is its spec. */
    public Cell(int index, String corpus, String protocol, String family, String spec, Map<String, String> knobs,
                long trainBytes, long testBytes, long seed, double bitsPerParameter) {
        this(index, corpus, protocol, family, spec, knobs, trainBytes, testBytes, seed, bitsPerParameter, spec, null);
    }

    /** A cell of a protocol without pretraining. */
    public Cell(int index, String corpus, String protocol, String family, String spec, Map<String, String> knobs,
                long trainBytes, long testBytes, long seed, double bitsPerParameter, String series, String capacity) {
        this(index, corpus, protocol, family, spec, knobs, trainBytes, testBytes, seed, bitsPerParameter, series,
                capacity, null);
    }

    /** Immutable knobs; the series defaults to the spec. */
    public Cell {
        knobs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(knobs));
        series = series == null ? spec : series;
        if (protocol.equals(SweepConfig.PRETRAINED) && pretraining == null) {
            pretraining = Pretraining.DEFAULTS;
        } else if (!protocol.equals(SweepConfig.PRETRAINED) && pretraining != null) {
            throw new IllegalArgumentException("pretraining options on a " + protocol + " cell");
        }
    }

    /**
     * Sixteen hex digits of SHA-256 over what determines the measurement. A growing-capacity cell
     * adds its series and policy, so it never shares an id with the fixed-size cell its spec
     * resolves to (both can be in one sweep, as separate curves); fixed-capacity ids are as before.
     */
    public String id() {
        String key = String.join("\n", ID_VERSION, corpus, protocol, spec, Long.toString(trainBytes),
                Long.toString(testBytes), Long.toString(seed), Double.toString(bitsPerParameter))
                + (capacity == null ? "" : "\n" + series + "\n" + capacity)
                + (pretraining == null ? "" : "\npretraining " + pretraining.describe());
        return Sha256.hex(Sha256.of(key.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    /** Bytes the model processes: training plus coding (online codes what it learns from). */
    public long workBytes() {
        return protocol.equals(SweepConfig.ONLINE) ? trainBytes : trainBytes + testBytes;
    }

    /** A short label for logs. */
    public String label() {
        return spec + " " + protocol + " D=" + trainBytes + " on " + corpus + (seed != 0 ? " seed=" + seed : "");
    }
}

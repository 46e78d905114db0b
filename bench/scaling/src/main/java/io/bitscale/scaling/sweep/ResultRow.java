package io.bitscale.scaling.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One finished cell: the tidy row written to {@code results.jsonl} and {@code results.csv}.
 * Columns appear in the order of the record components; units are in the names or below.
 *
 * @param cellId                {@link Cell#id()}
 * @param corpus                corpus name as in the config ({@code text-enwiki}, {@code synthetic:...})
 * @param sha256                SHA-256 of exactly the bytes the model saw (training then coded bytes)
 * @param protocol              {@code online} or {@code heldout}
 * @param family                model family label
 * @param spec                  model spec
 * @param knobs                 knob values, {@code name=value} joined by {@code ;}
 * @param parameters            the model's parameters N
 * @param memoryBytes           the model's heap bytes
 * @param trainBytes            D, bytes learned from
 * @param testBytes             bytes coded and measured (D for online)
 * @param compressedBytes       arithmetic-coder payload of the coded bytes (no container framing)
 * @param bpb                   {@code 8 × compressedBytes / testBytes}
 * @param idealBpb              {@code Σ -log2 p / testBytes}, the model's cross-entropy
 * @param bitsPerParameter      description length charged per parameter
 * @param modelBits             {@code parameters × bitsPerParameter}
 * @param adjustedBpb           heldout: {@code (8 × compressedBytes + modelBits) / testBytes};
 *                              online: equal to {@code bpb} (a prequential code already pays for learning)
 * @param top1Accuracy          fraction of coded bytes the model ranked first (greedy bit path for bit models)
 * @param entropyRateBpb        synthetic sources: the exact entropy rate, else null
 * @param sourceBpb             synthetic sources: the true model's code length of the coded bytes / testBytes
 * @param boundBpb              synthetic sources: the leading Rissanen/KT term {@code (N/2)·log2(n)/n}, n = testBytes
 * @param expectedRedundancyBpb models that know their asymptotic redundancy (KT): the full
 *                              Clarke–Barron value with constants, per byte; else null
 * @param seconds               wall time of the cell (training, coding and verification)
 * @param mbPerSecond           model throughput: 10^6 bytes through the model per second of training+coding
 * @param seed                  the seed substituted into templates
 * @param verified              true if the payload was decoded and compared with the input
 * @param jvm                   JVM name and version
 * @param gitRevision           revision of the code that measured ({@code -dirty} if uncommitted changes)
 */
@JsonPropertyOrder({"cellId", "corpus", "sha256", "protocol", "family", "spec", "knobs", "parameters", "memoryBytes",
        "trainBytes", "testBytes", "compressedBytes", "bpb", "idealBpb", "bitsPerParameter", "modelBits", "adjustedBpb",
        "top1Accuracy", "entropyRateBpb", "sourceBpb", "boundBpb", "expectedRedundancyBpb", "seconds", "mbPerSecond",
        "seed", "verified", "jvm", "gitRevision"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResultRow(String cellId, String corpus, String sha256, String protocol, String family, String spec,
                        String knobs, long parameters, long memoryBytes, long trainBytes, long testBytes,
                        long compressedBytes, double bpb, double idealBpb, double bitsPerParameter, double modelBits,
                        double adjustedBpb, double top1Accuracy, Double entropyRateBpb, Double sourceBpb,
                        Double boundBpb, Double expectedRedundancyBpb, double seconds, double mbPerSecond, long seed,
                        boolean verified, String jvm, String gitRevision) {

    /** Column names in CSV order. */
    public static final List<String> COLUMNS = Arrays.stream(ResultRow.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    /** Columns that depend on the machine and the moment rather than on the measurement. */
    public static final List<String> TIMING_COLUMNS = List.of("seconds", "mbPerSecond");

    /** Canonical table order: corpus, protocol, family, model size, spec, seed, D. */
    public static final Comparator<ResultRow> ORDER = Comparator.comparing(ResultRow::corpus)
            .thenComparing(ResultRow::protocol).thenComparing(ResultRow::family)
            .thenComparingLong(ResultRow::parameters).thenComparing(ResultRow::spec)
            .thenComparingLong(ResultRow::seed).thenComparingLong(ResultRow::trainBytes)
            .thenComparingLong(ResultRow::testBytes).thenComparing(ResultRow::cellId);

    /** The same row with timing columns zeroed, for comparing measurements across runs. */
    public ResultRow withoutTiming() {
        return new ResultRow(cellId, corpus, sha256, protocol, family, spec, knobs, parameters, memoryBytes,
                trainBytes, testBytes, compressedBytes, bpb, idealBpb, bitsPerParameter, modelBits, adjustedBpb,
                top1Accuracy, entropyRateBpb, sourceBpb, boundBpb, expectedRedundancyBpb, 0, 0, seed, verified, jvm,
                gitRevision);
    }

    /** Redundancy against the entropy rate, {@code bpb - entropyRateBpb}; null off synthetic sources. */
    public Double redundancyBpb() {
        return entropyRateBpb == null ? null : bpb - entropyRateBpb;
    }

    /** Redundancy against the true model's code length of the same bytes; null off synthetic sources. */
    public Double pointwiseRedundancyBpb() {
        return sourceBpb == null ? null : bpb - sourceBpb;
    }

    /** A metric by column name: bpb, idealBpb, adjustedBpb, top1Accuracy. */
    public double metric(String name) {
        return switch (name) {
            case "bpb" -> bpb;
            case "idealBpb" -> idealBpb;
            case "adjustedBpb" -> adjustedBpb;
            case "top1Accuracy" -> top1Accuracy;
            default -> throw new IllegalArgumentException("unknown metric '" + name
                    + "' (bpb, idealBpb, adjustedBpb, top1Accuracy)");
        };
    }
}

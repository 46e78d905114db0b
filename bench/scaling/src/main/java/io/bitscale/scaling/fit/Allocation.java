package io.bitscale.scaling.fit;

import java.util.List;
import java.util.Map;

/**
 * The compute-optimal allocation of a family: for a compute budget C (operations), the model size
 * N and data size D that minimize the family's joint law {@code L(N, D)} subject to
 * {@code ops(N)·D = C}, where {@code ops(N) = c·N^b} is fitted to the operations per byte the
 * family's factories state. Where the data allow (a joint fit that passes its quality checks, work
 * per byte that grows with N, optima inside the measured N), the optimal N and D follow power laws
 * {@code N* ∝ C^a}, {@code D* ∝ C^(1−b·a)}; otherwise {@link #fitted()} is false and
 * {@link #reason()} says why.
 *
 * @param group       corpus, protocol, family
 * @param fitted      true if the allocation was fitted
 * @param reason      why not, or the basis of the fit
 * @param opsExponent b of {@code ops(N) ∝ N^b}
 * @param nExponent   a of {@code N* ∝ C^a} (NaN if not fitted)
 * @param dExponent   the exponent of {@code D* ∝ C^…} (NaN if not fitted)
 * @param computes    the budgets C evaluated
 * @param optimalN    N* at each budget
 * @param optimalD    D* at each budget
 * @param optimalLoss L(N*, D*) at each budget
 */
public record Allocation(Map<String, String> group, boolean fitted, String reason, double opsExponent,
                         double nExponent, double dExponent, List<Double> computes, List<Double> optimalN,
                         List<Double> optimalD, List<Double> optimalLoss) {

    /** Immutable. */
    public Allocation {
        group = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
        computes = List.copyOf(computes);
        optimalN = List.copyOf(optimalN);
        optimalD = List.copyOf(optimalD);
        optimalLoss = List.copyOf(optimalLoss);
    }
}

package io.bitscale.model.mix;

import java.util.List;

/**
 * A bit predictor that can say where the cost of its last decision came from: which of its parts
 * (a mixture's components, its bias, its refinement stages) pushed the probability towards the
 * bit that was coded, and which pushed it away. Optional: a surprise map reads it when a model
 * offers it ({@code bitscale explain}, {@code io.bitscale.scaling.explain}).
 *
 * <pre>{@code
 * Mixture mixture = (Mixture) Models.factory("default").create();
 * double[] bits = new double[mixture.contributors().size()];
 * int p1 = mixture.p1();
 * mixture.attribute(1, bits);        // where the cost of coding a 1 at probability p1 comes from
 * mixture.update(1);
 * }</pre>
 *
 * <p><b>Call protocol.</b> {@link #attribute} may be called between a {@code p1()} and the
 * {@code update(bit)} that follows it, with the bit that is being coded; it describes that one
 * decision and changes nothing the predictor will compute afterwards. Calling it is never
 * required: a coder that does not ask pays nothing.
 *
 * <p><b>Units and sum.</b> Values are bits. They add up to the decision's ideal cost,
 * {@code -log2 P(bit)} with {@code P} the probability of the last {@code p1()} (as
 * {@link io.bitscale.core.accounting.CodeLength#bitCost} computes it), up to floating-point
 * rounding (relative error below 1e-9). A negative value is a saving: that part made the coded bit
 * more probable. How the cost is split is the implementation's documented choice; every bit of the
 * cost must be assigned to some named contributor, including parts that are not components (for
 * example a uniform prior, the rounding of integer arithmetic, SSE stages), so that a per-byte
 * sum of the contributions is exactly the byte's cost. {@link Mixture} documents its split.
 */
public interface Attributable {

    /**
     * The names of the contributors, in the order {@link #attribute} fills them; the same list
     * for the predictor's whole life. Names need not be unique (two components may share a spec).
     */
    List<String> contributors();

    /**
     * Splits the cost of the decision just predicted among the contributors.
     *
     * @param bit  the bit being coded after the last {@code p1()}, 0 or 1
     * @param bits receives one value per contributor in {@code bits[0 .. contributors().size())},
     *             overwritten; they sum to {@code -log2 P(bit)}
     * @throws IllegalStateException if no decision has been predicted since the last update
     */
    void attribute(int bit, double[] bits);
}

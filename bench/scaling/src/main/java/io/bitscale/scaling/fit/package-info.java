/**
 * Scaling-law fits: {@link io.bitscale.scaling.fit.PowerLawFitter} fits the
 * {@link io.bitscale.scaling.fit.Law}s {@code L(D)}, {@code L(N)} and {@code L(N, D)} by least
 * squares (commons-math3 Levenberg–Marquardt after a global grid), with residual-bootstrap 95%
 * intervals, R², k-fold cross-validation and an extrapolation check;
 * {@link io.bitscale.scaling.fit.ScalingFits} groups result rows into curves. Deterministic for a
 * given seed.
 */
package io.bitscale.scaling.fit;

/**
 * Reproducible randomness: {@link io.bitscale.core.random.SplitMix64}, the one seeded generator,
 * whose sequence depends on nothing a JVM or JDK version may change.
 */
package io.bitscale.core.random;

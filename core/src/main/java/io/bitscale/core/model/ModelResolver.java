package io.bitscale.core.model;

/**
 * Turns a model spec read from a stream header back into a factory. The core knows no models:
 * the model module (or a researcher's own code) supplies the resolver.
 */
@FunctionalInterface
public interface ModelResolver {

    /**
     * Resolves a spec.
     *
     * @param spec the spec as stored in the stream header
     * @return a factory whose {@link PredictorFactory#spec()} recreates the encoder's model
     * @throws IllegalArgumentException if the spec names no model this resolver knows, with a
     *     message saying which part is unknown
     */
    PredictorFactory resolve(String spec);
}

package io.bitscale.scaling.fit;

import java.util.List;

/**
 * The scaling laws bitscale fits, each a sum of a floor {@code E} and decaying power laws. All
 * coefficients are constrained to be non-negative and exponents to {@code [1e-4, 5]}.
 */
public enum Law {
    /** Data scaling at fixed model: {@code L(D) = E + B·D^-β}. */
    DATA("L(D) = E + B·D^-β", List.of("E", "B", "beta")),
    /** Model-size scaling at fixed data: {@code L(N) = E + A·N^-α}. */
    SIZE("L(N) = E + A·N^-α", List.of("E", "A", "alpha")),
    /** Joint: {@code L(N, D) = E + A·N^-α + B·D^-β}. */
    JOINT("L(N,D) = E + A·N^-α + B·D^-β", List.of("E", "A", "alpha", "B", "beta"));

    private final String formula;
    private final List<String> parameters;

    Law(String formula, List<String> parameters) {
        this.formula = formula;
        this.parameters = parameters;
    }

    /** The formula, for tables. */
    public String formula() {
        return formula;
    }

    /** Parameter names in the order of a parameter vector. */
    public List<String> parameters() {
        return parameters;
    }

    /** Short name: {@code L(D)}, {@code L(N)} or {@code L(N,D)}. */
    public String shortName() {
        return formula.substring(0, formula.indexOf(' '));
    }

    /** The law's value at a point, with parameters in original units. */
    public double value(double[] p, double n, double d) {
        return switch (this) {
            case DATA -> p[0] + p[1] * Math.pow(d, -p[2]);
            case SIZE -> p[0] + p[1] * Math.pow(n, -p[2]);
            case JOINT -> p[0] + p[1] * Math.pow(n, -p[2]) + p[3] * Math.pow(d, -p[4]);
        };
    }
}

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
    JOINT("L(N,D) = E + A·N^-α + B·D^-β", List.of("E", "A", "alpha", "B", "beta")),
    /**
     * The compute frontier: {@code L(C) = E + K·C^-γ}, C the operations spent (stated operations
     * per byte times bytes processed); a {@link Point}'s {@code d} carries C.
     */
    COMPUTE("L(C) = E + K·C^-γ", List.of("E", "K", "gamma"));

    /** The smallest exponent a fit may take. */
    public static final double MIN_EXPONENT = 1e-4;
    /** The largest exponent a fit may take. */
    public static final double MAX_EXPONENT = 5;

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

    /** Short name: {@code L(D)}, {@code L(N)}, {@code L(N,D)} or {@code L(C)}. */
    public String shortName() {
        return formula.substring(0, formula.indexOf(' '));
    }

    /** True if the parameter at this index is an exponent (bounded to {@code [1e-4, 5]}). */
    public boolean isExponent(int index) {
        String name = parameters.get(index);
        return name.equals("alpha") || name.equals("beta") || name.equals("gamma");
    }

    /** The one variable of a single-variable law: N for {@link #SIZE}, else the point's d (D or C). */
    public double x(Point p) {
        return this == SIZE ? p.n() : p.d();
    }

    /** The law's value at a point, with parameters in original units ({@link StrictMath}, the same on every JVM). */
    public double value(double[] p, double n, double d) {
        return switch (this) {
            case DATA, COMPUTE -> p[0] + p[1] * StrictMath.pow(d, -p[2]);
            case SIZE -> p[0] + p[1] * StrictMath.pow(n, -p[2]);
            case JOINT -> p[0] + p[1] * StrictMath.pow(n, -p[2]) + p[3] * StrictMath.pow(d, -p[4]);
        };
    }
}

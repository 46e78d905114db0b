package io.bitscale.scaling.fit;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A fitted law with its uncertainty, predictive checks and quality flags.
 *
 * @param law                the law
 * @param group              what the points were (corpus, protocol, family, series or D)
 * @param points             number of fitted points (means over seeds)
 * @param parameters         fitted values, in {@link Law#parameters()} order, original units
 * @param lower              lower end of each parameter's 95% interval (NaN without bootstrap)
 * @param upper              upper end of each parameter's 95% interval
 * @param r2                 coefficient of determination on the fitted points
 * @param rmse               root-mean-square residual (units of y)
 * @param cvRmse             k-fold cross-validated prediction RMSE on held-out points (NaN if too few)
 * @param extrapolationError mean absolute error predicting the points at the largest size from a fit
 *                           to the others (NaN if too few)
 * @param bootstrap          bootstrap replicates used
 * @param seeds              replicate curves (shuffle seeds) the points average over
 * @param intervalMethod     how the intervals were made: {@value PowerLawFitter#SEED_BOOTSTRAP},
 *                           {@value PowerLawFitter#RESIDUAL_BOOTSTRAP} (too narrow for nested online
 *                           sizes) or {@code none}
 * @param perSeed            with several seeds, the parameters of each seed's own fit
 * @param flags              failed quality checks ({@link FitQuality}); empty for a fit that passes
 * @param band               the law's pointwise 95% band over the fitted range, for plots: three lists
 *                           (x, lower, upper) of {@value #BAND_POINTS} points; empty for the joint law or
 *                           without bootstrap
 */
// The derived properties come last in a fixed order (reflection order is unspecified; fits.json is
// compared token by token with a rebuild).
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"law", "group", "points", "parameters", "lower", "upper", "r2",
        "rmse", "cvRmse", "extrapolationError", "bootstrap", "seeds", "intervalMethod", "perSeed", "flags", "band",
        "formula", "parameterNames"})
public record FitResult(Law law, Map<String, String> group, int points, List<Double> parameters, List<Double> lower,
                        List<Double> upper, double r2, double rmse, double cvRmse, double extrapolationError,
                        int bootstrap, int seeds, String intervalMethod, List<List<Double>> perSeed,
                        List<String> flags, List<List<Double>> band) {

    /** Points of a {@link #band()}. */
    public static final int BAND_POINTS = 40;

    /** Immutable lists. */
    public FitResult {
        group = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
        parameters = List.copyOf(parameters);
        lower = List.copyOf(lower);
        upper = List.copyOf(upper);
        perSeed = perSeed == null ? List.of() : perSeed.stream().map(List::copyOf).toList();
        flags = flags == null ? List.of() : List.copyOf(flags);
        band = band == null ? List.of() : band.stream().map(List::copyOf).toList();
    }

    /** Names of {@link #parameters()}, in order (also written to JSON). */
    @JsonProperty("parameterNames")
    public List<String> parameterNames() {
        return law.parameters();
    }

    /** The law's formula (also written to JSON). */
    @JsonProperty("formula")
    public String formula() {
        return law.formula();
    }

    /** A parameter by name ({@code E}, {@code A}, {@code alpha}, {@code B}, {@code beta}, {@code K}, {@code gamma}). */
    public double parameter(String name) {
        return parameters.get(index(name));
    }

    /** Lower 95% bound of a parameter. */
    public double lower(String name) {
        return lower.get(index(name));
    }

    /** Upper 95% bound of a parameter. */
    public double upper(String name) {
        return upper.get(index(name));
    }

    /** The smallest and largest value of a parameter over the per-seed fits; NaNs without them. */
    public double[] perSeedRange(String name) {
        int i = index(name);
        return new double[] {perSeed.stream().mapToDouble(p -> p.get(i)).min().orElse(Double.NaN),
            perSeed.stream().mapToDouble(p -> p.get(i)).max().orElse(Double.NaN)};
    }

    /** The law's value at a point. */
    public double predict(double n, double d) {
        double[] p = parameters.stream().mapToDouble(Double::doubleValue).toArray();
        return law.value(p, n, d);
    }

    /** True if no quality check failed. */
    public boolean passes() {
        return flags.isEmpty();
    }

    /** The same fit with quality flags. */
    public FitResult withFlags(List<String> newFlags) {
        return new FitResult(law, group, points, parameters, lower, upper, r2, rmse, cvRmse, extrapolationError,
                bootstrap, seeds, intervalMethod, perSeed, newFlags, band);
    }

    private int index(String name) {
        int index = law.parameters().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(law.shortName() + " has no parameter " + name);
        }
        return index;
    }
}

package io.bitscale.scaling.fit;

import java.util.List;
import java.util.Map;

/**
 * A fitted law with its uncertainty and predictive checks.
 *
 * @param law                the law
 * @param group              what the points were (corpus, protocol, family, spec or D)
 * @param points             number of observations
 * @param parameters         fitted values, in {@link Law#parameters()} order, original units
 * @param lower              2.5% bootstrap percentile of each parameter (NaN without bootstrap)
 * @param upper              97.5% bootstrap percentile of each parameter
 * @param r2                 coefficient of determination on the fitted points
 * @param rmse               root-mean-square residual (units of y)
 * @param cvRmse             k-fold cross-validated prediction RMSE on held-out points (NaN if too few)
 * @param extrapolationError mean absolute error predicting the points at the largest D (largest N for
 *                           {@link Law#SIZE}) from a fit to the others (NaN if too few)
 * @param bootstrap          bootstrap replicates used
 */
public record FitResult(Law law, Map<String, String> group, int points, List<Double> parameters, List<Double> lower,
                        List<Double> upper, double r2, double rmse, double cvRmse, double extrapolationError,
                        int bootstrap) {

    /** Names of {@link #parameters()}, in order (also written to JSON). */
    @com.fasterxml.jackson.annotation.JsonProperty("parameterNames")
    public List<String> parameterNames() {
        return law.parameters();
    }

    /** The law's formula (also written to JSON). */
    @com.fasterxml.jackson.annotation.JsonProperty("formula")
    public String formula() {
        return law.formula();
    }

    /** A parameter by name ({@code E}, {@code A}, {@code alpha}, {@code B}, {@code beta}). */
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

    /** The law's value at a point. */
    public double predict(double n, double d) {
        double[] p = parameters.stream().mapToDouble(Double::doubleValue).toArray();
        return law.value(p, n, d);
    }

    private int index(String name) {
        int index = law.parameters().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(law.shortName() + " has no parameter " + name);
        }
        return index;
    }
}

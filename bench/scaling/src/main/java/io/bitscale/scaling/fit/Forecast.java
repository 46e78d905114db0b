package io.bitscale.scaling.fit;

import java.util.List;
import java.util.Map;

/**
 * A forecast check at one data size: the law fitted on the sizes up to a cutoff predicts the
 * measured mean at a larger size, with a 95% prediction interval, next to two naive forecasts.
 *
 * @param group          the curve (corpus, protocol, family, series)
 * @param cutoff         the largest D the law was fitted on
 * @param fittedSizes    distinct D at or below the cutoff
 * @param seeds          replicate curves
 * @param d              the forecast D
 * @param measured       the measured mean over seeds at D
 * @param predicted      the law's value at D
 * @param lower          lower end of the 95% prediction interval for the measured mean
 * @param upper          upper end
 * @param error          relative error {@code (predicted − measured) / measured}
 * @param lastValue      the naive forecast "no change": the mean at the cutoff's largest size
 * @param lastValueError its relative error
 * @param line           the naive forecast "a straight line in log D" through the top decade below the cutoff
 * @param lineError      its relative error
 * @param law            the cutoff fit's parameters ({@link Law#DATA} order)
 */
// The derived properties come last in a fixed order: Jackson lists annotated methods in reflection
// order, which the JVM does not specify, and fits.json is compared token by token with a rebuild.
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"group", "cutoff", "fittedSizes", "seeds", "d", "measured",
        "predicted", "lower", "upper", "error", "lastValue", "lastValueError", "line", "lineError", "law", "covered",
        "beatsBaselines"})
public record Forecast(Map<String, String> group, double cutoff, int fittedSizes, int seeds, double d, double measured,
                       double predicted, double lower, double upper, double error, double lastValue,
                       double lastValueError, double line, double lineError, List<Double> law) {

    /** Immutable. */
    public Forecast {
        group = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
        law = List.copyOf(law);
    }

    /** True if the measured mean lies in the prediction interval (also written to JSON). */
    @com.fasterxml.jackson.annotation.JsonProperty("covered")
    public boolean covered() {
        return lower <= measured && measured <= upper;
    }

    /** True if the law's error is smaller in magnitude than both naive forecasts' (also written to JSON). */
    @com.fasterxml.jackson.annotation.JsonProperty("beatsBaselines")
    public boolean beatsBaselines() {
        return Math.abs(error) < Math.abs(lastValueError) && Math.abs(error) < Math.abs(lineError);
    }
}

package io.bitscale.scaling.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks a published fit must pass; a fit that fails any carries its flags into tables
 * ({@code flags} column), fits.json and plots (a warning mark in the legend), so a bad fit is
 * never shown as a good one:
 * <ul>
 *   <li>R² at least {@value #MIN_R2};</li>
 *   <li>no exponent at the optimizer's bound (or at the edge of the starting grid), and no 95%
 *       interval of an exponent reaching a bound (the data do not determine it);</li>
 *   <li>a floor E above 0 (E = 0 is the bound: the curve did not flatten in the data);</li>
 *   <li>cross-validated error at most {@value #MAX_CV_ERROR} of the mean (relative): k-fold CV on a
 *       handful of sizes forces folds that hold out the smallest sizes to extrapolate, so it is a
 *       noisy statistic, and this check only catches fits that are plainly broken (the forecast
 *       check is the sharp one);</li>
 *   <li>forecast error at most {@value #MAX_RELATIVE_ERROR} (relative) at every forecast size;</li>
 *   <li>not degenerate: more points than parameters plus one, and a y that varies.</li>
 * </ul>
 */
public final class FitQuality {

    /** The smallest acceptable R². */
    public static final double MIN_R2 = 0.98;
    /** The largest acceptable relative error of forecasts (2%). */
    public static final double MAX_RELATIVE_ERROR = 0.02;
    /** The largest acceptable relative cross-validation error (10%). */
    public static final double MAX_CV_ERROR = 0.10;

    private FitQuality() {
    }

    /**
     * The failed checks of a fit.
     *
     * @param meanY     the mean of the fitted y (for the relative CV error)
     * @param forecasts the fit's curve's forecasts (may be empty)
     */
    public static List<String> flags(FitResult fit, double meanY, List<Forecast> forecasts) {
        List<String> flags = new ArrayList<>();
        Law law = fit.law();
        if (fit.points() < law.parameters().size() + 2 || Double.isNaN(fit.r2())) {
            flags.add(String.format(Locale.ROOT, "degenerate: %d points for %d parameters%s", fit.points(),
                    law.parameters().size(), Double.isNaN(fit.r2()) ? ", y constant" : ""));
        }
        if (fit.r2() < MIN_R2) {
            flags.add(String.format(Locale.ROOT, "R² %.4f < %.2f", fit.r2(), MIN_R2));
        }
        for (int j = 0; j < law.parameters().size(); j++) {
            String name = symbol(law.parameters().get(j));
            double value = fit.parameters().get(j);
            if (law.isExponent(j)) {
                if (value <= 0.0101 || value >= 2.99) {
                    flags.add(String.format(Locale.ROOT, "%s = %.4g at a bound", name, value));
                } else if (fit.lower().get(j) <= Law.MIN_EXPONENT * 1.0001 || fit.upper().get(j) >= Law.MAX_EXPONENT * 0.9999) {
                    flags.add(String.format(Locale.ROOT, "%s not determined (interval reaches a bound)", name));
                }
            }
        }
        if (fit.parameter("E") <= 1e-9) {
            flags.add("E = 0 at its bound");
        }
        if (!Double.isNaN(fit.cvRmse()) && meanY > 0 && fit.cvRmse() / meanY > MAX_CV_ERROR) {
            flags.add(String.format(Locale.ROOT, "CV error %.1f%% > %.0f%%", 100 * fit.cvRmse() / meanY,
                    100 * MAX_CV_ERROR));
        }
        double worst = 0;
        double worstD = 0;
        for (Forecast f : forecasts) {
            if (Math.abs(f.error()) > Math.abs(worst)) {
                worst = f.error();
                worstD = f.d();
            }
        }
        if (Math.abs(worst) > MAX_RELATIVE_ERROR) {
            flags.add(String.format(Locale.ROOT, "forecast error %+.1f%% at D=%.3g > %.0f%%", 100 * worst, worstD,
                    100 * MAX_RELATIVE_ERROR));
        }
        return flags;
    }

    /** α, β, γ for the Greek parameter names. */
    public static String symbol(String parameter) {
        return switch (parameter) {
            case "alpha" -> "α";
            case "beta" -> "β";
            case "gamma" -> "γ";
            default -> parameter;
        };
    }
}

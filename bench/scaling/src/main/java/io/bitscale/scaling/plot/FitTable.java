package io.bitscale.scaling.plot;

import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.Law;

import java.util.List;
import java.util.Locale;

/** Fit results as Markdown tables (used by {@code bitscale fit} and the report). */
public final class FitTable {

    private FitTable() {
    }

    /** One table for fits of the same law. */
    public static String markdown(List<FitResult> fits) {
        if (fits.isEmpty()) {
            return "";
        }
        Law law = fits.get(0).law();
        StringBuilder md = new StringBuilder("| group |");
        for (String p : law.parameters()) {
            md.append(' ').append(symbol(p)).append(" |");
        }
        md.append(" R² | RMSE | CV RMSE | extrap. | points |\n|---|");
        md.append("---:|".repeat(law.parameters().size())).append("---:|---:|---:|---:|---:|\n");
        for (FitResult fit : fits) {
            md.append("| ").append(String.join(" · ", fit.group().values())).append(" |");
            for (String p : law.parameters()) {
                md.append(' ').append(value(fit, p)).append(" |");
            }
            md.append(String.format(Locale.ROOT, " %.4f | %.4f | %s | %s | %d |%n", fit.r2(), fit.rmse(),
                    number(fit.cvRmse()), number(fit.extrapolationError()), fit.points()));
        }
        return md.toString();
    }

    private static String symbol(String parameter) {
        return switch (parameter) {
            case "alpha" -> "α";
            case "beta" -> "β";
            default -> parameter;
        };
    }

    /** The value with its interval: exponents and E get intervals, coefficients only their value. */
    static String value(FitResult fit, String parameter) {
        double v = fit.parameter(parameter);
        boolean withInterval = !Double.isNaN(fit.lower(parameter))
                && (parameter.equals("alpha") || parameter.equals("beta") || parameter.equals("E"));
        String text = format(v);
        return withInterval ? text + " [" + format(fit.lower(parameter)) + ", " + format(fit.upper(parameter)) + "]" : text;
    }

    private static String format(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }
}

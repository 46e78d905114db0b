package io.bitscale.scaling.plot;

import io.bitscale.scaling.fit.FitQuality;
import io.bitscale.scaling.fit.FitResult;
import io.bitscale.scaling.fit.Law;

import java.util.List;
import java.util.Locale;

/** Fit results as Markdown tables (used by {@code bitscale fit} and the report), failed checks in the last column. */
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
            md.append(' ').append(FitQuality.symbol(p)).append(" |");
        }
        md.append(" R² | RMSE | CV RMSE | extrap. | points | seeds | interval | per-seed ")
                .append(FitQuality.symbol(law.parameters().get(law.parameters().size() - 1))).append(" | checks |\n|---|");
        md.append("---:|".repeat(law.parameters().size())).append("---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (FitResult fit : fits) {
            md.append("| ").append(String.join(" · ", fit.group().values())).append(" |");
            for (String p : law.parameters()) {
                md.append(' ').append(value(fit, p)).append(" |");
            }
            String exponent = law.parameters().get(law.parameters().size() - 1);
            double[] range = fit.perSeedRange(exponent);
            md.append(String.format(Locale.ROOT, " %.4f | %.4f | %s | %s | %d | %d | %s | %s | %s |%n", fit.r2(), fit.rmse(),
                    number(fit.cvRmse()), number(fit.extrapolationError()), fit.points(), fit.seeds(), fit.intervalMethod(),
                    Double.isNaN(range[0]) ? "–" : format(range[0]) + "–" + format(range[1]),
                    fit.passes() ? "pass" : "**⚠ " + String.join("; ", fit.flags()) + "**"));
        }
        return md.toString();
    }

    /** The value with its interval: exponents and E get intervals, coefficients only their value. */
    static String value(FitResult fit, String parameter) {
        double v = fit.parameter(parameter);
        boolean withInterval = !Double.isNaN(fit.lower(parameter)) && (parameter.equals("alpha")
                || parameter.equals("beta") || parameter.equals("gamma") || parameter.equals("E"));
        String text = format(v);
        return withInterval ? text + " [" + format(fit.lower(parameter)) + ", " + format(fit.upper(parameter)) + "]" : text;
    }

    static String format(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }
}

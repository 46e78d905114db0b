package io.bitscale.scaling.fit;

import java.util.List;

/**
 * How much the measurement of a curve varies between replicates at a size x (D, or N for
 * {@link Law#SIZE}): {@code log σ(x) = a + b·log x}, fitted by ordinary least squares to the
 * sample standard deviations over seeds at each measured size. The spread between shuffles
 * shrinks as D grows (a larger prefix is a larger sample of the corpus), and a smooth model of it
 * gives stable fit weights at every size and a noise term for forecasts beyond the data.
 *
 * <pre>{@code
 * NoiseModel noise = NoiseModel.fit(Law.DATA, curve);
 * double weight = curve.counts()[0] / noise.variance(1e6);   // 1 / Var(mean at the first size), if it is 10^6
 * }</pre>
 *
 * @param intercept a
 * @param slope     b (0 when only one size had a spread, or none)
 * @param sizes     the sizes with at least two seeds that went into the fit
 */
public record NoiseModel(double intercept, double slope, int sizes) {

    /** The smallest standard deviation used (bpb): keeps weights finite where seeds agree exactly. */
    public static final double FLOOR = 1e-4;

    /**
     * Fits the model to a curve's spread; a curve with no size measured by two seeds gives
     * {@link #NONE}.
     */
    public static NoiseModel fit(Law law, Replicates curve) {
        List<Point> keys = curve.keys();
        double[] variances = curve.variances();
        int m = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (Double.isNaN(variances[i])) {
                continue;
            }
            double x = StrictMath.log(law.x(keys.get(i)));
            double y = StrictMath.log(Math.max(FLOOR, StrictMath.sqrt(variances[i])));
            m++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        if (m == 0) {
            return NONE;
        }
        double denominator = m * sxx - sx * sx;
        if (m < 2 || denominator <= 0) {
            return new NoiseModel(sy / m, 0, m);
        }
        double slope = (m * sxy - sx * sy) / denominator;
        return new NoiseModel((sy - slope * sx) / m, slope, m);
    }

    /** No spread measured: every weight equal. */
    public static final NoiseModel NONE = new NoiseModel(Double.NaN, 0, 0);

    /** True if the model rests on measured spreads. */
    public boolean measured() {
        return sizes > 0;
    }

    /** σ(x), at least {@link #FLOOR}; NaN without measurements. */
    public double sd(double x) {
        return measured() ? Math.max(FLOOR, StrictMath.exp(intercept + slope * StrictMath.log(x))) : Double.NaN;
    }

    /** σ(x)². */
    public double variance(double x) {
        double s = sd(x);
        return s * s;
    }
}

package io.bitscale.scaling.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick marks for an axis that a reader can read: on a logarithmic axis, labelled decades when the
 * data span several, else 1-2-5 or 1..9 multiples of a decade, else round linear steps (a bpb axis
 * from 1.8 to 3.9 gets 2, 2.5, 3, 3.5 rather than just 2 and 3); on a linear axis, 1-2-5 steps. At
 * least three and at most about ten labels.
 *
 * <pre>{@code
 * LogTicks.Ticks ticks = LogTicks.log(1e4, 1e8);   // 10^4 ... 10^8, minor ticks at 2..9 × 10^k
 * }</pre>
 */
public final class LogTicks {

    private LogTicks() {
    }

    /**
     * Ticks of an axis.
     *
     * @param major labelled positions, ascending
     * @param minor unlabelled positions
     * @param labels the label of each major position
     */
    public record Ticks(List<Double> major, List<Double> minor, List<String> labels) {
    }

    /** Ticks for a logarithmic axis spanning {@code [min, max]} (both > 0). */
    public static Ticks log(double min, double max) {
        double lo = StrictMath.floor(StrictMath.log10(min));
        double hi = StrictMath.ceil(StrictMath.log10(max));
        double[][] sets = {{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
        int[] enough = {3, 3, 4};
        for (int set = 0; set < sets.length; set++) {
            double[] mantissas = sets[set];
            List<Double> major = new ArrayList<>();
            for (double e = lo; e <= hi; e++) {
                for (double m : mantissas) {
                    double v = m * StrictMath.pow(10, e);
                    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
                        major.add(v);
                    }
                }
            }
            if (major.size() >= enough[set]) {
                if (major.size() > 12) {
                    major = thin(major);
                }
                List<Double> minor = new ArrayList<>();
                for (double e = lo; e <= hi; e++) {
                    for (int m = 1; m <= 9; m++) {
                        double v = m * StrictMath.pow(10, e);
                        if (v >= min && v <= max && !major.contains(v)) {
                            minor.add(v);
                        }
                    }
                }
                return new Ticks(major, minor, labels(major));
            }
        }
        // Too short a range for powers of ten: round linear steps on the log axis.
        Ticks linear = linear(min, max);
        return new Ticks(linear.major(), List.of(), linear.labels());
    }

    /** Ticks for a linear axis spanning {@code [min, max]}. */
    public static Ticks linear(double min, double max) {
        double span = max - min;
        if (!(span > 0)) {
            return new Ticks(List.of(min), List.of(), List.of(plain(min)));
        }
        double raw = span / 6;
        double magnitude = StrictMath.pow(10, StrictMath.floor(StrictMath.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            step = m * magnitude;
            if (span / step <= 7) {
                break;
            }
        }
        List<Double> major = new ArrayList<>();
        for (double v = StrictMath.ceil(min / step - 1e-9) * step; v <= max * (1 + 1e-12) + 1e-12; v += step) {
            major.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        List<String> labels = new ArrayList<>();
        for (double v : major) {
            labels.add(plain(v));
        }
        return new Ticks(major, List.of(), labels);
    }

    private static List<Double> thin(List<Double> ticks) {
        List<Double> kept = new ArrayList<>();
        for (double v : ticks) {
            double mantissa = v / StrictMath.pow(10, StrictMath.floor(StrictMath.log10(v) + 1e-9));
            if (Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9) {
                kept.add(v);
            }
        }
        return kept;
    }

    private static List<String> labels(List<Double> values) {
        List<String> labels = new ArrayList<>();
        for (double v : values) {
            labels.add(format(v));
        }
        return labels;
    }

    /**
     * A tick label: plain digits between 0.001 and 9,999 ({@code 0.5}, {@code 2.5}, {@code 300}),
     * else a power of ten ({@code 10⁶}) or a multiple of one ({@code 3·10⁶}).
     */
    public static String format(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4)) {
            return plain(v);
        }
        int exponent = (int) StrictMath.floor(StrictMath.log10(Math.abs(v)) + 1e-9);
        double mantissa = v / StrictMath.pow(10, exponent);
        String power = "10" + superscript(exponent);
        String digits = String.format(Locale.ROOT, "%.3g", mantissa);
        if (digits.contains(".")) {
            digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return Math.abs(mantissa - 1) < 1e-9 ? power : digits + "·" + power;
    }

    private static String plain(double v) {
        String text = String.format(Locale.ROOT, "%.6g", v);
        if (text.contains("e")) {
            return text;
        }
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }

    private static String superscript(int exponent) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder out = new StringBuilder(exponent < 0 ? "⁻" : "");
        for (char c : Integer.toString(Math.abs(exponent)).toCharArray()) {
            out.append(digits.charAt(c - '0'));
        }
        return out.toString();
    }
}

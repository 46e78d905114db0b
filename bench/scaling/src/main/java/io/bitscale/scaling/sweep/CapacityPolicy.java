package io.bitscale.scaling.sweep;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A growth policy: model capacity that follows the data, so that a data-scaling curve measures
 * data scaling rather than a fixed table filling up. A spec template names the size knob as
 * {@code auto} ({@code order(4,bits=auto)}, {@code ppm(n=5,mem=auto)}, {@code cm(...,bits=auto)});
 * before any model is built, the sweep replaces {@code KNOB=auto} in each cell's spec with
 *
 * <blockquote>value = clamp(ceil(log2(ratio × D^exponent)), min, max)</blockquote>
 *
 * With the default exponent 1 that is a table of {@code 2^value} bytes holding about {@code ratio}
 * bytes per byte of data. A smaller exponent grows a knob more slowly than the data (a network's
 * width, say, with {@code exponent: 1/3}), and {@code pow2} writes {@code 2^value} into the spec
 * instead of {@code value}, for knobs that are a size rather than its log2 ({@code width=32}).
 * The resolution is plain text, so any model takes it with no change to its code; the resolved
 * spec is what the cell measures and what its row records, and the policy goes into the row's
 * {@code capacity} column.
 *
 * <pre>{@code
 * CapacityPolicy policy = new CapacityPolicy("bits", 1.0, 16, 28);
 * policy.resolve("order(4,bits=auto)", 10_000_000);   // "order(4,bits=24)"
 * new CapacityPolicy("width", 0.125, 3, 6, 1.0 / 3, true)
 *         .resolve("mlp(width=auto)", 100_000_000);   // "mlp(width=64)"
 * }</pre>
 *
 * @param knob     the spec argument set from D, e.g. {@code bits}
 * @param ratio    table bytes per data byte (the value is the log2 of {@code ratio × D^exponent})
 * @param min      the smallest value (the model's own lower bound or above)
 * @param max      the largest value (memory)
 * @param exponent the power of D the knob follows (1: proportional to the data)
 * @param pow2     whether the spec gets {@code 2^value} rather than {@code value}
 */
public record CapacityPolicy(String knob, double ratio, int min, int max, double exponent, boolean pow2) {

    /** A table-size policy: the knob is the log2 of a size proportional to D. */
    public CapacityPolicy(String knob, double ratio, int min, int max) {
        this(knob, ratio, min, max, 1, false);
    }

    /** Validates the policy; bad values throw {@link IllegalArgumentException} naming them. */
    public CapacityPolicy {
        if (knob == null || !knob.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a capacity policy needs a knob name, got '" + knob + "'");
        }
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("capacity ratio for '" + knob + "' must be > 0: " + ratio);
        }
        if (!(exponent > 0) || exponent > 1) {
            throw new IllegalArgumentException("capacity exponent for '" + knob + "' must be in (0, 1]: " + exponent);
        }
        if (pow2 && (min < 0 || max > 30)) {
            throw new IllegalArgumentException("capacity for '" + knob + "' as a power of two needs 0 <= min, max <= 30");
        }
        if (min > max) {
            throw new IllegalArgumentException("capacity for '" + knob + "': min " + min + " > max " + max);
        }
    }

    /** The value for D bytes of data (the exponent of 2 when {@link #pow2()}). */
    public int value(long dataBytes) {
        double exact = (StrictMath.log(ratio) + exponent * StrictMath.log(dataBytes)) / StrictMath.log(2);
        // Guard against log rounding just above a whole number (2^24 bytes must give 24).
        long ceiling = (long) Math.ceil(exact - 1e-9);
        return (int) Math.max(min, Math.min(max, ceiling));
    }

    /** True if {@code spec} names this policy's knob as {@code auto}. */
    public boolean appliesTo(String spec) {
        return pattern().matcher(spec).find();
    }

    /**
     * The spec with every {@code KNOB=auto} replaced by {@link #value(long)}.
     *
     * @throws IllegalArgumentException if the spec has no {@code KNOB=auto}
     */
    public String resolve(String spec, long dataBytes) {
        Matcher m = pattern().matcher(spec);
        if (!m.find()) {
            throw new IllegalArgumentException("spec '" + spec + "' has no " + knob + "=auto for its capacity policy");
        }
        int value = value(dataBytes);
        return m.replaceAll(knob + "=" + (pow2 ? 1 << value : value));
    }

    /** How the row's {@code capacity} column states the policy. */
    public String describe() {
        String d = exponent == 1 ? "D" : "D^" + trim(exponent);
        return String.format(Locale.ROOT, "%s=%sceil(log2(%s*%s)) in %d..%d", knob, pow2 ? "2^" : "", trim(ratio), d,
                pow2 ? 1 << min : min, pow2 ? 1 << max : max);
    }

    private Pattern pattern() {
        return Pattern.compile("(?<=[(,]|^)\\s*" + Pattern.quote(knob) + "\\s*=\\s*auto\\b");
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The first {@code NAME} of a {@code NAME=auto} left in a spec (an unresolved knob), or null. */
    static String unresolved(String spec) {
        Matcher m = Pattern.compile("(?<=[(,])\\s*([A-Za-z][A-Za-z0-9_]*)\\s*=\\s*auto\\b").matcher(spec);
        return m.find() ? m.group(1) : null;
    }
}

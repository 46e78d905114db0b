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
 * <blockquote>value = clamp(ceil(log2(ratio × D)), min, max)</blockquote>
 *
 * i.e. a table of {@code 2^value} bytes holding about {@code ratio} bytes per byte of data. The
 * resolution is plain text, so any model whose knob is the log2 of a size takes it with no
 * change to its code; the resolved spec is what the cell measures and what its row records, and
 * the policy goes into the row's {@code capacity} column.
 *
 * <pre>{@code
 * CapacityPolicy policy = new CapacityPolicy("bits", 1.0, 16, 28);
 * policy.resolve("order(4,bits=auto)", 10_000_000);   // "order(4,bits=24)"
 * }</pre>
 *
 * @param knob  the spec argument set from D, e.g. {@code bits}
 * @param ratio table bytes per data byte (the value is the log2 of {@code ratio × D})
 * @param min   the smallest value (the model's own lower bound or above)
 * @param max   the largest value (memory)
 */
public record CapacityPolicy(String knob, double ratio, int min, int max) {

    /** Validates the policy; bad values throw {@link IllegalArgumentException} naming them. */
    public CapacityPolicy {
        if (knob == null || !knob.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a capacity policy needs a knob name, got '" + knob + "'");
        }
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("capacity ratio for '" + knob + "' must be > 0: " + ratio);
        }
        if (min > max) {
            throw new IllegalArgumentException("capacity for '" + knob + "': min " + min + " > max " + max);
        }
    }

    /** The value for D bytes of data. */
    public int value(long dataBytes) {
        double exact = StrictMath.log(ratio * dataBytes) / StrictMath.log(2);
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
        return m.replaceAll(knob + "=" + value(dataBytes));
    }

    /** How the row's {@code capacity} column states the policy. */
    public String describe() {
        return String.format(Locale.ROOT, "%s=ceil(log2(%s*D)) in %d..%d", knob, trim(ratio), min, max);
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

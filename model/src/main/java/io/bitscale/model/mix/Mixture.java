package io.bitscale.model.mix;

import io.bitscale.core.accounting.CodeLength;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Probability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Mixes the inputs of several {@link Component}s into one bit prediction: the context-mixing
 * predictor behind {@code mix(...)} and the presets.
 *
 * <p>Pipeline per bit: every component writes its inputs (stretch domain) plus a constant bias
 * input; then either
 * <ul>
 *   <li><b>logistic</b> mixing ("stacking"): three gated mixers whose weight sets are chosen by
 *       (match length or number of known orders, top bits of the last byte), by the bits of the
 *       current byte, and by the last byte; a second-layer mixer, gated by the bits of the current
 *       byte, combines their outputs; or</li>
 *   <li><b>linear</b> averaging ("voting"): the mean of the inputs' probabilities, unweighted;</li>
 * </ul>
 * then up to three {@link Apm} (SSE) stages refine the result, in this order: context the current
 * byte's bits, then those with the last byte (each averaged 1:3 with its input), then those with
 * a 10-bit hash of the last two bytes (averaged 1:1).
 *
 * <pre>{@code
 * ByteHistory history = new ByteHistory();
 * BitPredictor p = new Mixture(history, List.of(new OrderModel(history, new int[] {1, 2, 3}, 18)),
 *         Mixture.Options.DEFAULT);
 * }</pre>
 *
 * <p><b>Attribution</b> ({@link Attributable}). The contributors are the components (by name),
 * then {@code bias}, {@code mixer}, {@code sse} (when SSE stages are on) and {@code uniform}. For
 * one coded bit {@code y} with {@code s = +1} for a 1 and {@code -1} for a 0:
 * <ul>
 *   <li>{@code uniform}: 1 bit, the cost of a coin flip, from which every decision starts;</li>
 *   <li>logistic mixing: input {@code i} moved the mixer's logit by
 *       {@code c_i = x_i · w_i / 2^16} with one layer, or {@code c_i = Σ_g v_g · x_i · w_gi / 2^32}
 *       with two (x: the input in the stretch domain, w: its weight in the weight set selected for
 *       this bit, v: the second layer's weight of mixer g), exactly as the mixers compute before
 *       their integer rounding; the bias input and the second layer's bias make {@code bias}. With
 *       {@code L = Σ c_i} and {@code f(L) = log2(1 + e^(-s·L/256))}, the cost of the exact linear
 *       mix, input i is assigned {@code (f(L) - 1) · c_i / L} bits ({@code f'(0) · c_i} when
 *       {@code L} is 0): the cost change from the coin flip, shared in proportion to each input's
 *       push (Aumann–Shapley attribution, exact for a function of a sum). A component's value is
 *       the sum over its inputs;</li>
 *   <li>linear averaging: the mix is the mean {@code r} of the inputs' probabilities of the coded
 *       bit {@code r_i}; input i is assigned {@code (-log2 r - 1) · (r_i - 1/2) / Σ_j (r_j - 1/2)}
 *       bits, the same sharing in the probability domain (there is no bias);</li>
 *   <li>{@code mixer}: the cost of the probability the mixer actually produced (integer shifts,
 *       clamping to ±2047, table squash) minus the cost of the exact mix — usually a small fraction
 *       of a bit, larger when a mixer saturates;</li>
 *   <li>{@code sse}: the cost of the final probability minus that of the mixer's: what the APM
 *       stages saved (negative) or added.</li>
 * </ul>
 * The values sum to {@code -log2 P(y)} of the final probability, as {@link Attributable} requires.
 * Computing them costs about as much as predicting the bit; nothing is computed unless asked.
 */
public final class Mixture implements BitPredictor, Attributable {

    /**
     * How a mixture combines and refines.
     *
     * @param logistic true for logistic mixing, false for linear averaging
     * @param sse      APM stages, 0..3 (0 = off)
     * @param rate     first-layer learning rate, 1..64
     * @param gates    first-layer mixers, 1..3, each with its own weight-set selector (see the
     *                 class comment); with more than one, a second layer mixes their outputs
     */
    public record Options(boolean logistic, int sse, int rate, int gates) {
        /** Logistic mixing, three SSE stages, rate 6, three gates. */
        public static final Options DEFAULT = new Options(true, 3, 6, 3);

        /** @throws IllegalArgumentException for a rate outside 1..64 or gates outside 1..3 */
        public Options {
            if (rate < 1 || rate > 64) {
                throw new IllegalArgumentException("mixer rate " + rate + " outside 1..64");
            }
            if (sse < 0 || sse > 3) {
                throw new IllegalArgumentException("sse stages " + sse + " outside 0..3");
            }
            if (gates < 1 || gates > 3) {
                throw new IllegalArgumentException("mixer gates " + gates + " outside 1..3");
            }
        }
    }

    private static final int SELECTOR0 = 16 * 8;
    private static final int FINAL_RATE = 2;
    private static final int APM1_CONTEXTS = 256;
    private static final int APM2_CONTEXTS = 1 << 16;
    private static final int APM3_CONTEXTS = 1 << 18;

    private final ByteHistory history;
    private final Component[] components;
    private final int[] offsets;
    private final Options options;
    private final int[] inputs;
    private final Mixer[] first;
    private final int[] layer;
    private final Mixer last;
    private final Apm apm1;
    private final Apm apm2;
    private final Apm apm3;
    private final Component match;
    private final Component orders;

    private final List<String> contributors;
    private final int componentCount;
    private double[] inputShares;

    private int mixed;
    private int p16;
    private boolean predicted;

    /**
     * @param history    the history the components read; this mixture advances it
     * @param components at least one component
     * @param options    mixing options
     */
    public Mixture(ByteHistory history, List<Component> components, Options options) {
        this(history, components, defaultNames(components.size()), options);
    }

    /**
     * A mixture whose components have names (their specs), for {@link #contributors()}.
     *
     * @param history        the history the components read; this mixture advances it
     * @param components     at least one component
     * @param componentNames one name per component
     * @param options        mixing options
     */
    public Mixture(ByteHistory history, List<Component> components, List<String> componentNames, Options options) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs at least one component");
        }
        if (componentNames.size() != components.size()) {
            throw new IllegalArgumentException(componentNames.size() + " names for " + components.size() + " components");
        }
        this.componentCount = components.size();
        List<String> names = new ArrayList<>(componentNames);
        if (options.logistic()) {
            names.add("bias");
        }
        names.add("mixer");
        if (options.sse() > 0) {
            names.add("sse");
        }
        names.add("uniform");
        this.contributors = Collections.unmodifiableList(names);
        this.history = history;
        this.components = components.toArray(new Component[0]);
        this.options = options;
        this.offsets = new int[this.components.length];
        int n = 0;
        Component matchLike = null;
        Component orderLike = null;
        for (int i = 0; i < this.components.length; i++) {
            offsets[i] = n;
            n += this.components[i].inputCount();
            if (this.components[i] instanceof io.bitscale.model.context.MatchModel && matchLike == null) {
                matchLike = this.components[i];
            } else if (this.components[i] instanceof io.bitscale.model.context.OrderModel && orderLike == null) {
                orderLike = this.components[i];
            }
        }
        this.match = matchLike;
        this.orders = orderLike;
        this.inputs = new int[n + 1];
        this.first = new Mixer[options.gates()];
        for (int g = 0; g < first.length; g++) {
            first[g] = new Mixer(inputs, g == 0 ? SELECTOR0 : 256, options.rate(), initialWeight(n));
        }
        this.layer = new int[first.length + 1];
        this.last = first.length == 1 ? null : new Mixer(layer, 256, FINAL_RATE, 65536 / first.length);
        this.apm1 = options.sse() >= 1 ? new Apm(APM1_CONTEXTS, 255) : null;
        this.apm2 = options.sse() >= 2 ? new Apm(APM2_CONTEXTS, 255) : null;
        this.apm3 = options.sse() >= 3 ? new Apm(APM3_CONTEXTS, 255) : null;
    }

    private static List<String> defaultNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add("component " + i);
        }
        return names;
    }

    private static int initialWeight(int inputCount) {
        return Math.max(1 << 12, (1 << 17) / Math.max(1, inputCount));
    }

    /** Mixer inputs for components with {@code componentInputs} inputs in total (plus the bias). */
    public static long parameters(long componentParameters, int componentInputs, Options options) {
        return componentParameters + mixerParameters(componentInputs, options) + sseParameters(options);
    }

    /** Weights of the mixers (first layer with its weight sets, and the second layer). */
    static long mixerParameters(int componentInputs, Options options) {
        long n = componentInputs + 1;
        return options.logistic() ? n * (SELECTOR0 + 256L * (options.gates() - 1))
                + (options.gates() > 1 ? (options.gates() + 1) * 256L : 0) : 0;
    }

    /** Knots of the SSE (APM) stages: 33 per context. */
    static long sseParameters(Options options) {
        return 33L * ((options.sse() >= 1 ? APM1_CONTEXTS : 0) + (options.sse() >= 2 ? APM2_CONTEXTS : 0)
                + (options.sse() >= 3 ? APM3_CONTEXTS : 0));
    }

    /** Rough operations per byte of the mixing machinery: per bit, every weight is read and updated. */
    static long operationsPerByte(int componentInputs, Options options) {
        long n = componentInputs + 1;
        long perBit = n * 6L * options.gates() + (options.gates() > 1 ? 6L * (options.gates() + 1) : 0)
                + 12L * options.sse();
        return 8 * perBit;
    }

    /** The mixer and the SSE stages as parts of a model's size. */
    static java.util.List<io.bitscale.core.model.ModelPart> parts(int componentInputs, Options options) {
        int n = componentInputs + 1;
        long mixerBytes = 4L * n + 256 + Mixer.memoryBytes(n, SELECTOR0) + Mixer.memoryBytes(n, 256) * (options.gates() - 1)
                + (options.gates() > 1 ? Mixer.memoryBytes(options.gates() + 1, 256) : 0);
        long mixerWork = 8L * (n * 6L * options.gates() + (options.gates() > 1 ? 6L * (options.gates() + 1) : 0));
        java.util.List<io.bitscale.core.model.ModelPart> parts = new java.util.ArrayList<>();
        parts.add(new io.bitscale.core.model.ModelPart(options.logistic() ? "mixer" : "linear mixer",
                mixerParameters(componentInputs, options), mixerBytes, mixerWork));
        if (options.sse() > 0) {
            parts.add(new io.bitscale.core.model.ModelPart("sse", sseParameters(options),
                    memoryBytes(componentInputs, options) - mixerBytes, 8L * 12 * options.sse()));
        }
        return parts;
    }

    /** Heap bytes of the mixing machinery (components excluded). */
    public static long memoryBytes(int componentInputs, Options options) {
        int n = componentInputs + 1;
        long bytes = 4L * n + 256;
        bytes += Mixer.memoryBytes(n, SELECTOR0) + Mixer.memoryBytes(n, 256) * (options.gates() - 1);
        if (options.gates() > 1) {
            bytes += Mixer.memoryBytes(options.gates() + 1, 256);
        }
        if (options.sse() >= 1) {
            bytes += Apm.memoryBytes(APM1_CONTEXTS);
        }
        if (options.sse() >= 2) {
            bytes += Apm.memoryBytes(APM2_CONTEXTS);
        }
        if (options.sse() >= 3) {
            bytes += Apm.memoryBytes(APM3_CONTEXTS);
        }
        return bytes;
    }

    @Override
    public int p1() {
        int[] x = inputs;
        for (int i = 0; i < components.length; i++) {
            components[i].predict(x, offsets[i]);
        }
        x[x.length - 1] = 256;
        int c0 = history.partial;
        int c1 = history.last4 & 0xFF;
        int d;
        if (options.logistic()) {
            int matchConfidence = match == null ? 0 : match.confidence();
            int selector;
            if (matchConfidence > 0) {
                selector = 8 + Math.min(7, matchConfidence >> 1);
            } else {
                selector = orders == null ? 0 : Math.min(7, orders.confidence());
            }
            Mixer[] mixers = first;
            d = mixers[0].mix(selector * 8 + (c1 >>> 5));
            if (mixers.length > 1) {
                layer[0] = d;
                layer[1] = mixers[1].mix(c0);
                if (mixers.length > 2) {
                    layer[2] = mixers[2].mix(c1);
                }
                layer[mixers.length] = 256;
                d = last.mix(c0);
            }
        } else {
            int sum = 0;
            for (int i = 0; i < x.length - 1; i++) {
                sum += Logistic.squash(x[i]);
            }
            d = Logistic.stretch(sum / (x.length - 1));
        }
        mixed = d;
        int p = Logistic.squash16(d);
        if (apm1 != null) {
            p = (p + 3 * apm1.refine(d, c0)) >> 2;
        }
        if (apm2 != null) {
            p = (p + 3 * apm2.refine(Logistic.stretch(p >>> 4), c0 | (c1 << 8))) >> 2;
        }
        if (apm3 != null) {
            int h = ((history.last4 & 0xFFFF) * 0x9E3779B1) >>> 22;
            p = (p + apm3.refine(Logistic.stretch(p >>> 4), (h << 8) | c0)) >> 1;
        }
        p16 = Probability.clamp(p);
        predicted = true;
        return p16;
    }

    @Override
    public List<String> contributors() {
        return contributors;
    }

    @Override
    public void attribute(int bit, double[] bits) {
        if (!predicted) {
            throw new IllegalStateException("attribute() describes the decision of the last p1(); none is pending");
        }
        int[] x = inputs;
        int inputCount = x.length - 1;
        if (inputShares == null) {
            inputShares = new double[x.length];
        }
        double[] share = inputShares;
        double sign = bit != 0 ? 1 : -1;
        double preSse = CodeLength.bitCost(Logistic.squash16(mixed), bit);
        double shared = 0;
        int slot = 0;
        if (options.logistic()) {
            double[] push = share;
            java.util.Arrays.fill(push, 0);
            double extraBias = 0;
            if (last == null) {
                for (int i = 0; i <= inputCount; i++) {
                    push[i] = (double) x[i] * first[0].selectedWeight(i) / 65536.0;
                }
            } else {
                for (int g = 0; g < first.length; g++) {
                    double v = last.selectedWeight(g) / 65536.0;
                    for (int i = 0; i <= inputCount; i++) {
                        push[i] += v * ((double) x[i] * first[g].selectedWeight(i) / 65536.0);
                    }
                }
                extraBias = 256.0 * last.selectedWeight(first.length) / 65536.0;
            }
            double logit = extraBias;
            for (int i = 0; i <= inputCount; i++) {
                logit += push[i];
            }
            double ratio = Math.abs(logit) > 1e-6
                    ? (linearCost(sign * logit / 256.0) - 1) / logit
                    : -sign / (512.0 * StrictMath.log(2));
            for (int k = 0; k < componentCount; k++) {
                double sum = 0;
                for (int i = offsets[k], end = offsets[k] + components[k].inputCount(); i < end; i++) {
                    sum += ratio * push[i];
                }
                bits[slot++] = sum;
                shared += sum;
            }
            double bias = ratio * (push[inputCount] + extraBias);
            bits[slot++] = bias;
            shared += bias;
        } else {
            double total = 0;
            for (int i = 0; i < inputCount; i++) {
                int q = Logistic.squash(x[i]);
                share[i] = (bit != 0 ? q : 4096 - q) / 4096.0 - 0.5;
                total += share[i];
            }
            double mean = 0.5 + total / inputCount;
            double ratio = Math.abs(total) > 1e-9
                    ? (-StrictMath.log(mean) / StrictMath.log(2) - 1) / total
                    : -2.0 / (inputCount * StrictMath.log(2));
            for (int k = 0; k < componentCount; k++) {
                double sum = 0;
                for (int i = offsets[k], end = offsets[k] + components[k].inputCount(); i < end; i++) {
                    sum += ratio * share[i];
                }
                bits[slot++] = sum;
                shared += sum;
            }
        }
        bits[slot++] = preSse - 1 - shared;
        if (options.sse() > 0) {
            bits[slot++] = CodeLength.bitCost(p16, bit) - preSse;
        }
        bits[slot] = 1;
    }

    /** {@code log2(1 + e^-z)}: the bits to code an outcome whose logit is z nats, computed stably. */
    private static double linearCost(double z) {
        double softplus = z > 0 ? StrictMath.log1p(StrictMath.exp(-z)) : -z + StrictMath.log1p(StrictMath.exp(z));
        return softplus / StrictMath.log(2);
    }

    @Override
    public void update(int bit) {
        predicted = false;
        if (options.logistic()) {
            for (Mixer mixer : first) {
                mixer.update(bit);
            }
            if (last != null) {
                last.update(bit);
            }
        }
        if (apm1 != null) {
            apm1.update(bit);
        }
        if (apm2 != null) {
            apm2.update(bit);
        }
        if (apm3 != null) {
            apm3.update(bit);
        }
        history.advance(bit);
        for (Component component : components) {
            component.update(bit);
        }
    }

    @Override
    public long parameters() {
        long sum = 0;
        for (Component component : components) {
            sum += component.parameters();
        }
        return parameters(sum, inputs.length - 1, options);
    }

    @Override
    public long memoryBytes() {
        long sum = 0;
        for (Component component : components) {
            sum += component.memoryBytes();
        }
        return sum + memoryBytes(inputs.length - 1, options);
    }
}

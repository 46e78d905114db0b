package io.bitscale.scaling.sweep;

import io.bitscale.corpora.DocumentShuffle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scaling sweep measures: corpora × protocols × model grids × seeds × data sizes. Read
 * from YAML or JSON ({@link #load(Path)}) or built from command-line flags; immutable and
 * validated in the constructor, so a plan never starts with a typo in it.
 *
 * <pre>{@code
 * name: enwiki-online
 * corpora: [text-enwiki]                 # manifest file or set, file:PATH, or synthetic:SPEC;
 *                                        # shuffled(CORPUS,seed={seed}): documents in a seeded order
 * protocols: [online]                    # online, heldout (adapting), frozen and/or pretrained
 * models:
 *   - family: order-k
 *     spec: "order{k}"                   # a spec template; {knob} and {seed} are substituted
 *     knobs: {k: [0, 1, 2]}
 *   - {family: kt, spec: kt1}
 *   - family: order-k (growing)          # capacity that follows D: KNOB=auto resolved per cell
 *     spec: "order(4,bits=auto)"
 *     capacity: {bits: {ratio: 1, min: 16, max: 28}}
 *     maxBytes: 1e7                      # optional: this grid stops at D = 10^7
 * sizes: {from: 1e4, to: 1e8, perDecade: 2}   # or an explicit list [10000, 100000, ...]
 * testBytes: [1e4, 1e5, 1e6]             # held-out split sizes (heldout and frozen only): an axis
 * seeds: [0]                             # substituted for {seed} in corpus and spec templates
 * bitsPerParameter: 16                   # description length per parameter, for adjustedBpb
 * search: {mode: grid}                   # or {mode: random, samples: 8, seed: 1}
 * baselines: [deflate-9, xz-9e, bzip2-9, peer:lpaq1-6]   # general-purpose compressors, online cells
 * pretraining: {contextBytes: 256, batchSequences: 16}  # pretrained protocol only; see Pretraining
 * }</pre>
 *
 * @param name             a label for reports
 * @param corpora          corpus templates (may contain {@code {seed}})
 * @param protocols        {@code online}, {@code heldout}, {@code frozen} and/or {@code pretrained}
 * @param models           model grids
 * @param sizes            data sizes D in bytes, ascending, distinct
 * @param testBytes        sizes of the held-out split, ascending, distinct (heldout and frozen)
 * @param seeds            seeds substituted into templates
 * @param bitsPerParameter bits charged per parameter in {@code adjustedBpb}
 * @param randomSamples    0 for a full grid, else the knob combinations drawn per model grid
 * @param randomSeed       seed of the random search
 * @param baselines        general-purpose compressors measured as online cells beside the models:
 *                         {@link io.bitscale.scaling.baseline.Baseline} names, or
 *                         {@code peer:NAME} for an external peer ({@link PeerCompressor})
 * @param pretraining      how the {@code pretrained} protocol trains, or null for {@link Pretraining#DEFAULTS}
 *                         (allowed only with that protocol)
 */
public record SweepConfig(String name, List<String> corpora, List<String> protocols, List<ModelGrid> models,
                          List<Long> sizes, List<Long> testBytes, List<Long> seeds, double bitsPerParameter,
                          int randomSamples, long randomSeed, List<String> baselines, Pretraining pretraining) {

    /** The protocol names. */
    public static final String ONLINE = "online";
    /** Train on D bytes, then code a fixed held-out split while still adapting. */
    public static final String HELDOUT = "heldout";
    /** Train on D bytes, freeze ({@link io.bitscale.core.model.Freezable}), then code the held-out split. */
    public static final String FROZEN = "frozen";
    /**
     * Train on D bytes in minibatches of windows ({@link Pretraining}), freeze, then code the
     * held-out split in independent chunks.
     */
    public static final String PRETRAINED = "pretrained";
    /** The family label of baseline cells. */
    public static final String BASELINE_FAMILY = "baseline";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    /**
     * One family of models: a spec template and the values of its knobs.
     *
     * @param family   a label that groups specs into one scaling curve (e.g. {@code order-k})
     * @param spec     the spec template, e.g. {@code order(3,bits={bits})}
     * @param knobs    knob name to its values, in order
     * @param capacity growth policies of the knobs the template writes as {@code KNOB=auto}
     * @param maxBytes the largest data size measured for this grid ({@link Long#MAX_VALUE}: all);
     *                 a slow model can stop before the sweep's largest size
     */
    public record ModelGrid(String family, String spec, Map<String, List<String>> knobs,
                            List<CapacityPolicy> capacity, long maxBytes) {

        /** A grid of fixed-capacity models at every size. */
        public ModelGrid(String family, String spec, Map<String, List<String>> knobs) {
            this(family, spec, knobs, List.of(), Long.MAX_VALUE);
        }

        /**
         * Validates that every placeholder but {@code seed} has a knob, every knob is used, and
         * every {@code KNOB=auto} has a policy and the other way round.
         */
        public ModelGrid {
            if (spec == null || spec.isBlank()) {
                throw new IllegalArgumentException("a model grid needs a spec");
            }
            knobs = copy(knobs);
            capacity = capacity == null ? List.of() : List.copyOf(capacity);
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes of '" + spec + "' must be > 0: " + maxBytes);
            }
            String rest = spec;
            for (CapacityPolicy policy : capacity) {
                if (!policy.appliesTo(spec)) {
                    throw new IllegalArgumentException("capacity policy for '" + policy.knob() + "' but spec template '"
                            + spec + "' has no " + policy.knob() + "=auto");
                }
                rest = policy.resolve(rest, 1);
            }
            String unresolved = CapacityPolicy.unresolved(rest);
            if (unresolved != null) {
                throw new IllegalArgumentException("spec template '" + spec + "' has " + unresolved + "=auto without a "
                        + "capacity policy for it; add capacity: {" + unresolved + ": {ratio: 1, min: 16, max: 28}} to "
                        + "the model grid");
            }
            family = family == null || family.isBlank() ? spec.replaceAll("\\{.*", "").replaceAll("[(].*", "") : family;
            if (family.equals(BASELINE_FAMILY)) {
                throw new IllegalArgumentException("family '" + BASELINE_FAMILY + "' is reserved for the baselines: key; "
                        + "name the model grid another way");
            }
            Set<String> used = placeholders(spec);
            for (String p : used) {
                if (!p.equals("seed") && !knobs.containsKey(p)) {
                    throw new IllegalArgumentException("spec template '" + spec + "' uses {" + p
                            + "} but the model grid has no knob '" + p + "' (knobs: " + knobs.keySet() + ")");
                }
            }
            for (Map.Entry<String, List<String>> knob : knobs.entrySet()) {
                if (!used.contains(knob.getKey())) {
                    throw new IllegalArgumentException("knob '" + knob.getKey() + "' is not used in spec template '"
                            + spec + "'; write {" + knob.getKey() + "} where its value goes");
                }
                if (knob.getValue().isEmpty()) {
                    throw new IllegalArgumentException("knob '" + knob.getKey() + "' has no values");
                }
            }
        }

        /** The spec of one cell: {@code KNOB=auto} resolved for D by each policy. */
        public String resolve(String specText, long dataBytes) {
            String resolved = specText;
            for (CapacityPolicy policy : capacity) {
                resolved = policy.resolve(resolved, dataBytes);
            }
            return resolved;
        }

        /** The policies as the row's {@code capacity} column states them; null for fixed capacity. */
        public String capacityText() {
            return capacity.isEmpty() ? null
                    : String.join("; ", capacity.stream().map(CapacityPolicy::describe).toList());
        }

        /** Every knob combination, first knob varying slowest. */
        public List<Map<String, String>> combinations() {
            List<Map<String, String>> result = new ArrayList<>();
            result.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<String>> knob : knobs.entrySet()) {
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> partial : result) {
                    for (String value : knob.getValue()) {
                        Map<String, String> combination = new LinkedHashMap<>(partial);
                        combination.put(knob.getKey(), value);
                        next.add(combination);
                    }
                }
                result = next;
            }
            return result;
        }

        private static Map<String, List<String>> copy(Map<String, List<String>> knobs) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            if (knobs != null) {
                knobs.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            }
            return java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** A sweep without pretraining options. */
    public SweepConfig(String name, List<String> corpora, List<String> protocols, List<ModelGrid> models,
                       List<Long> sizes, List<Long> testBytes, List<Long> seeds, double bitsPerParameter,
                       int randomSamples, long randomSeed, List<String> baselines) {
        this(name, corpora, protocols, models, sizes, testBytes, seeds, bitsPerParameter, randomSamples, randomSeed,
                baselines, null);
    }

    /** The options of the {@code pretrained} protocol: as configured, else the defaults. */
    public Pretraining pretrainingOptions() {
        return pretraining == null ? Pretraining.DEFAULTS : pretraining;
    }

    /** Validates everything that can be checked without reading a corpus. */
    public SweepConfig {
        name = name == null || name.isBlank() ? "sweep" : name;
        corpora = List.copyOf(nonEmpty(corpora, "corpora"));
        protocols = List.copyOf(nonEmpty(protocols, "protocols"));
        models = List.copyOf(nonEmpty(models, "models"));
        sizes = List.copyOf(nonEmpty(sizes, "sizes"));
        testBytes = testBytes == null || testBytes.isEmpty() ? List.of(1_000_000L) : List.copyOf(testBytes);
        seeds = seeds == null || seeds.isEmpty() ? List.of(0L) : List.copyOf(seeds);
        baselines = baselines == null ? List.of() : List.copyOf(baselines);
        for (String protocol : protocols) {
            if (!protocol.equals(ONLINE) && !protocol.equals(HELDOUT) && !protocol.equals(FROZEN)
                    && !protocol.equals(PRETRAINED)) {
                throw new IllegalArgumentException("unknown protocol '" + protocol
                        + "' (online, heldout, frozen, pretrained)");
            }
        }
        if (pretraining != null && !protocols.contains(PRETRAINED)) {
            throw new IllegalArgumentException("'pretraining' options are given but no protocol is 'pretrained'; "
                    + "add it to protocols or drop the options");
        }
        long previousTest = 0;
        for (long test : testBytes) {
            if (test <= previousTest) {
                throw new IllegalArgumentException("testBytes must be positive and strictly increasing: " + testBytes);
            }
            previousTest = test;
        }
        for (String baseline : baselines) {
            BaselineCells.check(baseline);
        }
        if (!baselines.isEmpty() && !protocols.contains(ONLINE)) {
            throw new IllegalArgumentException("baselines are online cells (a compressor of the first D bytes); "
                    + "add 'online' to protocols");
        }
        if (new LinkedHashSet<>(protocols).size() != protocols.size()) {
            throw new IllegalArgumentException("protocols repeat: " + protocols);
        }
        long previous = 0;
        for (long size : sizes) {
            if (size <= previous) {
                throw new IllegalArgumentException("sizes must be positive and strictly increasing: " + sizes);
            }
            previous = size;
        }
        if (sizes.get(sizes.size() - 1) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("sizes above 2^31 bytes are not supported: " + sizes.get(sizes.size() - 1));
        }
        if (!(bitsPerParameter >= 0) || Double.isInfinite(bitsPerParameter)) {
            throw new IllegalArgumentException("bitsPerParameter must be finite and >= 0: " + bitsPerParameter);
        }
        if (randomSamples < 0) {
            throw new IllegalArgumentException("search samples must be >= 0: " + randomSamples);
        }
        if (seeds.size() > 1) {
            boolean seeded = corpora.stream().anyMatch(c -> c.contains("{seed}"))
                    || models.stream().anyMatch(m -> m.spec().contains("{seed}"));
            if (!seeded) {
                throw new IllegalArgumentException("seeds " + seeds + " are given but no corpus or spec template "
                        + "uses {seed}: every seed would measure the same thing");
            }
        }
        for (String corpus : corpora) {
            Set<String> used = placeholders(corpus);
            used.remove("seed");
            if (!used.isEmpty()) {
                throw new IllegalArgumentException("corpus '" + corpus + "' uses " + used + "; only {seed} is allowed");
            }
            // A typo in a shuffle modifier should stop the sweep before any cell runs.
            for (long seed : seeds) {
                String resolved = substitute(corpus, Map.of("seed", Long.toString(seed)));
                if (DocumentShuffle.isShuffled(resolved)) {
                    DocumentShuffle.parse(resolved);
                }
            }
        }
    }

    private static <T> List<T> nonEmpty(List<T> list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("the sweep needs at least one entry in '" + what + "'");
        }
        return list;
    }

    /** Placeholders {@code {name}} of a template. */
    static Set<String> placeholders(String template) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Substitutes {@code {name}} placeholders. */
    static String substitute(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + m.group(1) + "} in '" + template + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Geometric sizes from {@code from} to {@code to} (both included when {@code to} lies on the
     * grid), {@code perDecade} points per factor of ten, each rounded to a whole byte.
     */
    public static List<Long> geometric(long from, long to, int perDecade) {
        if (from <= 0 || to < from || perDecade < 1) {
            throw new IllegalArgumentException("bad geometric sizes from=" + from + " to=" + to + " perDecade=" + perDecade);
        }
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; ; i++) {
            double value = from * Math.pow(10, i / (double) perDecade);
            long size = Math.round(value);
            if (size > to * (1 + 1e-9)) {
                break;
            }
            if (sizes.isEmpty() || size > sizes.get(sizes.size() - 1)) {
                sizes.add(size);
            }
        }
        return sizes;
    }

    /** Parses a byte count such as {@code 10000}, {@code 1e6} or {@code 2.5e7}. */
    static long parseBytes(String text) {
        String t = text.strip().replace("_", "");
        try {
            if (t.matches("\\d+")) {
                return Long.parseLong(t);
            }
            double value = Double.parseDouble(t);
            if (value != Math.rint(value) || value < 0) {
                throw new IllegalArgumentException("byte count " + text + " is not a whole non-negative number");
            }
            return (long) value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a byte count: '" + text + "'");
        }
    }

    /**
     * Parses sizes written as a list ({@code 1e4,1e5,1e6}) or a geometric range
     * {@code FROM..TO[/PER_DECADE]} (default 1 per decade), as the {@code --sizes} flag takes them.
     */
    public static List<Long> parseSizes(String text) {
        String t = text.strip();
        int range = t.indexOf("..");
        if (range >= 0) {
            String rest = t.substring(range + 2);
            int slash = rest.indexOf('/');
            int perDecade = slash < 0 ? 1 : Integer.parseInt(rest.substring(slash + 1).strip());
            String to = slash < 0 ? rest : rest.substring(0, slash);
            return geometric(parseBytes(t.substring(0, range)), parseBytes(to), perDecade);
        }
        List<Long> sizes = new ArrayList<>();
        for (String part : t.split(",")) {
            sizes.add(parseBytes(part));
        }
        return sizes;
    }

    // ---------------------------------------------------------------- reading and writing

    /** Reads a config from a {@code .yaml}/{@code .yml} or {@code .json} file. */
    public static SweepConfig load(Path file) throws IOException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        JsonNode root;
        try {
            root = SweepFile.mapperFor(yaml).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Builds a config from its JSON tree (as written by {@link #toJson()}). */
    public static SweepConfig fromJson(JsonNode root) {
        SweepFile file = SweepFile.bind(root);
        List<ModelGrid> models = new ArrayList<>();
        if (file.models() != null) {
            for (SweepFile.Model model : file.models()) {
                List<CapacityPolicy> capacity = new ArrayList<>();
                if (model.capacity() != null) {
                    model.capacity().forEach((knob, c) -> capacity.add(new CapacityPolicy(knob, c.ratio(), c.min(), c.max(),
                            c.exponent() == null ? 1 : c.exponent(), c.pow2() != null && c.pow2())));
                }
                models.add(new ModelGrid(model.family(), model.spec(), model.knobs(), capacity,
                        model.maxBytes() == null ? Long.MAX_VALUE : model.maxBytes()));
            }
        }
        int samples = 0;
        long searchSeed = 1;
        SweepFile.Search search = file.search();
        if (search != null) {
            String mode = search.mode() == null ? "grid" : search.mode();
            if (mode.equals("random")) {
                samples = search.samples() == null ? 0 : search.samples();
                if (samples <= 0) {
                    throw new IllegalArgumentException("random search needs samples > 0");
                }
                searchSeed = search.seed() == null ? 1 : search.seed();
            } else if (!mode.equals("grid")) {
                throw new IllegalArgumentException("unknown search mode '" + mode + "' (grid, random)");
            }
        }
        List<String> protocols = file.protocols() == null || file.protocols().isEmpty()
                ? List.of(ONLINE) : file.protocols();
        return new SweepConfig(file.name(), file.corpora(), protocols, models, file.sizes(),
                file.testBytes() == null ? List.of(1_000_000L) : file.testBytes(),
                file.seeds() == null ? List.of() : file.seeds(),
                file.bitsPerParameter() == null ? 16.0 : file.bitsPerParameter(), samples, searchSeed,
                file.baselines() == null ? List.of() : file.baselines(),
                file.pretraining() == null ? null : file.pretraining().resolve());
    }

    /** The canonical JSON form; {@link #fromJson} reads it back to an equal config. */
    public ObjectNode toJson() {
        List<SweepFile.Model> grids = new ArrayList<>();
        for (ModelGrid model : models) {
            Map<String, SweepFile.Capacity> capacity = new LinkedHashMap<>();
            model.capacity().forEach(p -> capacity.put(p.knob(), new SweepFile.Capacity(p.ratio(), p.min(), p.max(),
                    p.exponent() == 1 ? null : p.exponent(), p.pow2() ? Boolean.TRUE : null)));
            grids.add(new SweepFile.Model(model.family(), model.spec(), model.knobs(), capacity,
                    model.maxBytes() == Long.MAX_VALUE ? null : model.maxBytes()));
        }
        SweepFile.Search search = randomSamples > 0
                ? new SweepFile.Search("random", randomSamples, randomSeed) : new SweepFile.Search("grid", null, null);
        return new SweepFile(name, null, corpora, protocols, grids, sizes, testBytes, seeds, bitsPerParameter, search,
                baselines.isEmpty() ? null : baselines,
                pretraining == null ? null : SweepFile.Training.of(pretraining)).toTree();
    }
}

package io.bitscale.scaling.sweep;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sweep config file as Jackson binds it (YAML or JSON): the file's shape, with the few
 * polymorphic spots a person writes by hand — a model as a bare spec or a grid, sizes as a list,
 * a range string or {@code {from, to, perDecade}}, byte counts as {@code 1e6} — read by small
 * deserializers. {@link SweepConfig} validates the meaning; this class only maps the text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SweepFile(
        String name,
        String description,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> corpora,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> protocols,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Model> models,
        @JsonDeserialize(using = SizesDeserializer.class) List<Long> sizes,
        @JsonDeserialize(using = SizesDeserializer.class) List<Long> testBytes,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @JsonDeserialize(contentUsing = ScalarLongDeserializer.class) List<Long> seeds,
        Double bitsPerParameter,
        Search search,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> baselines,
        Training pretraining) {

    /** The file without a {@code pretraining} block. */
    SweepFile(String name, String description, List<String> corpora, List<String> protocols, List<Model> models,
              List<Long> sizes, List<Long> testBytes, List<Long> seeds, Double bitsPerParameter, Search search,
              List<String> baselines) {
        this(name, description, corpora, protocols, models, sizes, testBytes, seeds, bitsPerParameter, search, baselines,
                null);
    }

    /**
     * The {@code pretraining} block as written: each key optional, an absent one taking
     * {@link Pretraining#DEFAULTS}' value (see {@link Pretraining} for the meaning).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Training(Integer contextBytes, Integer batchSequences, Long warmupSteps, Double validationFraction,
                    Long maxValidationBytes, Long evaluateEveryBytes, Integer patience, Integer chunkBytes, Long seed) {

        /** The options, defaults filled in. */
        Pretraining resolve() {
            Pretraining d = Pretraining.DEFAULTS;
            return new Pretraining(or(contextBytes, d.contextBytes()), or(batchSequences, d.batchSequences()),
                    or(warmupSteps, d.warmupSteps()), or(validationFraction, d.validationFraction()),
                    or(maxValidationBytes, d.maxValidationBytes()), or(evaluateEveryBytes, d.evaluateEveryBytes()),
                    or(patience, d.patience()), or(chunkBytes, d.chunkBytes()), or(seed, d.seed()));
        }

        /** Every key written out. */
        static Training of(Pretraining p) {
            return new Training(p.contextBytes(), p.batchSequences(), p.warmupSteps(), p.validationFraction(),
                    p.maxValidationBytes(), p.evaluateEveryBytes(), p.patience(), p.chunkBytes(), p.seed());
        }

        private static <T> T or(T value, T fallback) {
            return value == null ? fallback : value;
        }
    }

    /**
     * One model grid; in a file either a bare spec string or a mapping.
     *
     * @param family   a label grouping specs into one curve
     * @param spec     a spec template
     * @param knobs    knob name to values (numbers or words, kept as the text they stand for)
     * @param capacity knob name to its growth policy, for specs that write {@code KNOB=auto}
     * @param maxBytes the largest D measured for this grid (a slow model stops earlier), or null
     */
    @JsonDeserialize(using = ModelDeserializer.class)
    record Model(String family, String spec,
                 @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, List<String>> knobs,
                 @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Capacity> capacity,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Long maxBytes) {
    }

    /**
     * A growth policy as written: {@code {ratio: 1, min: 16, max: 28}}, optionally with
     * {@code exponent} and {@code pow2} (see {@link CapacityPolicy}).
     *
     * @param ratio    table bytes per data byte
     * @param min      smallest value
     * @param max      largest value
     * @param exponent the power of D (null: 1)
     * @param pow2     whether the spec gets 2^value (null: false)
     */
    record Capacity(double ratio, int min, int max,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double exponent,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean pow2) {
    }

    /**
     * How knob combinations are chosen.
     *
     * @param mode    {@code grid} (every combination) or {@code random}
     * @param samples combinations drawn per model grid (random only)
     * @param seed    seed of the draw (random only)
     */
    record Search(String mode, Integer samples, Long seed) {
    }

    private static final ObjectMapper JSON = mapper(new ObjectMapper());
    private static final ObjectMapper YAML = mapper(new ObjectMapper(new YAMLFactory()));

    private static ObjectMapper mapper(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The mapper for a file name ({@code .yaml}/{@code .yml}, else JSON). */
    static ObjectMapper mapperFor(boolean yaml) {
        return yaml ? YAML : JSON;
    }

    /**
     * Binds a tree, turning Jackson's messages into the config's own.
     *
     * @throws IllegalArgumentException naming the unknown key or the value that did not fit
     */
    static SweepFile bind(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a sweep config is a mapping with keys corpora, protocols, models, sizes, ...");
        }
        try {
            return JSON.treeToValue(root, SweepFile.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = new ArrayList<>();
            e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            String where = e.getReferringClass() == Model.class ? " in a model grid" : e.getReferringClass() == Search.class
                    ? " in 'search'" : e.getReferringClass() == Training.class ? " in 'pretraining'" : "";
            throw new IllegalArgumentException("unknown key '" + e.getPropertyName() + "'" + where + " (known: "
                    + new TreeSet<>(known) + ")", e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException(message, e);
        }
    }

    /** The canonical tree of this file. */
    ObjectNode toTree() {
        return JSON.valueToTree(this);
    }

    /**
     * A number or a word as the text it stands for: whole numbers without a fraction
     * ({@code 16}, {@code 1e4} written as a float), other numbers as Java prints them.
     */
    static String scalar(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Long.toString(parser.getLongValue());
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            return value == Math.rint(value) && Math.abs(value) < 1e18 ? Long.toString((long) value) : Double.toString(value);
        }
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return parser.getText();
        }
        throw new IllegalArgumentException("expected a number or word, got " + parser.readValueAsTree());
    }

    /** A model grid: a bare spec, or {@code {family, spec, knobs}}. */
    static final class ModelDeserializer extends JsonDeserializer<Model> {
        @Override
        public Model deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return new Model(null, parser.getText(), Map.of(), Map.of(), null);
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a model is a spec or a mapping {family, spec, knobs}");
            }
            String family = null;
            String spec = null;
            Map<String, List<String>> knobs = new LinkedHashMap<>();
            Map<String, Capacity> capacity = new LinkedHashMap<>();
            Long maxBytes = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String key = parser.currentName();
                parser.nextToken();
                switch (key) {
                    case "family" -> family = parser.currentToken() == JsonToken.VALUE_NULL ? null : parser.getText();
                    case "spec" -> spec = parser.getText();
                    case "knobs" -> {
                        if (parser.currentToken() != JsonToken.START_OBJECT) {
                            throw new IllegalArgumentException("'knobs' must be a mapping of knob to values");
                        }
                        for (JsonToken knob = parser.nextToken(); knob == JsonToken.FIELD_NAME; knob = parser.nextToken()) {
                            String name = parser.currentName();
                            parser.nextToken();
                            List<String> values = new ArrayList<>();
                            if (parser.currentToken() == JsonToken.START_ARRAY) {
                                while (parser.nextToken() != JsonToken.END_ARRAY) {
                                    values.add(scalar(parser));
                                }
                            } else {
                                values.add(scalar(parser));
                            }
                            knobs.put(name, values);
                        }
                    }
                    case "capacity" -> {
                        if (parser.currentToken() != JsonToken.START_OBJECT) {
                            throw new IllegalArgumentException("'capacity' must be a mapping of knob to "
                                    + "{ratio, min, max}, e.g. {bits: {ratio: 1, min: 16, max: 28}}");
                        }
                        for (JsonToken knob = parser.nextToken(); knob == JsonToken.FIELD_NAME; knob = parser.nextToken()) {
                            String name = parser.currentName();
                            parser.nextToken();
                            capacity.put(name, capacity(parser, name));
                        }
                    }
                    case "maxBytes" -> maxBytes = SweepConfig.parseBytes(scalar(parser));
                    default -> throw UnrecognizedPropertyException.from(parser, Model.class, key,
                            List.of("family", "spec", "knobs", "capacity", "maxBytes"));
                }
            }
            return new Model(family, spec, knobs, capacity, maxBytes);
        }

        private static Capacity capacity(JsonParser parser, String knob) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("capacity of '" + knob + "' must be {ratio, min, max}");
            }
            Double ratio = null;
            Integer min = null;
            Integer max = null;
            Double exponent = null;
            Boolean pow2 = null;
            for (JsonToken field = parser.nextToken(); field == JsonToken.FIELD_NAME; field = parser.nextToken()) {
                String key = parser.currentName();
                parser.nextToken();
                switch (key) {
                    case "ratio" -> ratio = parser.getDoubleValue();
                    case "min" -> min = parser.getIntValue();
                    case "max" -> max = parser.getIntValue();
                    case "exponent" -> exponent = parser.getDoubleValue();
                    case "pow2" -> pow2 = parser.getBooleanValue();
                    default -> throw new IllegalArgumentException("unknown key '" + key + "' in the capacity of '"
                            + knob + "' (ratio, min, max, exponent, pow2)");
                }
            }
            if (ratio == null || min == null || max == null) {
                throw new IllegalArgumentException("capacity of '" + knob + "' needs ratio, min and max");
            }
            return new Capacity(ratio, min, max, exponent, pow2);
        }
    }

    /** Sizes: a list of byte counts, a range string {@code FROM..TO[/PER_DECADE]}, or {@code {from, to, perDecade}}. */
    static final class SizesDeserializer extends JsonDeserializer<List<Long>> {
        @Override
        public List<Long> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return SweepConfig.parseSizes(parser.getText());
            }
            if (token == JsonToken.START_OBJECT) {
                String from = null;
                String to = null;
                int perDecade = 1;
                for (JsonToken field = parser.nextToken(); field == JsonToken.FIELD_NAME; field = parser.nextToken()) {
                    String key = parser.currentName();
                    parser.nextToken();
                    switch (key) {
                        case "from" -> from = scalar(parser);
                        case "to" -> to = scalar(parser);
                        case "perDecade" -> perDecade = parser.getIntValue();
                        default -> throw new IllegalArgumentException("unknown key '" + key
                                + "' in 'sizes' (from, to, perDecade)");
                    }
                }
                if (from == null || to == null) {
                    throw new IllegalArgumentException("missing '" + (from == null ? "from" : "to") + "' in 'sizes'");
                }
                return SweepConfig.geometric(SweepConfig.parseBytes(from), SweepConfig.parseBytes(to), perDecade);
            }
            List<Long> sizes = new ArrayList<>();
            if (token == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    sizes.add(SweepConfig.parseBytes(scalar(parser)));
                }
            } else {
                sizes.add(SweepConfig.parseBytes(scalar(parser)));
            }
            return sizes;
        }
    }

    /** A whole number written as a number or a string. */
    static final class ScalarLongDeserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = scalar(parser);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number: '" + text + "'");
            }
        }
    }
}

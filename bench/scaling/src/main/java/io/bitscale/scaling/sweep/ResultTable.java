package io.bitscale.scaling.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.bitscale.core.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and writes result tables: JSON Lines (one {@link ResultRow} object per line, the log a
 * sweep appends to) and tidy CSV (header = {@link ResultRow#COLUMNS}, RFC 4180 quoting, empty
 * numeric field = null; read and written with jackson-dataformat-csv). Writes are atomic
 * ({@link AtomicFile}).
 */
public final class ResultTable {

    /** File names inside a sweep's output directory. */
    public static final String JSONL = "results.jsonl";
    /** The tidy CSV beside {@link #JSONL}. */
    public static final String CSV = "results.csv";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * CSV through jackson-dataformat-csv: an empty field is null for the optional numeric
     * columns and the empty string for text columns.
     */
    private static final CsvMapper CSV_MAPPER = csvMapper();
    private static final CsvSchema CSV_SCHEMA = CSV_MAPPER.schemaFor(ResultRow.class);

    private static CsvMapper csvMapper() {
        CsvMapper mapper = new CsvMapper();
        // Quote only fields that need it (commas, quotes, line breaks), as RFC 4180 writers do.
        mapper.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
        return mapper;
    }

    private ResultTable() {
    }

    /** One row as a JSON line (no newline). */
    public static String toJsonLine(ResultRow row) {
        try {
            return MAPPER.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result row always serializes", e);
        }
    }

    /** Parses one JSON line. */
    public static ResultRow fromJsonLine(String line) throws JsonProcessingException {
        return MAPPER.readValue(line, ResultRow.class);
    }

    /**
     * Reads rows from a {@code .jsonl} or {@code .csv} file, or from a directory holding
     * {@value #JSONL} (or else {@value #CSV}).
     */
    public static List<ResultRow> read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path jsonl = path.resolve(JSONL);
            path = Files.exists(jsonl) ? jsonl : path.resolve(CSV);
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".csv")) {
            return readCsv(path);
        }
        List<ResultRow> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(fromJsonLine(line));
            } catch (JsonProcessingException e) {
                throw new IOException(path + ":" + lineNo + ": not a result row: " + e.getOriginalMessage(), e);
            }
        }
        return rows;
    }

    /** Reads every path and returns the rows, de-duplicated by cell id (first wins) and sorted. */
    public static List<ResultRow> merge(List<Path> paths, Consumer<String> warnings) throws IOException {
        Map<String, ResultRow> byId = new LinkedHashMap<>();
        Map<String, Path> origin = new LinkedHashMap<>();
        for (Path path : paths) {
            for (ResultRow row : read(path)) {
                ResultRow previous = byId.putIfAbsent(row.cellId(), row);
                if (previous == null) {
                    origin.put(row.cellId(), path);
                } else if (!sameMeasurement(previous, row)) {
                    warnings.accept("cell " + row.cellId() + " (" + row.spec() + " D=" + row.trainBytes()
                            + ") differs between " + origin.get(row.cellId()) + " (bpb " + previous.bpb() + ") and "
                            + path + " (bpb " + row.bpb() + "); keeping the first");
                }
            }
        }
        List<ResultRow> rows = new ArrayList<>(byId.values());
        rows.sort(ResultRow.ORDER);
        return rows;
    }

    /**
     * True if two rows agree on everything but timing and provenance columns. The payload size
     * must match exactly; {@code idealBpb}, a floating-point sum of 8·D terms, to 1e-7 relative:
     * logs written before the sum was made independent of chunk boundaries differ from today's
     * by up to about 1e-9 (measured at D = 10^8); a different model differs by far more.
     */
    static boolean sameMeasurement(ResultRow a, ResultRow b) {
        return a.compressedBytes() == b.compressedBytes() && a.sha256().equals(b.sha256())
                && a.spec().equals(b.spec())
                && Math.abs(a.idealBpb() - b.idealBpb()) <= 1e-7 * Math.max(Math.abs(a.idealBpb()), 1.0);
    }

    /** Writes rows as JSON Lines, atomically. */
    public static void writeJsonl(List<ResultRow> rows, Path target) throws IOException {
        StringBuilder text = new StringBuilder();
        for (ResultRow row : rows) {
            text.append(toJsonLine(row)).append('\n');
        }
        write(target, text.toString());
    }

    /** Writes rows as tidy CSV (RFC 4180 quoting, null as an empty field), atomically. */
    public static void writeCsv(List<ResultRow> rows, Path target) throws IOException {
        write(target, CSV_MAPPER.writer(CSV_SCHEMA.withHeader()).writeValueAsString(rows));
    }

    static List<ResultRow> readCsv(Path path) throws IOException {
        try (MappingIterator<ResultRow> records = CSV_MAPPER.readerFor(ResultRow.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(path.toFile())) {
            List<ResultRow> rows = new ArrayList<>();
            while (records.hasNextValue()) {
                rows.add(records.nextValue());
            }
            return rows;
        } catch (JsonProcessingException e) {
            throw new IOException(path + ": " + e.getOriginalMessage(), e);
        }
    }

    private static void write(Path target, String text) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicFile.writeString(target, text);
    }
}

package io.bitscale.scaling.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and writes result tables: JSON Lines (one {@link ResultRow} object per line, the log a
 * sweep appends to) and tidy CSV (header = {@link ResultRow#COLUMNS}, RFC 4180 quoting, empty
 * field = null). Writes are atomic: a temporary file beside the target is moved over it.
 */
public final class ResultTable {

    /** File names inside a sweep's output directory. */
    public static final String JSONL = "results.jsonl";
    /** The tidy CSV beside {@link #JSONL}. */
    public static final String CSV = "results.csv";

    /** Columns of type String: an empty CSV field is the empty string there, null elsewhere. */
    private static final java.util.Set<String> TEXT_COLUMNS = java.util.Arrays.stream(ResultRow.class.getRecordComponents())
            .filter(c -> c.getType() == String.class).map(java.lang.reflect.RecordComponent::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
        writeAtomically(target, out -> {
            for (ResultRow row : rows) {
                out.write(toJsonLine(row));
                out.write('\n');
            }
        });
    }

    /** Writes rows as tidy CSV, atomically. */
    public static void writeCsv(List<ResultRow> rows, Path target) throws IOException {
        writeAtomically(target, out -> {
            out.write(String.join(",", ResultRow.COLUMNS));
            out.write('\n');
            for (ResultRow row : rows) {
                JsonNode node = MAPPER.valueToTree(row);
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < ResultRow.COLUMNS.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    JsonNode value = node.get(ResultRow.COLUMNS.get(i));
                    if (value != null && !value.isNull()) {
                        line.append(quote(value.asText()));
                    }
                }
                out.write(line.append('\n').toString());
            }
        });
    }

    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static List<ResultRow> readCsv(Path path) throws IOException {
        List<List<String>> records = parseCsv(Files.readString(path, StandardCharsets.UTF_8));
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> header = records.get(0);
        List<ResultRow> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue;
            }
            if (fields.size() != header.size()) {
                throw new IOException(path + ": record " + r + " has " + fields.size() + " fields, header has " + header.size());
            }
            ObjectNode node = MAPPER.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                if (!fields.get(i).isEmpty() || TEXT_COLUMNS.contains(header.get(i))) {
                    node.put(header.get(i), fields.get(i));
                } else {
                    node.putNull(header.get(i));
                }
            }
            try {
                rows.add(MAPPER.treeToValue(node, ResultRow.class));
            } catch (JsonProcessingException e) {
                throw new IOException(path + ": record " + r + ": " + e.getOriginalMessage(), e);
            }
        }
        return rows;
    }

    /** RFC 4180 fields; quoted fields may hold commas, quotes ("") and newlines. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    /** Something that writes text. */
    @FunctionalInterface
    interface WriterBody {
        void write(Writer out) throws IOException;
    }

    /** Writes to a temporary file beside the target, then moves it over the target. */
    static void writeAtomically(Path target, WriterBody body) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
        try {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                body.write(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}

package io.bitscale.scaling.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The append-only log of finished cells ({@value ResultTable#JSONL}) that makes sweeps
 * resumable. Each row is appended as one complete line in a single write and forced to disk
 * before the next cell is reported, so a killed sweep loses at most the cells still running.
 * On open, a torn last line (a write cut short by the kill) is cut off with a warning; any other
 * unreadable line is an error, because silently dropping it would silently recompute or lose a
 * measurement.
 *
 * <p>One process per log: shards on different machines each write their own directory and are
 * combined with {@code bitscale merge}. Thread-safe within a process.
 */
public final class ResultLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final Map<String, ResultRow> rows = new LinkedHashMap<>();

    private ResultLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating if needed) the log in {@code directory}, reading the rows already there. */
    public static ResultLog open(Path directory, Consumer<String> warnings) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(ResultTable.JSONL);
        List<ResultRow> existing = new ArrayList<>();
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int start = 0;
            int lineNo = 0;
            long goodLength = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                lineNo++;
                String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
                boolean terminated = end < bytes.length;
                if (!line.isBlank()) {
                    try {
                        existing.add(ResultTable.fromJsonLine(line));
                    } catch (JsonProcessingException e) {
                        if (terminated) {
                            throw new IOException(file + ":" + lineNo + ": not a result row (" + e.getOriginalMessage()
                                    + "); fix or remove the line, then resume", e);
                        }
                        warnings.accept(file + ": dropping a torn last line (" + line.length()
                                + " characters) left by an interrupted run; that cell will be recomputed");
                        break;
                    }
                }
                if (!terminated) {
                    // A complete row without its newline: keep it, and finish the line.
                    goodLength = bytes.length;
                    break;
                }
                start = end + 1;
                goodLength = start;
            }
            if (goodLength < bytes.length) {
                try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    truncate.truncate(goodLength);
                }
            } else if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                Files.write(file, new byte[] {'\n'}, StandardOpenOption.APPEND);
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        ResultLog log = new ResultLog(file, channel);
        for (ResultRow row : existing) {
            log.rows.putIfAbsent(row.cellId(), row);
        }
        return log;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** True if the cell with this id is already in the log. */
    public synchronized boolean contains(String cellId) {
        return rows.containsKey(cellId);
    }

    /** All rows, in the order they were logged. */
    public synchronized List<ResultRow> rows() {
        return new ArrayList<>(rows.values());
    }

    /** Appends one row as a single line and forces it to disk. */
    public synchronized void append(ResultRow row) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((ResultTable.toJsonLine(row) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
        rows.put(row.cellId(), row);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}

package io.bitscale.scaling.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs the cells of a plan (or of one shard of it) on a pool of threads, appending each finished
 * cell to the directory's {@link ResultLog} at once and skipping cells already there, so an
 * interrupted sweep resumes where it stopped. At the end it rewrites {@value ResultTable#CSV}
 * from the whole log and {@value #SWEEP_JSON} with the config and provenance.
 *
 * <pre>{@code
 * Provenance provenance = new Provenance("OpenJDK 17", "abc1234");
 * SweepRunner runner = new SweepRunner(new CellRunner(ScaleModels.registry(), corpora, false, provenance),
 *         2, SweepRunner.Listener.NONE, System.err::println);
 * SweepRunner.Summary summary = runner.run(SweepPlan.of(config), Shard.ALL, Path.of("runs/enwiki"), null);
 * }</pre>
 *
 * <p>By default the cells of an online series (same corpus, spec and seed, different D) run as
 * one pass over the largest D ({@link CellRunner#runSeries}), which gives the same rows for less
 * work; other cells run alone. Tasks are started largest first, which keeps the pool busy to the
 * end. A failed cell is reported and left out of the log (a rerun retries it); the others go on.
 */
public final class SweepRunner {

    /** The config and provenance file written beside the results. */
    public static final String SWEEP_JSON = "sweep.json";

    /** Hears about cells as they finish; called from worker threads, one call at a time. */
    public interface Listener {
        /** Ignores everything. */
        Listener NONE = new Listener() { };

        /** A cell finished and its row is in the log. */
        default void finished(Cell cell, ResultRow row, Progress progress) {
        }

        /** A cell failed; it is not in the log. */
        default void failed(Cell cell, Throwable error, Progress progress) {
        }

        /** Periodic progress (at most a few times a second, from a worker thread). */
        default void progress(Progress progress) {
        }
    }

    /**
     * Where a run stands.
     *
     * @param done      cells finished in this run
     * @param failed    cells failed in this run
     * @param skipped   cells found in the log and not recomputed
     * @param total     cells of this run (excluding skipped)
     * @param workDone  bytes processed by models so far
     * @param workTotal bytes to process in all
     * @param seconds   wall time since the run started
     */
    public record Progress(int done, int failed, int skipped, int total, long workDone, long workTotal,
                           double seconds) {
        /** Estimated seconds left, from the bytes processed so far; NaN before any. */
        public double etaSeconds() {
            return workDone == 0 ? Double.NaN : seconds * (workTotal - workDone) / workDone;
        }
    }

    /**
     * The outcome of a run.
     *
     * @param computed  cells measured in this run
     * @param skipped   cells already in the log
     * @param failed    cells that failed (with their errors in the warnings)
     * @param cancelled true if the run was cancelled before every cell finished
     * @param rows      every row in the log afterwards, in table order
     */
    public record Summary(int computed, int skipped, int failed, boolean cancelled, List<ResultRow> rows) {
    }

    private final CellRunner cells;
    private final int jobs;
    private final Listener listener;
    private final Consumer<String> warnings;
    private final boolean onePassSeries;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /**
     * A runner that measures each online series (cells differing only in D) in one pass.
     *
     * @param cells    measures one cell
     * @param jobs     worker threads
     * @param listener hears about progress
     * @param warnings receives one-line warnings and cell failures
     */
    public SweepRunner(CellRunner cells, int jobs, Listener listener, Consumer<String> warnings) {
        this(cells, jobs, listener, warnings, true);
    }

    /**
     * @param onePassSeries measure the unfinished cells of each online series in one pass
     *                      ({@link CellRunner#runSeries}: the same rows, less work) rather than
     *                      one run per cell (whose {@code seconds} are each cell's own)
     */
    public SweepRunner(CellRunner cells, int jobs, Listener listener, Consumer<String> warnings,
                       boolean onePassSeries) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1: " + jobs);
        }
        this.cells = cells;
        this.jobs = jobs;
        this.listener = listener;
        this.warnings = warnings;
        this.onePassSeries = onePassSeries;
    }

    /** Asks the run to stop: running cells are abandoned at their next chunk, none are started. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Runs a shard of a plan into {@code directory}, skipping cells already in its log.
     *
     * @param provenance extra provenance for {@value #SWEEP_JSON}, or null
     */
    public Summary run(SweepPlan plan, Shard shard, Path directory, ObjectNode provenance) throws IOException {
        try (ResultLog log = ResultLog.open(directory, warnings)) {
            writeSweepJson(plan, shard, directory, provenance);
            List<Cell> unfinished = new ArrayList<>();
            int skipped = 0;
            for (Cell cell : plan.cells(shard)) {
                if (log.contains(cell.id())) {
                    skipped++;
                } else {
                    unfinished.add(cell);
                }
            }
            List<List<Cell>> tasks = tasks(unfinished);
            long workTotal = 0;
            for (List<Cell> task : tasks) {
                workTotal += work(task) * verifyFactor();
            }
            RunState state = new RunState(unfinished.size(), skipped, workTotal);
            ExecutorService pool = Executors.newFixedThreadPool(jobs, runnable -> {
                Thread thread = new Thread(runnable, "bitscale-sweep");
                thread.setDaemon(true);
                return thread;
            });
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (List<Cell> task : tasks) {
                    futures.add(pool.submit(() -> runTask(task, log, state)));
                }
                for (Future<?> future : futures) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("a sweep worker failed", e.getCause());
                    } catch (CancellationException e) {
                        // cancelled below
                    }
                }
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
            } finally {
                pool.shutdownNow();
            }
            List<ResultRow> rows = log.rows();
            rows.sort(ResultRow.ORDER);
            ResultTable.writeCsv(rows, directory.resolve(ResultTable.CSV));
            boolean wasCancelled = cancelled.get() && state.done.get() + state.failed.get() < unfinished.size();
            return new Summary(state.done.get(), skipped, state.failed.get(), wasCancelled, rows);
        }
    }

    private int verifyFactor() {
        return cells.verifies() ? 2 : 1;
    }

    /**
     * The units of work: each online series as one task when {@link #onePassSeries}, every other
     * cell alone; largest work first, which keeps the pool busy to the end.
     */
    private List<List<Cell>> tasks(List<Cell> unfinished) {
        Map<List<Object>, List<Cell>> series = new LinkedHashMap<>();
        for (Cell cell : unfinished) {
            List<Object> key = onePassSeries ? CellRunner.seriesKey(cell) : List.of(cell.id());
            series.computeIfAbsent(key, k -> new ArrayList<>()).add(cell);
        }
        List<List<Cell>> tasks = new ArrayList<>(series.values());
        tasks.sort(Comparator.comparingLong(SweepRunner::work).reversed()
                .thenComparingInt(task -> task.get(0).index()));
        return tasks;
    }

    /** Bytes a task's model processes: a series codes up to its largest D once. */
    private static long work(List<Cell> task) {
        return task.stream().mapToLong(Cell::workBytes).max().orElse(0);
    }

    private void runTask(List<Cell> task, ResultLog log, RunState state) {
        if (cancelled.get()) {
            return;
        }
        Set<Cell> logged = new HashSet<>();
        BiConsumer<Cell, ResultRow> finished = (cell, row) -> {
            synchronized (state) {
                // A finished measurement is kept even when the run is being cancelled.
                try {
                    log.append(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                logged.add(cell);
                state.done.incrementAndGet();
                listener.finished(cell, row, state.snapshot());
            }
        };
        try {
            if (task.size() == 1) {
                finished.accept(task.get(0), cells.run(task.get(0), n -> state.advance(n, listener), cancelled::get));
            } else {
                cells.runSeries(task, finished, n -> state.advance(n, listener), cancelled::get);
            }
        } catch (CancellationException e) {
            // the run is stopping; the cells not reached are simply not logged
        } catch (Throwable e) {
            if (cancelled.get()) {
                return;
            }
            synchronized (state) {
                for (Cell cell : task) {
                    if (!logged.contains(cell)) {
                        state.failed.incrementAndGet();
                        warnings.accept("cell " + cell.id() + " (" + cell.label() + ") failed: " + e);
                        listener.failed(cell, e, state.snapshot());
                    }
                }
            }
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        }
    }

    private static void writeSweepJson(SweepPlan plan, Shard shard, Path directory, ObjectNode provenance)
            throws IOException {
        ObjectMapper mapper = ResultTable.MAPPER;
        ObjectNode root = mapper.createObjectNode();
        root.set("config", plan.config().toJson());
        root.put("shard", shard.toString());
        root.put("cells", plan.cells(shard).size());
        if (provenance != null) {
            root.set("provenance", provenance);
        }
        String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        io.bitscale.core.io.AtomicFile.writeString(directory.resolve(SWEEP_JSON), text + "\n");
    }

    /** Counters shared by the workers. */
    private static final class RunState {
        final int total;
        final int skipped;
        final long workTotal;
        final long start = System.nanoTime();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong workDone = new AtomicLong();
        final AtomicLong lastReport = new AtomicLong();

        RunState(int total, int skipped, long workTotal) {
            this.total = total;
            this.skipped = skipped;
            this.workTotal = workTotal;
        }

        void advance(long bytes, Listener listener) {
            workDone.addAndGet(bytes);
            long now = System.nanoTime();
            long last = lastReport.get();
            if (now - last > 200_000_000L && lastReport.compareAndSet(last, now)) {
                synchronized (this) {
                    listener.progress(snapshot());
                }
            }
        }

        Progress snapshot() {
            return new Progress(done.get(), failed.get(), skipped, total, Math.min(workDone.get(), workTotal), workTotal,
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
